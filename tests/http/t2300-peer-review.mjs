// Homework with peer review (CRS-1): submission with type and size checks,
// anonymous assignment of reviews, grade after peer_reviews_required
// reviews, access control, and the staff fallback after
// peer_review_fallback_days. Course rows are inserted directly (the course
// import is another capability); Premium comes from `campus premium grant`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { PASSWORD, apiToken, assertProblem, assertFieldError, signIn } from '../lib/fixtures.mjs';
import { csrfFrom } from '../lib/html.mjs';
import { addCourse as addCourseTo, newLearner as newLearnerOn, submitForm } from '../lib/peer.mjs';

let srv;
let admin;
let now;
const DAY = 86400000;
const learners = []; // {email, name, api, web, sub}

function iso(ms) { return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'); }
const addCourse = (slug, hw, opensOn) => addCourseTo(srv, slug, hw, opensOn);
const newLearner = (tag, o) => newLearnerOn(srv, tag, o);

async function setClock(ms) {
  const r = await admin.api('POST', '/api/v1/test-clock', { now: iso(ms) });
  assert.equal(r.status, 200, r.describe());
  now = ms;
}

const HW = '/courses/peer-course/homework/essay';
const SOLO = '/courses/solo-course/homework/alone';

before(async () => {
  srv = await startCampus({ clock: 'manual' });
  admin = await apiToken(srv, srv.demo.admin.email, srv.demo.admin.password);
  now = Date.now();
  addCourse('peer-course', 'essay');
  addCourse('solo-course', 'alone');
  addCourse('later-course', 'soon', '2099-01-01');
  for (const tag of ['a', 'b', 'c', 'd']) learners.push(await newLearner(tag));
  // Grants start at the wall-clock instant of the command: move the test clock past it.
  await setClock(Date.now() + 60000);
});
after(async () => { await srv?.stop(); });

test('CRS-1: a visitor and a non-Premium learner see the statement and why they cannot submit', async () => {
  const v = await new Client(srv.url).get(HW);
  assert.equal(v.status, 200, v.describe());
  assert.match(v.body, /greets the world/);
  assert.match(v.body, /<p>Explain &lt;how&gt; it works/, 'the statement is rendered, raw HTML escaped');
  assert.match(v.body, /Correctness/);
  assert.doesNotMatch(v.body, /enctype="multipart\/form-data"/);
  const free = await newLearner('free', { premium: false });
  const p = await free.web.get(HW);
  assert.equal(p.status, 200, p.describe());
  assert.match(p.body, /part of Premium/);
  assert.doesNotMatch(p.body, /name="answer"/);
  const api = await free.api.api('POST', '/api/v1/courses/peer-course/homework/essay/submissions', { answer: 'Mine' });
  assertProblem(api, 403);
  const claim = await free.api.api('POST', '/api/v1/reviews', {});
  assertProblem(claim, 403);
});

test('unknown homework or a quiz slug: 404', async () => {
  assert.equal((await new Client(srv.url).get('/courses/peer-course/homework/nope')).status, 404);
  assert.equal((await new Client(srv.url).get('/courses/nope/homework/essay')).status, 404);
  assertProblem(await learners[0].api.api('POST', '/api/v1/courses/peer-course/homework/nope/submissions', { answer: 'x' }), 404);
});

test('CRS-4: the homework of a course announced for later is not open yet', async () => {
  assert.equal((await learners[0].web.get('/courses/later-course/homework/soon')).status, 404);
  assertProblem(await learners[0].api.api('POST', '/api/v1/courses/later-course/homework/soon/submissions', { answer: 'early' }), 404);
});

test('CRS-1: bad uploads are refused with a message and nothing is stored', async () => {
  const a = learners[0];
  let r = await submitForm(a.web, HW, { answer: 'x', file: { name: 'virus.exe', data: 'MZ\x90\x00' } });
  assert.equal(r.status, 422, r.describe());
  assert.match(r.body, /This type of file is not accepted/);
  r = await submitForm(a.web, HW, { answer: 'x', file: { name: 'picture.png', data: 'just text, not a PNG' } });
  assert.equal(r.status, 422, r.describe());
  assert.match(r.body, /does not match its extension/);
  r = await submitForm(a.web, HW, { answer: 'x', file: { name: 'big.txt', data: 'a'.repeat(5121 * 1024) } });
  assert.equal(r.status, 422, r.describe());
  assert.match(r.body, /too large/);
  r = await submitForm(a.web, HW, { answer: '   ' });
  assert.equal(r.status, 422, r.describe());
  assert.match(r.body, /Write your answer or attach a file/);
  const page = await a.web.get(HW);
  assert.doesNotMatch(page.body, /Your submission<\/h2>/, 'nothing was submitted');
});

test('CRS-1: four Premium learners submit (a file for one, JSON for the others)', async () => {
  const [a, b, c, d] = learners;
  const r = await submitForm(a.web, HW, { answer: 'Answer of A: printf("hello");', file: { name: 'notes.txt', data: 'My notes from A\n' } });
  assert.equal(r.status, 303, r.describe());
  const page = await a.web.follow(r);
  assert.match(page.body, /Waiting for reviews: 0 of 3 done/);
  assert.match(page.body, /notes\.txt/);
  // A may replace it until someone claims it; the file is kept without a new one.
  const again = await submitForm(a.web, HW, { answer: 'Answer of A, revised: puts("hello");' });
  assert.equal(again.status, 303, again.describe());
  for (const [i, l] of [b, c, d].entries()) {
    await setClock(now + 1000);
    const s = await l.api.api('POST', '/api/v1/courses/peer-course/homework/essay/submissions', { answer: `Answer of ${'BCD'[i]}` });
    assert.equal(s.status, 201, s.describe());
    assert.equal(s.json.state, 'open');
    l.sub = s.json.id;
  }
  const mine = await a.api.api('POST', '/api/v1/courses/peer-course/homework/essay/submissions', { answer: 'Answer of A, third' });
  assert.equal(mine.status, 201, mine.describe());
  a.sub = mine.json.id;
  assert.equal(mine.json.file.name, 'notes.txt');
  assert.equal(mine.json.reviews_required, 3);
});

test('CRS-1: reviews go to the submission with the fewest reviews, oldest first, never one\'s own', async () => {
  const [a, b, c, d] = learners;
  const subOf = (l) => l.sub;
  // Round 1: A gets B (oldest not own), B gets A, C gets D (A and B have one), D gets C.
  const expected = [[a, b], [b, a], [c, d], [d, c]];
  for (const [rev, author] of expected) {
    const r = await rev.api.api('POST', '/api/v1/reviews', {});
    assert.equal(r.status, 201, r.describe());
    assert.equal(r.json.submission.id, subOf(author), `${rev.email} should get ${author.email}'s work`);
    assert.ok(!JSON.stringify(r.json).includes(author.email) && !JSON.stringify(r.json).includes('Secretname'), 'the author is anonymous');
    rev.pending = r.json.id;
    // Claiming again gives the same open review.
    const again = await rev.api.api('POST', '/api/v1/reviews', {});
    assert.equal(again.json.id, r.json.id);
  }
  // Once claimed, a submission can no longer change.
  assertProblem(await b.api.api('POST', '/api/v1/courses/peer-course/homework/essay/submissions', { answer: 'changed' }), 409);
});

test('CRS-1: a review is validated strictly: integer scores within points, comments of 20+ characters', async () => {
  const a = learners[0];
  const bad = [
    [{ score: 5, comment: 'A comment long enough to pass.' }, { score: 1, comment: 'A comment long enough to pass.' }, { score: 1, comment: 'A comment long enough to pass.' }],
    [{ score: 1.5, comment: 'A comment long enough to pass.' }, { score: 1, comment: 'A comment long enough to pass.' }, { score: 1, comment: 'A comment long enough to pass.' }],
    [{ score: 1, comment: 'too short' }, { score: 1, comment: 'A comment long enough to pass.' }, { score: 1, comment: 'A comment long enough to pass.' }],
    [{ score: -1, comment: 'A comment long enough to pass.' }, { score: 1, comment: 'A comment long enough to pass.' }, { score: 1, comment: 'A comment long enough to pass.' }],
  ];
  for (const criteria of bad) assertFieldError(await a.api.api('POST', `/api/v1/reviews/${a.pending}`, { criteria }), ['score_0', 'comment_0']);
  assertProblem(await a.api.api('POST', `/api/v1/reviews/${a.pending}`, { criteria: bad[0].slice(0, 2) }), 422);
  // The HTML form shows the errors beside the fields.
  const page = await a.web.get(`/reviews/${a.pending}`);
  assert.equal(page.status, 200, page.describe());
  assert.doesNotMatch(page.body, /Secretname/, 'no author name on the review page');
  const csrf = csrfFrom(page.body, `/reviews/${a.pending}`);
  const r = await a.web.post(`/reviews/${a.pending}`, { csrf, score_0: '9', comment_0: 'short', score_1: '01', comment_1: 'A comment long enough to pass.', score_2: '2', comment_2: 'A comment long enough to pass.' });
  assert.equal(r.status, 422, r.describe());
  assert.match(r.body, /higher than this criterion/);
  assert.match(r.body, /at least 20 characters/);
  assert.match(r.body, /whole number/);
});

const SCORES = { a: [4, 3, 3], b: [2, 2, 1], c: [3, 1, 2], d: [1, 0, 0] };
function criteria(tag) {
  return SCORES[tag].map((score, i) => ({ score, comment: `Reviewer ${tag} on criterion ${i}: clear enough, keep going.` }));
}

test('CRS-1: after three reviews the grade (mean of percents, half-up) appears, reviewers anonymous; the author is emailed', async () => {
  const tags = ['a', 'b', 'c', 'd'];
  const given = new Map(); // submission id -> [totals]
  const seen = new Map(tags.map((t) => [t, new Set()]));
  // Send round 1, then claim and send two more rounds.
  for (let round = 0; round < 3; round++) {
    for (const [i, l] of learners.entries()) {
      let id = l.pending;
      if (round > 0) {
        const c = await l.api.api('POST', '/api/v1/reviews', {});
        assert.equal(c.status, 201, `round ${round} ${tags[i]}: ${c.describe()}`);
        id = c.json.id;
      }
      const g = await l.api.api('GET', `/api/v1/reviews/${id}`);
      const sub = g.json.submission.id;
      assert.notEqual(sub, l.sub, 'never one\'s own');
      assert.ok(!seen.get(tags[i]).has(sub), 'never the same twice');
      seen.get(tags[i]).add(sub);
      const r = await l.api.api('POST', `/api/v1/reviews/${id}`, { criteria: criteria(tags[i]) });
      assert.equal(r.status, 200, r.describe());
      assert.equal(r.json.state, 'done');
      given.set(sub, [...(given.get(sub) || []), SCORES[tags[i]].reduce((x, y) => x + y, 0)]);
    }
  }
  // Every submission has three reviews; nobody has more work to review.
  assertProblem(await learners[0].api.api('POST', '/api/v1/reviews', {}), 404);
  for (const l of learners) {
    const s = await l.api.api('GET', `/api/v1/submissions/${l.sub}`);
    assert.equal(s.status, 200, s.describe());
    const totals = given.get(l.sub);
    assert.equal(totals.length, 3);
    const want = Math.floor((200 * totals.reduce((x, y) => x + y, 0) + 30) / 60); // half-up of 100*sum/(3*10)
    assert.equal(s.json.state, 'graded', s.describe());
    assert.equal(s.json.grade_percent, want, `totals ${totals}`);
    assert.deepEqual(s.json.reviews.map((x) => x.reviewer), ['Reviewer 1', 'Reviewer 2', 'Reviewer 3']);
    const text = JSON.stringify(s.json);
    for (const o of learners) assert.ok(!text.includes(o.email) && !text.includes(`Secretname`), 'no reviewer identity in the API');
    const page = await l.web.get(HW);
    assert.match(page.body, new RegExp(`${want} %`));
    assert.match(page.body, /Reviewer 3/);
    assert.doesNotMatch(page.body, /Secretname[bcd]/i, 'no reviewer names on the author\'s page');
    const m = await srv.waitForMail((x) => x.to.toLowerCase().includes(l.email) && /is graded/.test(x.subject));
    assert.match(m.text, new RegExp(`${want}%`));
  }
});

test('access: another learner\'s submission, file or review is refused; author, reviewer and staff get the file', async () => {
  const [a, b] = learners;
  assertProblem(await b.api.api('GET', `/api/v1/submissions/${a.sub}`), 404);
  const freeLearner = await newLearner('nosy');
  assert.equal((await freeLearner.web.get(`/submissions/${a.sub}/file`)).status, 404);
  assertProblem(await freeLearner.api.api('GET', `/api/v1/reviews/${a.pending}`), 404);
  assert.equal((await freeLearner.web.get(`/reviews/${a.pending}`)).status, 404);
  const own = await a.web.get(`/submissions/${a.sub}/file`);
  assert.equal(own.status, 200, own.describe());
  assert.equal(own.body, 'My notes from A\n');
  assert.match(own.headers.get('content-disposition'), /attachment; filename="notes\.txt"/);
  assert.match(own.contentType, /^text\/plain/);
  // b reviewed a in round 1.
  assert.equal((await b.web.get(`/submissions/${a.sub}/file`)).status, 200);
  const { client: staff } = await signIn(srv, srv.demo.staff.email, srv.demo.staff.password);
  assert.equal((await staff.get(`/submissions/${a.sub}/file`)).status, 200);
  assert.equal((await new Client(srv.url).get(`/submissions/${a.sub}/file`)).status, 303, 'visitors sign in first');
  // Learners do not see the staff queue.
  assert.equal((await a.web.get('/staff/reviews')).status, 403);
});

test('CRS-1: a lone learner\'s submission goes to staff after the fallback delay; a staff review grades it', async () => {
  const e = await newLearner('solo');
  await setClock(Math.max(now, Date.now()) + 60000);
  const s = await submitForm(e.web, SOLO, { answer: 'The only answer in this course.' });
  assert.equal(s.status, 303, s.describe());
  // Alone in the course: nobody's work to review, nobody to review it.
  const claim = await e.api.api('POST', '/api/v1/reviews', {});
  assertProblem(claim, 404);
  let { client: staff } = await signIn(srv, srv.demo.staff.email, srv.demo.staff.password);
  let q = await staff.get('/staff/reviews');
  assert.equal(q.status, 200, q.describe());
  assert.doesNotMatch(q.body, /Essay alone/);
  await setClock(now + 7 * DAY - 120000);
  assert.doesNotMatch((await staff.get('/staff/reviews')).body, /Essay alone/, 'not before the delay');
  await setClock(now + 180000);
  // Sessions idle for a week have expired meanwhile: sign in again.
  ({ client: staff } = await signIn(srv, srv.demo.staff.email, srv.demo.staff.password));
  e.web = (await signIn(srv, e.email, PASSWORD)).client;
  q = await staff.get('/staff/reviews');
  assert.match(q.body, /Essay alone/, q.describe(2000));
  await srv.waitForMail((x) => x.to.toLowerCase().includes(e.email) && /A teacher will grade/.test(x.subject));
  const page = await e.web.get(SOLO);
  assert.match(page.body, /a teacher will grade it/);
  // The staff member takes it and grades it alone.
  const csrf = csrfFrom(q.body, '/staff/reviews');
  const subId = /name="submission" value="(\d+)"/.exec(q.body)[1];
  const t = await staff.post('/staff/reviews', { csrf, submission: subId });
  assert.equal(t.status, 303, t.describe());
  const reviewPath = new URL(t.location, srv.url).pathname;
  const form = await staff.get(reviewPath);
  assert.match(form.body, /The only answer in this course/);
  const c2 = csrfFrom(form.body, reviewPath);
  const done = await staff.post(reviewPath, { csrf: c2, score_0: '3', comment_0: 'Correct and complete, well done.', score_1: '2', comment_1: 'Mostly clear; name variables better.', score_2: '2', comment_2: 'Consistent style, short functions.' });
  assert.equal(done.status, 303, done.describe());
  const g = await e.api.api('GET', `/api/v1/submissions/${subId}`);
  assert.equal(g.json.state, 'graded');
  assert.equal(g.json.grade_percent, 70);
  assert.deepEqual(g.json.reviews.map((x) => x.reviewer), ['Teacher']);
  await srv.waitForMail((x) => x.to.toLowerCase().includes(e.email) && /is graded/.test(x.subject));
  assert.doesNotMatch((await staff.get('/staff/reviews')).body, /Essay alone/);
});
