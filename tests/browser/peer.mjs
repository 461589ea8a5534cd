// Peer-reviewed homework in a real browser (Debian's Chromium through
// playwright-core), on the demo course intro-to-c: a Premium learner finds
// the homework from the course page, submits an answer and a file with the
// keyboard-reachable form; a classmate asks for work to review, meets the
// strict validation, and sends the review. Names stay hidden; no CSP
// violation, no failed sub-resource, no horizontal scrolling on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startCampus, ROOT } from '../lib/server.mjs';
import { newLearner } from '../lib/peer.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const OUT = join(ROOT, 'test-results');
const HW = '/courses/intro-to-c/homework/temperature-table';

let srv;
let browser;
let a;
let b;
before(async () => {
  mkdirSync(OUT, { recursive: true });
  srv = await startCampus();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60000 });
  a = await newLearner(srv, 'bra');
  b = await newLearner(srv, 'brb');
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

/** A page signed in as learner l (its session cookie), recording problems. */
async function pageAs(l, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, locale: 'en-GB' });
  const u = new URL(srv.url);
  await context.addCookies([{ name: 'campus_session', value: l.web.cookieValue('campus_session'), domain: u.hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    const p = new URL(r.url()).pathname;
    if (r.status() >= 400 && r.request().resourceType() !== 'document' && p !== '/favicon.ico') problems.push(`${r.status()} ${p}`);
  });
  return { context, page, problems };
}

test('CRS-1: a Premium learner submits homework with a file from the course page', async () => {
  const { context, page, problems } = await pageAs(a);
  await page.goto(`${srv.url}/courses/intro-to-c`);
  await Promise.all([page.waitForURL(`**${HW}`), page.locator(`a[href="${HW}"]`).first().click()]);
  assert.equal(await page.locator('h1').count(), 1, 'one h1: the statement does not repeat it');
  await page.getByLabel('Your answer').fill('for (int c = -20; c <= 40; c += 5) printf("%5d %11.1f\\n", c, c * 9.0 / 5 + 32);');
  await page.getByLabel('A file (optional)').setInputFiles({ name: 'table.txt', mimeType: 'text/plain', buffer: Buffer.from('int main(void) { return 0; }\n') });
  await Promise.all([page.waitForURL('**?submitted=1'), page.getByRole('button', { name: 'Submit' }).click()]);
  await page.getByText('Your work is submitted').waitFor();
  assert.match(await page.locator('main').innerText(), /Waiting for reviews: 0 of 3 done/);
  assert.ok(await page.locator('a[href$="/file"]', { hasText: 'table.txt' }).count());
  // On a phone: nothing wider than the screen.
  await page.setViewportSize({ width: 375, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `horizontal overflow of ${overflow}px on a phone`);
  await page.screenshot({ path: join(OUT, 'peer-homework-phone.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('CRS-1: a classmate reviews it anonymously; errors are shown beside the fields, then the review is sent', async () => {
  const s = await b.api.api('POST', '/api/v1/courses/intro-to-c/homework/temperature-table/submissions', { answer: 'My table, with a while loop.' });
  assert.equal(s.status, 201, s.describe());
  const { context, page, problems } = await pageAs(b);
  await page.goto(`${srv.url}/`);
  await Promise.all([page.waitForURL('**/reviews'), page.getByRole('link', { name: 'Peer review' }).click()]);
  await Promise.all([page.waitForURL(/\/reviews\/\d+$/), page.getByRole('button', { name: "Review a classmate's work" }).click()]);
  const text = await page.locator('main').innerText();
  assert.match(text, /for \(int c = -20/);
  assert.doesNotMatch(text, /Secretname|bra-/, 'the author is anonymous');
  for (const [i, v] of ['4', '3', '9'].entries()) await page.locator(`#f-score_${i}`).fill(v);
  for (const i of [0, 1, 2]) await page.locator(`#f-comment_${i}`).fill('Clear table, aligned columns, well named function.');
  // The browser's own checks would stop a 9 for 3 points: the server's are tested here.
  await page.locator('form[action^="/reviews/"]').evaluate((f) => { f.noValidate = true; });
  await page.getByRole('button', { name: 'Send my review' }).click();
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /higher than this criterion/);
  assert.equal(await page.locator('#f-score_2').getAttribute('aria-invalid'), 'true');
  await page.locator('#f-score_2').fill('2');
  await Promise.all([page.waitForURL('**/reviews?sent=1'), page.getByRole('button', { name: 'Send my review' }).click()]);
  await page.getByText('Thank you: your review is sent.').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
  // The author sees one anonymous review, no name.
  const author = await pageAs(a);
  await author.page.goto(`${srv.url}${HW}`);
  const mine = await author.page.locator('main').innerText();
  assert.match(mine, /Waiting for reviews: 1 of 3 done/);
  assert.match(mine, /Reviewer 1/);
  assert.doesNotMatch(mine, /Secretname|brb-/);
  assert.deepEqual(author.problems, []);
  await author.context.close();
});
