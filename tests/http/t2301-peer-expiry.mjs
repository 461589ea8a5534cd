// Peer review claims expire after peer_review_claim_hours and the work goes
// to someone else (CRS-1); the reviewer who let it expire never gets it
// again; emails to the author are in the author's language (ACC-4).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { PASSWORD, apiToken, assertProblem, signIn } from '../lib/fixtures.mjs';
import { addCourse, cli, newLearner, criteria } from '../lib/peer.mjs';

let srv;
let admin;
let now;
let x;
let y;
let z;
const HOUR = 3600000;

function iso(ms) { return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'); }
async function setClock(ms) {
  const r = await admin.api('POST', '/api/v1/test-clock', { now: iso(ms) });
  assert.equal(r.status, 200, r.describe());
  now = ms;
}
const SUBMIT = '/api/v1/courses/exp-course/homework/essay/submissions';

before(async () => {
  srv = await startCampus({ clock: 'manual' });
  admin = await apiToken(srv, srv.demo.admin.email, srv.demo.admin.password);
  addCourse(srv, 'exp-course', 'essay');
  [x, y, z] = [await newLearner(srv, 'x'), await newLearner(srv, 'y'), await newLearner(srv, 'z')];
  const fr = await x.api.api('PATCH', '/api/v1/me', { lang: 'fr' });
  assert.equal(fr.status, 200, fr.describe());
  await setClock(Date.now() + 60000);
  for (const l of [x, y, z]) {
    const r = await l.api.api('POST', SUBMIT, { answer: `Work of ${l.email}` });
    assert.equal(r.status, 201, r.describe());
    l.sub = r.json.id;
    await setClock(now + 1000);
  }
});
after(async () => { await srv?.stop(); });

test('CRS-1: a claim not done within peer_review_claim_hours expires and the work is reassigned', async () => {
  const c = await y.api.api('POST', '/api/v1/reviews', {});
  assert.equal(c.status, 201, c.describe());
  assert.equal(c.json.submission.id, x.sub, 'the oldest submission with the fewest reviews');
  const expires = Date.parse(c.json.expires_at);
  assert.equal(expires - Date.parse(c.json.claimed_at), 48 * HOUR, 'peer_review_claim_hours = 48 by default');
  const list = await y.web.get('/reviews');
  assert.match(list.body, new RegExp(`href="/reviews/${c.json.id}"`));
  assert.match(list.body, /To do before/);
  await setClock(now + 48 * HOUR + 1000);
  // Too late: the review is closed.
  assertProblem(await y.api.api('POST', `/api/v1/reviews/${c.json.id}`, { criteria: criteria([1, 1, 1]) }), [404, 409]);
  assert.equal((await y.web.get(`/reviews/${c.json.id}`)).status, 404);
  // z gets x's work (it has no live review again), not y's.
  const cz = await z.api.api('POST', '/api/v1/reviews', {});
  assert.equal(cz.status, 201, cz.describe());
  assert.equal(cz.json.submission.id, x.sub);
  // y never gets x's work again: z's instead.
  const cy = await y.api.api('POST', '/api/v1/reviews', {});
  assert.equal(cy.status, 201, cy.describe());
  assert.equal(cy.json.submission.id, z.sub);
  const sent = await z.api.api('POST', `/api/v1/reviews/${cz.json.id}`, { criteria: criteria([4, 3, 2]) });
  assert.equal(sent.status, 200, sent.describe());
  const s = await x.api.api('GET', `/api/v1/submissions/${x.sub}`);
  assert.equal(s.json.reviews_done, 1);
  assert.equal(s.json.state, 'open');
  assert.equal(s.json.grade_percent, null);
});

test('ACC-4: the fallback email reaches a French author in French; the page is French', async () => {
  await setClock(now + 7 * 24 * HOUR);
  const m = await srv.waitForMail((e) => e.to.toLowerCase().includes(x.email) && /Un enseignant notera/.test(e.subject));
  assert.match(m.text, /Trop peu de camarades/);
  assert.equal(m.headers.get('content-language')?.[0], 'fr');
  const page = await x.api.api('GET', `/api/v1/submissions/${x.sub}`);
  assert.equal(page.json.state, 'staff');
  // The one peer review already done is kept.
  assert.equal(page.json.reviews.length, 1);
});

test('CRS-1: without Premium (revoked) a learner can no longer ask for work to review', async () => {
  z.web = (await signIn(srv, z.email, PASSWORD)).client; // the week-old session has expired
  cli(srv, ['premium', 'revoke', z.email, '--reason', 'end of the test grant']);
  await setClock(now + 1000);
  const page = await z.web.get('/reviews');
  assert.equal(page.status, 200, page.describe());
  assert.match(page.body, /part of Premium/);
  assert.doesNotMatch(page.body, /<form method="post" action="\/reviews">/);
  assertProblem(await z.api.api('POST', '/api/v1/reviews', {}), 403);
});
