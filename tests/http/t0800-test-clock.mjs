// The manual test clock (POST /api/v1/test-clock), only with --clock manual.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { apiToken, assertProblem, currentTermsVersion, apiSignupBody, resetLink, tokenOf, verificationLink } from '../lib/fixtures.mjs';

let srv;
let admin;
before(async () => {
  srv = await startCampus({ clock: 'manual' });
  admin = await apiToken(srv, srv.demo.admin.email, srv.demo.admin.password);
  // Start from the server's idea of now when /healthz tells it, else from the real clock.
  const h = (await new Client(srv.url).get('/healthz')).json || {};
  const reported = Date.parse(h.now ?? h.time ?? h.clock?.now ?? '');
  now = Number.isNaN(reported) ? Date.now() : Math.max(reported, Date.now());
});
after(async () => { await srv?.stop(); });

const DAY = 86400000;
let now;

function iso(ms) { return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'); }

async function setClock(ms) {
  const r = await admin.api('POST', '/api/v1/test-clock', { now: iso(ms) });
  assert.equal(r.status, 200, r.describe());
  assert.equal(Date.parse(r.json.now), Date.parse(iso(ms)), `returned now: ${r.body}`);
  now = ms;
  return r;
}

test('an admin moves the clock forward: 200 {now}', async () => {
  await setClock(now + DAY);
  await setClock(now + 1000);
});

test('hardening: RFC 3339 with an offset is accepted and normalised', async () => {
  const target = now + 2 * DAY;
  const d = new Date(target + 2 * 3600000);
  const withOffset = `${d.toISOString().slice(0, 19)}+02:00`;
  const r = await admin.api('POST', '/api/v1/test-clock', { now: withOffset });
  assert.equal(r.status, 200, r.describe());
  assert.equal(Date.parse(r.json.now), Math.floor(target / 1000) * 1000);
  now = Math.floor(target / 1000) * 1000;
});

test('moving backwards → 422 problem, clock unchanged', async () => {
  const r = await admin.api('POST', '/api/v1/test-clock', { now: iso(now - DAY) });
  assertProblem(r, 422);
  await setClock(now + 1000);
});

test('invalid instants → 400/422 problem', async () => {
  for (const v of ['yesterday', '2030-02-30T00:00:00Z', '2030-01-01', '', 12345, null]) {
    const r = await admin.api('POST', '/api/v1/test-clock', { now: v });
    assertProblem(r, [400, 422]);
  }
  assertProblem(await admin.api('POST', '/api/v1/test-clock', {}), [400, 422]);
});

test('non-admins get 403, anonymous 401', async () => {
  const learner = await apiToken(srv, srv.demo.learner.email, srv.demo.learner.password);
  assertProblem(await learner.api('POST', '/api/v1/test-clock', { now: iso(now + DAY) }), 403);
  const staff = await apiToken(srv, srv.demo.staff.email, srv.demo.staff.password);
  assertProblem(await staff.api('POST', '/api/v1/test-clock', { now: iso(now + DAY) }), 403);
  assertProblem(await new Client(srv.url).api('POST', '/api/v1/test-clock', { now: iso(now + DAY) }), 401);
});

test('hardening: an admin signed in with a cookie cannot move the clock without a bearer/CSRF', async () => {
  const c = new Client(srv.url);
  await c.submit('/signin', { email: srv.demo.admin.email, password: srv.demo.admin.password });
  const r = await c.api('POST', '/api/v1/test-clock', { now: iso(now + DAY) });
  assert.ok([401, 403].includes(r.status), r.describe());
});

test('hardening: moving the clock expires tokens: a reset link is dead 30 days later', async () => {
  const tv = await currentTermsVersion(srv.url);
  const body = apiSignupBody(tv);
  assert.equal((await new Client(srv.url).api('POST', '/api/v1/accounts', body)).status, 201);
  const vt = tokenOf(await verificationLink(srv, body.email));
  assert.equal((await new Client(srv.url).api('POST', '/api/v1/email-verifications', { token: vt })).status, 200);
  const n = srv.mails().length;
  assert.equal((await new Client(srv.url).api('POST', '/api/v1/password-resets', { email: body.email })).status, 202);
  const token = tokenOf(await resetLink(srv, body.email, n));
  await setClock(now + 30 * DAY);
  const r = await new Client(srv.url).api('POST', '/api/v1/password-resets/confirm', { token, password: 'too late for this' });
  assertProblem(r);
  assert.ok(r.status >= 400 && r.status < 500, r.describe());
});

test('sessions and tokens survive a small clock move', async () => {
  await setClock(now + 60000);
  const me = await admin.api('GET', '/api/v1/me');
  assert.equal(me.status, 200, me.describe());
});

test('without --clock manual the route does not exist (404), even for an admin', async () => {
  const other = await startCampus();
  try {
    const a = await apiToken(other, other.demo.admin.email, other.demo.admin.password);
    const r = await a.api('POST', '/api/v1/test-clock', { now: iso(Date.now() + DAY) });
    assert.equal(r.status, 404, r.describe());
  } finally {
    await other.stop();
  }
});

test('jobs that became due run before the answer: the daily session purge', async () => {
  // The purge job reschedules itself one day ahead each time it runs, so a
  // move of a day and a bit always makes one due, and the answer counts it.
  const r = await setClock(now + DAY + 3600000);
  assert.ok(r.json.jobs_run >= 1, `jobs_run ${r.json.jobs_run}: ${r.body}`);
  // Nothing is left due at that instant: a move of one second runs no job.
  const again = await setClock(now + 1000);
  assert.equal(again.json.jobs_run, 0, again.body);
});
