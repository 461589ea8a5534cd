// Rules of RULES.md that the foundation enforces, observed through the API:
// ACC-1 (explicit, recorded acceptance of the current terms) and DATA-1 (the
// append-only audit log of account changes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { apiSignupBody, apiToken, assertProblem, currentTermsVersion, PASSWORD } from '../lib/fixtures.mjs';

let srv;
let admin;
let version;
before(async () => {
  srv = await startCampus();
  admin = await apiToken(srv, srv.demo.admin.email, srv.demo.admin.password);
  version = await currentTermsVersion(srv.url);
});
after(async () => { await srv?.stop(); });

test('ACC-1: no account without ticking the box; nothing is stored', async () => {
  for (const over of [{ accept_terms: false }, { accept_terms: 'true' }, { accept_terms: undefined }]) {
    const body = apiSignupBody(version, over);
    const r = await new Client(srv.url).api('POST', '/api/v1/accounts', body);
    assertProblem(r, 422);
    assert.ok(r.json.errors.some((e) => e.field === 'accept_terms'), r.describe());
    const t = await new Client(srv.url).api('POST', '/api/v1/tokens', { email: body.email, password: PASSWORD });
    assert.equal(t.status, 401, `an account exists after a refused sign-up: ${t.describe()}`);
  }
});

test('ACC-1: acceptance of a version other than the current one is refused', async () => {
  const r = await new Client(srv.url).api('POST', '/api/v1/accounts', apiSignupBody(version + 1));
  assertProblem(r, 422);
  assert.ok(r.json.errors.some((e) => e.field === 'accept_terms'), r.describe());
});

test('ACC-1: the acceptance is recorded with version, time, IP and user agent', async () => {
  const body = apiSignupBody(version);
  const started = Date.now() - 2000;
  const c = new Client(srv.url);
  const r = await c.api('POST', '/api/v1/accounts', body, { headers: { 'User-Agent': 'campus-tests/1.0' } });
  assert.equal(r.status, 201, r.describe());
  const me = await apiToken(srv, body.email, body.password);
  const m = await me.api('GET', '/api/v1/me');
  assert.equal(m.status, 200, m.describe());
  assert.equal(m.json.acceptances.length, 1, m.body);
  const acc = m.json.acceptances[0];
  assert.equal(acc.kind, 'terms');
  assert.equal(acc.version, version);
  assert.ok(Date.parse(acc.accepted_at) >= Math.floor(started / 1000) * 1000, acc.accepted_at);
  assert.equal(acc.ip, '127.0.0.1');
  assert.equal(acc.user_agent, 'campus-tests/1.0');
  // The version accepted stays readable at its stable URL.
  const page = await new Client(srv.url).get(`/terms/${acc.version}`);
  assert.equal(page.status, 200, page.describe());
});

test('DATA-1: sign-up and profile changes are in the audit log, with before and after, never a password hash', async () => {
  const body = apiSignupBody(version, { name: 'Audit Me' });
  const r = await new Client(srv.url).api('POST', '/api/v1/accounts', body);
  assert.equal(r.status, 201, r.describe());
  const id = r.json.id;
  const me = await apiToken(srv, body.email, body.password);
  const p = await me.api('PATCH', '/api/v1/me', { name: 'Audited Person', lang: 'fr' });
  assert.equal(p.status, 200, p.describe());
  const a = await admin.api('GET', `/api/v1/audit?subject_type=user&subject_id=${id}`);
  assert.equal(a.status, 200, a.describe());
  const actions = a.json.entries.map((e) => e.action);
  assert.deepEqual(actions.slice(0, 2), ['user.update_profile', 'user.signup'], a.body);
  const upd = a.json.entries[0];
  assert.equal(upd.before.name, 'Audit Me');
  assert.equal(upd.after.name, 'Audited Person');
  assert.equal(upd.after.lang, 'fr');
  assert.equal(upd.actor, body.email);
  assert.equal(upd.subject_id, id);
  assert.ok(!/argon2|password_hash/.test(a.body), 'a password hash reached the audit log');
});

test('DATA-1: the audit log is for admins only, and its query is checked', async () => {
  const learner = await apiToken(srv, srv.demo.learner.email, srv.demo.learner.password);
  assertProblem(await learner.api('GET', '/api/v1/audit'), 403);
  assertProblem(await new Client(srv.url).api('GET', '/api/v1/audit'), 401);
  for (const q of ['subject_id=abc', 'subject_id=-1', 'limit=0', 'limit=500', 'subject_type=']) {
    assertProblem(await admin.api('GET', `/api/v1/audit?${q}`), 400);
  }
});
