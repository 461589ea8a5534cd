// A learner's journey in a real browser (Debian's Chromium through
// playwright-core) on the demo catalogue: open the demo course
// "Introduction to C", read two chapters, pass a quiz, get the certificate
// as a granted subscriber (CERT-1), open its public verification page,
// download the PDF and check it has one page and the learner's name
// (pdfinfo, pdftotext). The course's other exercises (the second quiz and
// the peer-reviewed homework, CRS-1) are done beforehand through the API by
// the learner and three reviewers, so that the browser covers the learner's
// own path. Screenshots go to test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, newPage, signIn } from '../lib/browser.mjs';
import { startCampus, CAMPUS_BIN, ROOT } from '../lib/server.mjs';
import { signupAndVerify, apiToken } from '../lib/fixtures.mjs';
import { pdfTool } from '../lib/pdf.mjs';

const OUT = join(ROOT, 'test-results');
const COURSE = 'intro-to-c';
const NAME = 'Grace Brewster Hopper';

let srv;
let browser;
before(async () => {
  mkdirSync(OUT, { recursive: true });
  srv = await startCampus(); // campus init --demo: demo accounts and the demo catalogue
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

function campus(args) {
  const r = spawnSync(CAMPUS_BIN, [...args, '--data', srv.dataDir, ...(srv.dbUrl ? ['--db', srv.dbUrl] : [])], { encoding: 'utf8', cwd: ROOT, timeout: 60000 });
  assert.equal(r.status, 0, `campus ${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
}

async function subscriber(name) {
  const u = await signupAndVerify(srv, { name });
  campus(['premium', 'grant', u.email, '--reason', 'learning journey test']);
  return { ...u, api: await apiToken(srv, u.email, u.password) };
}

/* Everything but the quiz taken in the browser: the second quiz passed, the
 * homework submitted and reviewed in full by three other subscribers. */
async function prepare(learner) {
  const quiz = await learner.api.api('POST', `/api/v1/courses/${COURSE}/quizzes/functions-and-pointers/attempts`, {
    answers: [0, 1, 'true', [0, 1], '99.5', ';', [0, 1, 2, 3]],
  });
  assert.equal(quiz.status, 201, quiz.describe());
  assert.equal(quiz.json.passed, true, quiz.describe());
  const sub = await learner.api.api('POST', `/api/v1/courses/${COURSE}/homework/temperature-table/submissions`, {
    answer: '#include <stdio.h>\n\nint main(void)\n{\n\tfor (int c = -10; c <= 40; c += 5)\n\t\tprintf("%4d %6.1f\\n", c, c * 9.0 / 5 + 32);\n\treturn 0;\n}\n',
  });
  assert.equal(sub.status, 201, sub.describe());
  // Reviewers review only after submitting themselves; each reviews what it
  // is given (fully marked) until it has reviewed the learner's work.
  for (let i = 1; i <= 3; i++) {
    const reviewer = await subscriber(`Reviewer ${i}`);
    const own = await reviewer.api.api('POST', `/api/v1/courses/${COURSE}/homework/temperature-table/submissions`, { answer: `Reviewer ${i}'s table.` });
    assert.equal(own.status, 201, own.describe());
    let reviewedLearner = false;
    for (let k = 0; k < 5 && !reviewedLearner; k++) {
      const claim = await reviewer.api.api('POST', '/api/v1/reviews', { exercise_id: sub.json.exercise_id });
      assert.equal(claim.status, 201, claim.describe());
      const criteria = claim.json.rubric.map((c) => ({ score: c.points, comment: 'Clear, correct and well laid out: nothing to add.' }));
      const done = await reviewer.api.api('POST', `/api/v1/reviews/${claim.json.id}`, { criteria });
      assert.ok([200, 201].includes(done.status), done.describe());
      reviewedLearner = claim.json.submission.id === sub.json.id;
    }
    assert.ok(reviewedLearner, `reviewer ${i} was never given the learner's submission`);
  }
  const graded = await learner.api.api('GET', `/api/v1/submissions/${sub.json.id}`);
  assert.equal(graded.json.grade_percent, 100, graded.describe());
}

const click = (page, locator) => Promise.all([page.waitForEvent('framenavigated', (f) => f === page.mainFrame()), locator.click()]);

test('a subscriber reads, passes a quiz, gets the certificate, verifies it and downloads its PDF', async () => {
  const learner = await subscriber(NAME);
  await prepare(learner);

  const { context, page, problems: errors } = await newPage(browser, { responses: false });
  try {
    // Sign in.
    await signIn(page, srv, learner.email, learner.password);

    // Open the demo course from the catalogue.
    await page.goto(`${srv.url}/courses`);
    await click(page, page.locator(`a[href="/courses/${COURSE}"]`).first());
    assert.equal(new URL(page.url()).pathname, `/courses/${COURSE}`);
    assert.match(await page.locator('h1').first().innerText(), /Introduction to C/);

    // Read two chapters: the first from the outline, the second with "next".
    await click(page, page.locator(`a[href="/courses/${COURSE}/chapters/welcome"]`).first());
    assert.match(await page.locator('h1').first().innerText(), /\S/);
    const done = page.locator(`form[action$="/chapters/welcome/done"] [type="submit"]`);
    if (await done.count()) await click(page, done.first());
    await click(page, page.locator('a[rel="next"]').first());
    assert.equal(new URL(page.url()).pathname, `/courses/${COURSE}/chapters/variables`);
    const done2 = page.locator(`form[action$="/chapters/variables/done"] [type="submit"]`);
    if (await done2.count()) await click(page, done2.first());

    // Pass the quiz that follows them.
    await page.goto(`${srv.url}/courses/${COURSE}/quizzes/basics`);
    await page.check('#q0-0'); // 7 / 2 prints 3
    await page.check('#q1-2'); // double
    await page.check('#q2-0');
    await page.check('#q2-1'); // the two valid declarations
    await page.check('#q3-1'); // False: locals are not zeroed
    await page.fill('#q4', '2'); // 17 % 5
    await page.fill('#q5', '%.2f');
    for (let j = 0; j < 4; j++) await page.selectOption(`#q6-${j}`, String(j));
    await click(page, page.locator('form[action$="/quizzes/basics"] [type="submit"]').first());
    const result = await page.locator('main').innerText();
    assert.match(result, /100\s?%/, `the quiz result shows 100%: ${result.slice(0, 800)}`);
    await page.screenshot({ path: join(OUT, 'learning-quiz.png'), fullPage: true });

    // The certificate.
    await page.goto(`${srv.url}/courses/${COURSE}`);
    await click(page, page.locator(`a[href="/courses/${COURSE}/certificate"]`).first());
    const main = await page.locator('main').innerText();
    assert.ok(main.includes(NAME), `the certificate names the learner: ${main.slice(0, 800)}`);
    await page.screenshot({ path: join(OUT, 'learning-certificate.png'), fullPage: true });
    const verify = page.locator('a[href^="/certificates/"]:not([href$="/pdf"])').first();
    const href = await verify.getAttribute('href');
    const code = /^\/certificates\/([A-Z2-7]{12})$/.exec(href)?.[1];
    assert.ok(code, `a verification link: ${href}`);

    // Its public verification page, as anyone sees it.
    const visitor = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    const vpage = await visitor.newPage();
    await vpage.goto(`${srv.url}${href}`);
    assert.ok((await vpage.locator('main').innerText()).includes(NAME));
    assert.match(await vpage.locator('.cert-status').innerText(), /Valid/);
    assert.ok(await vpage.locator('a[href^="https://www.linkedin.com/profile/add?"]').count());
    const overflow = await vpage.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, 'no horizontal scroll at 390 px');
    await vpage.screenshot({ path: join(OUT, 'learning-verification-390.png'), fullPage: true });

    // Download the PDF from the link on that page.
    const pdfHref = await vpage.locator(`a[href="/certificates/${code}/pdf"]`).first().getAttribute('href');
    const res = await visitor.request.get(`${srv.url}${pdfHref}`);
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['content-type'], 'application/pdf');
    const buf = await res.body();
    assert.match(pdfTool('pdfinfo', buf), /Pages:\s+1\n/);
    const text = pdfTool('pdftotext', buf, ['-enc', 'UTF-8']).replace(/\s+/g, ' ');
    assert.ok(text.includes(NAME), `the PDF names the learner: ${text}`);
    assert.ok(text.includes('Introduction to C'), text);
    await visitor.close();
    assert.deepEqual(errors, []);
  } finally {
    await page.screenshot({ path: join(OUT, 'learning-last.png') }).catch(() => {});
    await context.close();
  }
});
