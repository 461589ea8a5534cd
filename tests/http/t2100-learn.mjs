// Learning: chapters (read, previous/next, mark done, resume), coming-soon
// courses (CRS-4), progress (HTML and API, only one's own), quizzes (marked
// at once with feedback, the wait after a failed attempt, best score kept),
// the dashboard and its SVG activity chart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startCampus } from '../lib/server.mjs';
import { importCourses } from '../lib/learn_course.mjs';
import { Client } from '../lib/client.mjs';
import { apiToken, signIn, assertProblem } from '../lib/fixtures.mjs';
import { findForm, labelTargets, htmlLang } from '../lib/html.mjs';

let srv, admin, alice, bob, aliceApi, bobApi, now;
let courseDir;
const COURSE = 'learn-test';
const MIN = 60000;

function iso(ms) { return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'); }
async function setClock(ms) {
  const r = await admin.api('POST', '/api/v1/test-clock', { now: iso(ms) });
  assert.equal(r.status, 200, r.describe());
  now = ms;
}

before(async () => {
  srv = await startCampus({ clock: 'manual' });
  courseDir = importCourses(srv, [{ slug: COURSE }, { slug: 'soon-test', opensOn: '2099-01-01' }]);
  admin = await apiToken(srv, srv.demo.admin.email, srv.demo.admin.password);
  // A manual clock stands still: set it once so that waits are exact.
  await setClock(Math.floor(Date.now() / 1000) * 1000 + 5000);
  alice = (await signIn(srv, srv.demo.learner.email, srv.demo.learner.password)).client;
  aliceApi = await apiToken(srv, srv.demo.learner.email, srv.demo.learner.password);
  bob = (await signIn(srv, srv.demo.mentor.email, srv.demo.mentor.password)).client;
  bobApi = await apiToken(srv, srv.demo.mentor.email, srv.demo.mentor.password);
});
after(async () => {
  await srv?.stop();
  if (courseDir) rmSync(courseDir, { recursive: true, force: true });
});

const chapter = (s) => `/courses/${COURSE}/chapters/${s}`;
const QUIZ = `/courses/${COURSE}/quizzes/basics`;

test('t2100 a visitor reads a chapter: body, breadcrumbs, next link, no progress form', async () => {
  const r = await new Client(srv.url).get(chapter('one'));
  assert.equal(r.status, 200, r.describe());
  assert.match(r.body, /<h1[^>]*>Chapter One<\/h1>/);
  assert.ok(!r.body.includes('<script>alert(1)'), 'chapter text is escaped');
  assert.match(r.body, /<nav class="breadcrumbs"[^>]*>[\s\S]*href="\/courses"[\s\S]*href="\/courses\/learn-test"/);
  assert.match(r.body, /rel="next" href="\/courses\/learn-test\/chapters\/two"/);
  assert.ok(!r.body.includes('rel="prev"'), 'the first chapter has no previous link');
  assert.ok(!r.body.includes('/done"'), 'no mark-as-done form for visitors');
  assert.match(r.body, /href="\/signin\?next=/);
  assert.match(r.body, /<a href="\/courses\/learn-test\/videos\/intro">Introduction video<\/a>/, "the chapter's video");
  const two = await new Client(srv.url).get(chapter('two'));
  assert.ok(!two.body.includes('chapter-videos'), 'no video list where the chapter has none');
  assert.match(r.body, /<a href="\/courses\/learn-test\/videos\/intro">Introduction video<\/a>/, 'the chapter\'s video');
  const missing = await new Client(srv.url).get(chapter('nope'));
  assert.equal(missing.status, 404, missing.describe());
});

test('t2101 the outline: the quiz follows chapter two; the last chapter has no next', async () => {
  const two = await new Client(srv.url).get(chapter('two'));
  assert.match(two.body, /rel="prev" href="\/courses\/learn-test\/chapters\/one"/);
  assert.match(two.body, /rel="next" href="\/courses\/learn-test\/quizzes\/basics"/);
  const quiz = await new Client(srv.url).get(QUIZ);
  assert.match(quiz.body, /rel="next" href="\/courses\/learn-test\/chapters\/three"/);
  const three = await new Client(srv.url).get(chapter('three'));
  assert.match(three.body, /rel="prev" href="\/courses\/learn-test\/quizzes\/basics"/);
  assert.ok(!three.body.includes('rel="next"'));
});

test('t2102 CRS-4: a coming-soon course is not readable and says when it opens', async () => {
  const r = await new Client(srv.url).get('/courses/soon-test/chapters/one');
  assert.equal(r.status, 404, r.describe());
  assert.match(r.body, /1 January 2099/);
  const q = await new Client(srv.url).get('/courses/soon-test/quizzes/basics');
  assert.equal(q.status, 404);
  const res = await new Client(srv.url).get('/courses/soon-test/resume');
  assert.equal(res.status, 404);
  const api = await aliceApi.api('POST', '/api/v1/courses/soon-test/chapters/one/done');
  assertProblem(api, 404);
});

test('t2103 read two chapters and mark them done; resume goes to the last one opened', async () => {
  const first = await alice.get(`/courses/${COURSE}/resume`);
  assert.equal(first.status, 303, first.describe());
  assert.equal(first.location, chapter('one'), 'nothing opened yet: the first chapter');
  for (const s of ['one', 'two']) {
    const page = await alice.get(chapter(s));
    assert.equal(page.status, 200);
    assert.ok(findForm(page.body, `${chapter(s)}/done`), 'mark-as-done form');
    const r = await alice.submit(chapter(s), {}, { action: `${chapter(s)}/done` });
    assert.equal(r.status, 303, r.describe());
    const after = await alice.follow(r);
    assert.match(after.body, /You marked this chapter as done/);
  }
  const resume = await alice.get(`/courses/${COURSE}/resume`);
  assert.equal(resume.location, chapter('two'));
  // Opening the quiz moves the position there.
  await alice.get(QUIZ);
  assert.equal((await alice.get(`/courses/${COURSE}/resume`)).location, QUIZ);
  // Marking done needs the CSRF token.
  const forged = await alice.post(`${chapter('three')}/done`, {});
  assert.ok(forged.status === 403 || forged.status === 400, forged.describe());
  const csrf = await alice.csrf(chapter('three'));
  const missing = await alice.post(`${chapter('nope')}/done`, { csrf });
  assert.equal(missing.status, 404, missing.describe());
  assert.match(missing.body, /This course has no such page/);
});

test('t2104 progress API: own progress only; mark done through the API', async () => {
  const p = await aliceApi.api('GET', `/api/v1/courses/${COURSE}/progress`);
  assert.equal(p.status, 200, p.describe());
  assert.equal(p.json.chapters, 3);
  assert.equal(p.json.chapters_done, 2);
  assert.equal(p.json.quizzes, 1);
  assert.equal(p.json.percent, 50); // 2 of 4 items
  assert.deepEqual(p.json.items.map((i) => `${i.kind}:${i.slug}:${i.done}`),
    ['chapter:one:true', 'chapter:two:true', 'quiz:basics:false', 'chapter:three:false']);
  // Bob sees his own (empty) progress, never Alice's.
  const b = await bobApi.api('GET', `/api/v1/courses/${COURSE}/progress`);
  assert.equal(b.status, 200);
  assert.equal(b.json.chapters_done, 0);
  assert.equal(b.json.percent, 0);
  const d = await bobApi.api('POST', `/api/v1/courses/${COURSE}/chapters/three/done`);
  assert.equal(d.status, 200, d.describe());
  assert.equal(d.json.chapters_done, 1);
  const again = await bobApi.api('POST', `/api/v1/courses/${COURSE}/chapters/three/done`);
  assert.equal(again.json.chapters_done, 1, 'marking twice changes nothing');
  assert.equal((await aliceApi.api('GET', `/api/v1/courses/${COURSE}/progress`)).json.chapters_done, 2);
  assertProblem(await new Client(srv.url).api('GET', `/api/v1/courses/${COURSE}/progress`), 401);
  assertProblem(await aliceApi.api('GET', '/api/v1/courses/nope/progress'), 404);
  assertProblem(await aliceApi.api('POST', `/api/v1/courses/${COURSE}/chapters/nope/done`), 404);
});

test('t2105 the quiz form is accessible: a fieldset and legend per question, labelled inputs', async () => {
  const r = await alice.get(QUIZ);
  assert.equal(r.status, 200, r.describe());
  assert.equal((r.body.match(/<fieldset/g) || []).length, 5);
  assert.equal((r.body.match(/<legend>/g) || []).length, 5);
  assert.match(r.body, /type="radio"[^>]*name="q0"/);
  assert.match(r.body, /type="checkbox"[^>]*name="q1-0"/);
  assert.match(r.body, /<select id="q4-0" name="q4-0">/);
  const labels = labelTargets(r.body);
  for (const id of ['q0-0', 'q0-1', 'q1-2', 'q2', 'q3', 'q4-0', 'q4-1']) assert.ok(labels.has(id), `no label for ${id}`);
  const visitor = await new Client(srv.url).get(QUIZ);
  assert.match(visitor.body, /Sign in to take this quiz/);
});

test('t2106 quiz: a failed attempt is marked with feedback, the next one waits, then the best is kept', async () => {
  // Wrong on Q1, half on Q2, Q3 wrong, Q4 wrong, Q5 half: (0+50+0+0+50)/5 = 20%.
  const r = await alice.submit(QUIZ, { q0: '1', 'q1-0': '0', q2: 'Pascal', q3: '3', 'q4-0': '0', 'q4-1': '0' });
  assert.equal(r.status, 200, r.describe());
  assert.match(r.body, /Your score: 20%/);
  assert.match(r.body, /Not passed this time/);
  assert.match(r.body, /No, that is five\./, 'the GIFT feedback of the chosen answer');
  assert.match(r.body, /partly correct \(50%\)/);
  assert.match(r.body, /try again in 10 min/);
  // Inside the wait: refused with the time left, nothing recorded.
  await setClock(now + 4 * MIN);
  const refused = await alice.submit(QUIZ, { q0: '0' });
  assert.equal(refused.status, 409, refused.describe());
  assert.match(refused.body, /wait 6 more min/);
  const api = await aliceApi.api('POST', `/api/v1/courses/${COURSE}/quizzes/basics/attempts`, { answers: [0] });
  assertProblem(api, 409);
  assert.equal(api.headers.get('retry-after'), '360');
  let list = await aliceApi.api('GET', `/api/v1/courses/${COURSE}/quizzes/basics/attempts`);
  assert.equal(list.json.attempts.length, 1, 'refused attempts change nothing');
  assert.equal(list.json.best_score, 20);
  assert.equal(list.json.retry_after_seconds, 360);
  // After the wait: all right, 100%.
  await setClock(now + 6 * MIN);
  const ok = await alice.submit(QUIZ, { q0: '0', 'q1-0': '0', 'q1-1': '1', q2: ' c ', q3: '3.14', 'q4-0': '0', 'q4-1': '1' });
  assert.equal(ok.status, 200, ok.describe());
  assert.match(ok.body, /Your score: 100%/);
  assert.match(ok.body, /Right, four\./);
  assert.match(ok.body, /Passed/);
  // A passed quiz can be retaken at once; a worse score keeps the best.
  const retake = await aliceApi.api('POST', `/api/v1/courses/${COURSE}/quizzes/basics/attempts`,
    { answers: [0, [0, 1], 'C', '3.14', [1, 0]] });
  assert.equal(retake.status, 201, retake.describe());
  assert.equal(retake.json.score, 80);
  assert.equal(retake.json.best_score, 100);
  assert.equal(retake.json.questions[4].score, 0);
  assert.equal(retake.json.questions[0].correct, true);
  assert.equal(retake.json.questions[0].feedback, 'Right, four.');
  list = await aliceApi.api('GET', `/api/v1/courses/${COURSE}/quizzes/basics/attempts`);
  assert.deepEqual(list.json.attempts.map((a) => a.score), [80, 100, 20]);
  assert.equal(list.json.best_score, 100);
  assert.equal(list.json.passed, true);
  const progress = await aliceApi.api('GET', `/api/v1/courses/${COURSE}/progress`);
  assert.equal(progress.json.quizzes_passed, 1);
  assert.equal(progress.json.percent, 75);
  // Bob has no attempt: Alice's are not his.
  const bobs = await bobApi.api('GET', `/api/v1/courses/${COURSE}/quizzes/basics/attempts`);
  assert.equal(bobs.json.attempts.length, 0);
  assert.equal(bobs.json.best_score, null);
});

test('t2107 quiz API: bad answers are refused with 422 and change nothing', async () => {
  const url = `/api/v1/courses/${COURSE}/quizzes/basics/attempts`;
  for (const body of [{}, { answers: 'x' }, { answers: [9] }, { answers: [0, 0, 0, 0, 0, 0] }, { answers: [{}] },
    { answers: [null, null, null, 'pi'] }, { answers: [null, null, 'x'.repeat(1001)] }]) {
    const r = await bobApi.api('POST', url, body);
    assertProblem(r, 422);
  }
  assert.equal((await bobApi.api('GET', url)).json.attempts.length, 0);
  assertProblem(await bobApi.api('POST', `/api/v1/courses/${COURSE}/quizzes/nope/attempts`, { answers: [] }), 404);
  assertProblem(await new Client(srv.url).api('POST', url, { answers: [0] }), 401);
});

test('t2108 dashboard: courses with progress bars and resume links, the SVG activity chart', async () => {
  const anon = await new Client(srv.url).get('/dashboard');
  assert.equal(anon.status, 303);
  const r = await alice.get('/dashboard');
  assert.equal(r.status, 200, r.describe());
  assert.match(r.body, /href="\/dashboard"[^>]*aria-current="page"/, 'the nav link');
  assert.match(r.body, /<progress max="100" value="75"/);
  assert.match(r.body, /href="\/courses\/learn-test\/resume"/);
  const svg = /<svg class="chart" role="img" aria-labelledby="chart-title chart-desc"[\s\S]*?<\/svg>/.exec(r.body);
  assert.ok(svg, 'an accessible SVG chart');
  assert.match(svg[0], /<title id="chart-title">/);
  assert.equal((svg[0].match(/<rect /g) || []).length, 56, 'one bar per day over 8 weeks');
  // Today: 2 chapters done + 3 attempts by Alice (the refused one does not count).
  assert.match(svg[0], /<desc id="chart-desc">5 activities in total/);
  assert.match(r.body, /<table class="visually-hidden">[\s\S]*<td>5<\/td>/);
  // French.
  const fr = new Client(srv.url);
  await signIn(srv, srv.demo.learner.email, srv.demo.learner.password, { client: fr });
  const lang = await fr.submit('/dashboard', { lang: 'fr' }, { action: '/lang' });
  assert.ok([200, 303].includes(lang.status), lang.describe());
  const frPage = await fr.get('/dashboard');
  assert.equal(htmlLang(frPage.body), 'fr');
  assert.match(frPage.body, /Activité des 8 dernières semaines/);
  const back = await fr.submit('/dashboard', { lang: 'en' }, { action: '/lang' });
  assert.ok([200, 303].includes(back.status), back.describe());
  // Bob's dashboard: his one chapter (marked twice, counted once), not Alice's activity.
  const b = await bob.get('/dashboard');
  assert.match(b.body, /<progress max="100" value="25"/);
  assert.match(b.body, /<desc id="chart-desc">1 (activity|activities|activités)/);
});

test('t2109 the course page shows the learner\'s progress and a resume link; visitors a start link', async () => {
  const r = await alice.get(`/courses/${COURSE}`);
  assert.equal(r.status, 200, r.describe());
  assert.match(r.body, /<section class="learn-progress card"[\s\S]*<progress max="100" value="75"/);
  assert.match(r.body, /2 of 3 chapters done · 1 of 1 quizzes passed/);
  assert.match(r.body, /href="\/courses\/learn-test\/resume">Resume</);
  const v = await new Client(srv.url).get(`/courses/${COURSE}`);
  assert.match(v.body, /href="\/courses\/learn-test\/resume">Start the course</);
  assert.ok(!v.body.includes('<progress'), 'no progress for visitors');
  const soon = await alice.get('/courses/soon-test');
  assert.ok(!soon.body.includes('learn-progress'), 'no progress panel on a coming-soon course');
});
