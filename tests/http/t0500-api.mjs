// JSON API: accounts, verification, tokens, me, password, resets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { currentTermsVersion, apiSignupBody, verificationLink, resetLink, tokenOf, apiToken, assertProblem, assertFieldError, PASSWORD, birthDate } from '../lib/fixtures.mjs';

let srv;
let tv;
before(async () => { srv = await startCampus(); tv = await currentTermsVersion(srv.url); });
after(async () => { await srv?.stop(); });

async function createVerified(over = {}) {
  const body = apiSignupBody(tv, over);
  const r = await new Client(srv.url).api('POST', '/api/v1/accounts', body);
  assert.equal(r.status, 201, r.describe());
  const token = tokenOf(await verificationLink(srv, body.email));
  const v = await new Client(srv.url).api('POST', '/api/v1/email-verifications', { token });
  assert.equal(v.status, 200, v.describe());
  return body;
}

test('POST /api/v1/accounts → 201 with the public account, never a password', async () => {
  const body = apiSignupBody(tv, { name: 'Ærøskøbing Ünïcode' });
  const r = await new Client(srv.url).api('POST', '/api/v1/accounts', body);
  assert.equal(r.status, 201, r.describe());
  assert.match(r.contentType, /^application\/json/);
  const j = r.json;
  assert.ok(j.id !== undefined && j.id !== null, 'id');
  assert.equal(j.email, body.email);
  assert.equal(j.name, body.name);
  assert.equal(j.lang, 'en');
  assert.equal(j.country, 'FR');
  assert.equal(j.verified, false);
  assert.ok(!/password|hash|argon/i.test(JSON.stringify(Object.keys(j))), `leaks a password field: ${r.body}`);
  assert.ok(!r.body.includes(PASSWORD));
  if (r.headers.get('location')) assert.match(r.headers.get('location'), /\/api\/v1\//);
});

test('taken email → 409 problem (case-insensitive)', async () => {
  const body = apiSignupBody(tv);
  assert.equal((await new Client(srv.url).api('POST', '/api/v1/accounts', body)).status, 201);
  assertProblem(await new Client(srv.url).api('POST', '/api/v1/accounts', { ...body }), 409);
  assertProblem(await new Client(srv.url).api('POST', '/api/v1/accounts', { ...body, email: body.email.toUpperCase() }), 409);
  assertProblem(await new Client(srv.url).api('POST', '/api/v1/accounts', { ...apiSignupBody(tv), email: srv.demo.admin.email }), 409);
});

test('email verification: 200 once, then a problem; unknown token a problem', async () => {
  const body = apiSignupBody(tv);
  await new Client(srv.url).api('POST', '/api/v1/accounts', body);
  const token = tokenOf(await verificationLink(srv, body.email));
  const c = new Client(srv.url);
  const ok = await c.api('POST', '/api/v1/email-verifications', { token });
  assert.equal(ok.status, 200, ok.describe());
  const again = await c.api('POST', '/api/v1/email-verifications', { token });
  assert.ok(again.status >= 400 && again.status < 500, again.describe());
  assertProblem(again);
  const bad = await c.api('POST', '/api/v1/email-verifications', { token: 'nope-nope-nope-nope' });
  assertProblem(bad);
  assert.ok(bad.status >= 400 && bad.status < 500);
  const missing = await c.api('POST', '/api/v1/email-verifications', {});
  assertProblem(missing, [400, 422]);
});

test('tokens: 201 for the right password, problem otherwise; GET /api/v1/me with the bearer', async () => {
  const body = await createVerified();
  const c = await apiToken(srv, body.email, body.password);
  const me = await c.api('GET', '/api/v1/me');
  assert.equal(me.status, 200, me.describe());
  assert.equal(me.json.email, body.email);
  assert.equal(me.json.verified, true);
  assert.equal(me.json.name, body.name);
  assert.ok(!/password|hash/i.test(JSON.stringify(Object.keys(me.json))), me.body);
  const wrong = await new Client(srv.url).api('POST', '/api/v1/tokens', { email: body.email, password: 'wrong password!', name: 'x' });
  assertProblem(wrong);
  assert.ok([401, 422].includes(wrong.status), wrong.describe());
  const unknown = await new Client(srv.url).api('POST', '/api/v1/tokens', { email: 'ghost@example.test', password: 'wrong password!', name: 'x' });
  assert.equal(unknown.status, wrong.status, 'unknown email and wrong password answer alike');
});

test('GET /api/v1/me without or with a bad bearer → 401 problem', async () => {
  const c = new Client(srv.url);
  const r = await c.api('GET', '/api/v1/me');
  assertProblem(r, 401);
  const bad = await c.api('GET', '/api/v1/me', undefined, { token: 'not-a-real-token' });
  assertProblem(bad, 401);
  const malformed = await c.api('GET', '/api/v1/me', undefined, { headers: { authorization: 'Bearer' } });
  assertProblem(malformed, 401);
  const basic = await c.api('GET', '/api/v1/me', undefined, { headers: { authorization: 'Basic Zm9vOmJhcg==' } });
  assertProblem(basic, 401);
});

test('PATCH /api/v1/me updates name/country/lang; invalid fields → 422 errors[]', async () => {
  const body = await createVerified();
  const c = await apiToken(srv, body.email, body.password);
  const r = await c.api('PATCH', '/api/v1/me', { name: 'Patched', country: 'DE', lang: 'fr' });
  assert.equal(r.status, 200, r.describe());
  assert.equal(r.json.name, 'Patched');
  assert.equal(r.json.country, 'DE');
  assert.equal(r.json.lang, 'fr');
  const partial = await c.api('PATCH', '/api/v1/me', { name: 'Only Name' });
  assert.equal(partial.status, 200, partial.describe());
  assert.equal(partial.json.country, 'DE', 'a partial PATCH keeps the other fields');
  assertFieldError(await c.api('PATCH', '/api/v1/me', { lang: 'de' }), 'lang');
  assertFieldError(await c.api('PATCH', '/api/v1/me', { country: 'ZZ' }), 'country');
  assertFieldError(await c.api('PATCH', '/api/v1/me', { name: '' }), 'name');
  assertFieldError(await c.api('PATCH', '/api/v1/me', { name: 42 }), 'name');
  const me = await c.api('GET', '/api/v1/me');
  assert.equal(me.json.name, 'Only Name', 'a refused PATCH changed something');
  const noauth = await new Client(srv.url).api('PATCH', '/api/v1/me', { name: 'x' });
  assertProblem(noauth, 401);
});

test('hardening: PATCH /api/v1/me does not let a user change email, role or verified', async () => {
  const body = await createVerified();
  const c = await apiToken(srv, body.email, body.password);
  const r = await c.api('PATCH', '/api/v1/me', { email: 'other@example.test', role: 'admin', verified: false, id: 1 });
  assert.ok([200, 422].includes(r.status), r.describe());
  const me = await c.api('GET', '/api/v1/me');
  assert.equal(me.json.email, body.email);
  assert.equal(me.json.verified, true);
  assert.notEqual(me.json.role, 'admin');
});

test('POST /api/v1/me/password: 204, new password works, old one not', async () => {
  const body = await createVerified();
  const c = await apiToken(srv, body.email, body.password);
  const wrong = await c.api('POST', '/api/v1/me/password', { current_password: 'not it at all', new_password: 'a new long password' });
  assertProblem(wrong);
  assert.ok([401, 403, 422].includes(wrong.status), wrong.describe());
  assertFieldError(await c.api('POST', '/api/v1/me/password', { current_password: body.password, new_password: 'short' }), 'new_password');
  const ok = await c.api('POST', '/api/v1/me/password', { current_password: body.password, new_password: 'a new long password' });
  assert.equal(ok.status, 204, ok.describe());
  assert.equal(ok.body, '');
  assert.equal((await new Client(srv.url).api('POST', '/api/v1/tokens', { email: body.email, password: 'a new long password', name: 't' })).status, 201);
  assert.notEqual((await new Client(srv.url).api('POST', '/api/v1/tokens', { email: body.email, password: body.password, name: 't' })).status, 201);
});

test('password resets: 202 for known and unknown; confirm 204 once; new password works', async () => {
  const body = await createVerified();
  const c = new Client(srv.url);
  const n = srv.mails().length;
  const known = await c.api('POST', '/api/v1/password-resets', { email: body.email });
  assert.equal(known.status, 202, known.describe());
  const unknown = await c.api('POST', '/api/v1/password-resets', { email: 'nobody-at-all@example.test' });
  assert.equal(unknown.status, 202, unknown.describe());
  assert.equal(unknown.body, known.body, 'known and unknown emails must answer alike');
  const token = tokenOf(await resetLink(srv, body.email, n));
  assertFieldError(await c.api('POST', '/api/v1/password-resets/confirm', { token, password: 'short' }), 'password');
  const ok = await c.api('POST', '/api/v1/password-resets/confirm', { token, password: 'reset via the api' });
  assert.equal(ok.status, 204, ok.describe());
  const again = await c.api('POST', '/api/v1/password-resets/confirm', { token, password: 'reset via the api 2' });
  assertProblem(again);
  assert.ok(again.status >= 400 && again.status < 500);
  assert.equal((await new Client(srv.url).api('POST', '/api/v1/tokens', { email: body.email, password: 'reset via the api', name: 't' })).status, 201);
  const forged = await c.api('POST', '/api/v1/password-resets/confirm', { token: 'forged-token-forged-token', password: 'whatever long enough' });
  assertProblem(forged);
});

test('hardening: the HTML session cookie alone does not authorise state-changing API calls without CSRF', async () => {
  const c = new Client(srv.url);
  const s = await c.submit('/signin', { email: srv.demo.learner.email, password: srv.demo.learner.password });
  assert.equal(s.status, 303);
  const r = await c.api('PATCH', '/api/v1/me', { name: 'Cross-site' });
  assert.ok([401, 403].includes(r.status), `PATCH /api/v1/me with only a session cookie: ${r.describe()}`);
  const t = await apiToken(srv, srv.demo.learner.email, srv.demo.learner.password);
  assert.notEqual((await t.api('GET', '/api/v1/me')).json.name, 'Cross-site');
});

test('a learner of 14 can be created through the API; age is not exposed as a birth date leak', async () => {
  const r = await new Client(srv.url).api('POST', '/api/v1/accounts', apiSignupBody(tv, { birth_date: birthDate(14) }));
  assert.equal(r.status, 201, r.describe());
});

test('hardening: API responses are JSON with charset-safe content type and no-store for tokens', async () => {
  const body = await createVerified();
  const r = await new Client(srv.url).api('POST', '/api/v1/tokens', { email: body.email, password: body.password, name: 'cache' });
  assert.equal(r.status, 201);
  assert.match(r.headers.get('cache-control') || '', /no-store/, 'a response carrying a secret token should be Cache-Control: no-store');
});
