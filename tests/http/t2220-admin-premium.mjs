// Staff grants of Premium access: /admin/premium and /api/v1/premium-grants (audited, DATA-1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { apiToken, assertFieldError, assertProblem, signIn, signupAndVerify, SCRIPT } from '../lib/fixtures.mjs';
import { csrfFrom, hasErrorElement, labelTargets, parseForms } from '../lib/html.mjs';

let srv;
let staff;
let admin;
before(async () => {
  srv = await startCampus();
  staff = (await signIn(srv, srv.demo.staff.email, srv.demo.staff.password)).client;
  admin = await apiToken(srv, srv.demo.admin.email, srv.demo.admin.password);
});
after(async () => { await srv?.stop(); });

async function premiumOf(email) {
  const r = await admin.api('GET', '/api/v1/premium-grants');
  assert.equal(r.status, 200, r.describe());
  return r.json.items.find((g) => g.email === email.toLowerCase());
}

async function post(client, page, fields) {
  const p = await client.get(page);
  return client.post('/admin/premium', { csrf: csrfFrom(p.body), ...fields });
}

test('non-staff: a learner gets 403 on the page and the API; a visitor is sent to sign in', async () => {
  const { client } = await signIn(srv, srv.demo.learner.email, srv.demo.learner.password);
  const r = await client.get('/admin/premium');
  assert.equal(r.status, 403, r.describe());
  const p = await client.post('/admin/premium', { csrf: csrfFrom((await client.get('/')).body), action: 'grant', user_id: '1', reason: 'me' });
  assert.equal(p.status, 403, p.describe());
  const v = await new Client(srv.url).get('/admin/premium');
  assert.equal(v.status, 303, v.describe());
  const learner = await apiToken(srv, srv.demo.learner.email, srv.demo.learner.password);
  assertProblem(await learner.api('GET', '/api/v1/premium-grants'), 403);
  assertProblem(await learner.api('POST', '/api/v1/premium-grants', { email: srv.demo.learner.email, reason: 'me' }), 403);
  assertProblem(await learner.api('DELETE', '/api/v1/premium-grants/1'), 403);
  assertProblem(await new Client(srv.url).api('GET', '/api/v1/premium-grants'), 401);
  assert.equal(await premiumOf(srv.demo.learner.email), undefined, 'nothing granted');
});

test('staff finds an account, grants with a reason and a last day, sees it listed, revokes it', async () => {
  const u = await signupAndVerify(srv, { name: 'Grace Granted' });
  const page = `/admin/premium?email=${encodeURIComponent(u.email)}`;
  const f = await staff.get(page);
  assert.equal(f.status, 200, f.describe());
  assert.match(f.body, /Grace Granted/);
  const labels = labelTargets(f.body);
  for (const id of ['f-email', 'f-reason', 'f-ends_on']) assert.ok(labels.has(id), `label for ${id}`);
  const grantForm = parseForms(f.body).find((x) => x.fields.some((y) => y.name === 'action' && y.value === 'grant'));
  assert.ok(grantForm, 'a grant form');
  const r = await post(staff, page, { action: 'grant', user_id: grantForm.fields.find((x) => x.name === 'user_id').value, email: u.email, reason: 'Scholarship 2027', ends_on: '2099-12-31' });
  assert.equal(r.status, 303, r.describe());
  const after1 = await staff.follow(r);
  assert.match(after1.body, /Premium access granted|Accès Premium accordé/);
  assert.match(after1.body, /Scholarship 2027/);
  assert.match(after1.body, /31 (December|décembre) 2099/, 'the last day as entered');
  const g = await premiumOf(u.email);
  assert.ok(g, 'listed by the API');
  assert.equal(g.reason, 'Scholarship 2027');
  assert.equal(g.granted_by, srv.demo.staff.email.toLowerCase());
  assert.equal(g.ends_at, '2099-12-31T23:00:00Z', 'ends at the midnight after the last day, Paris time');
  // The audit log has it (DATA-1).
  const audit = await admin.api('GET', '/api/v1/audit');
  assert.ok(JSON.stringify(audit.json).includes('premium.grant'), 'audited');
  // Granting again is refused: revoke first.
  const again = await post(staff, page, { action: 'grant', user_id: String(g.user_id), email: u.email, reason: 'twice' });
  assert.equal(again.status, 409, again.describe());
  assert.match(again.body, /revoke it first|révoquez-le d(?:'|&#39;)abord/);
  // Revoke.
  const panel = await staff.get(page);
  const revokeForm = parseForms(panel.body).find((x) => x.fields.some((y) => y.name === 'action' && y.value === 'revoke') && x.fields.some((y) => y.name === 'reason'));
  assert.ok(revokeForm, 'a revoke form with an optional reason');
  assert.ok(labelTargets(panel.body).has(revokeForm.fields.find((y) => y.name === 'reason').id), 'the reason is labelled');
  const rv = await post(staff, page, { action: 'revoke', user_id: String(g.user_id), email: u.email, reason: 'Scholarship ended' });
  assert.equal(rv.status, 303, rv.describe());
  assert.match((await staff.follow(rv)).body, /Premium access revoked|Accès Premium révoqué/);
  assert.equal(await premiumOf(u.email), undefined);
  const audit2 = await admin.api('GET', '/api/v1/audit');
  assert.ok(JSON.stringify(audit2.json).includes('Scholarship ended'), 'the revoke reason is audited');
  const rv2 = await post(staff, page, { action: 'revoke', user_id: String(g.user_id), email: u.email });
  assert.equal(rv2.status, 404, rv2.describe());
  assert.match(rv2.body, /no Premium grant to revoke|n(?:'|&#39;)a aucun accès Premium accordé à révoquer/);
});

for (const [label, fields, field] of [
  ['no reason', { reason: '' }, 'reason'],
  ['a reason of blanks', { reason: '   ' }, 'reason'],
  ['a reason of 501 characters', { reason: 'x'.repeat(501) }, 'reason'],
  ['a last day in the past', { reason: 'ok', ends_on: '2001-01-01' }, 'ends_on'],
  ['a last day that is no date', { reason: 'ok', ends_on: '2027-02-30' }, 'ends_on'],
]) {
  test(`grant refused: ${label} → 422 with the error, nothing granted`, async () => {
    const u = await signupAndVerify(srv);
    const page = `/admin/premium?email=${encodeURIComponent(u.email)}`;
    const f = await staff.get(page);
    const id = parseForms(f.body).find((x) => x.fields.some((y) => y.name === 'action' && y.value === 'grant')).fields.find((x) => x.name === 'user_id').value;
    const r = await post(staff, page, { action: 'grant', user_id: id, email: u.email, ...fields });
    assert.equal(r.status, 422, r.describe());
    assert.ok(hasErrorElement(r.body), 'an error is shown');
    assert.match(r.body, new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`));
    assert.equal(await premiumOf(u.email), undefined);
  });
}

test('unknown email → 404 with a message; markup in the search is escaped; bad forms → 400', async () => {
  const r = await staff.get(`/admin/premium?email=${encodeURIComponent(`nobody${SCRIPT}@example.test`)}`);
  assert.equal(r.status, 404, r.describe());
  assert.match(r.body, /No account has this email address|Aucun compte n(?:'|&#39;)a cette adresse/);
  assert.ok(!r.body.includes(SCRIPT));
  for (const fields of [{ action: 'explode', user_id: '1' }, { action: 'grant', user_id: 'x', reason: 'r' }, { action: 'grant', reason: 'r' }]) {
    const b = await post(staff, '/admin/premium', fields);
    assert.equal(b.status, 400, b.describe());
  }
  const nf = await post(staff, '/admin/premium', { action: 'grant', user_id: '999999', reason: 'r' });
  assert.equal(nf.status, 404, nf.describe());
});

test('API: staff grants by email or user_id, lists, revokes; errors are problems', async () => {
  const s = await apiToken(srv, srv.demo.staff.email, srv.demo.staff.password);
  const u = await signupAndVerify(srv);
  const r = await s.api('POST', '/api/v1/premium-grants', { email: u.email.toUpperCase(), reason: 'Partner school', ends_at: '2099-06-30T22:00:00Z' });
  assert.equal(r.status, 201, r.describe());
  assert.equal(r.json.email, u.email.toLowerCase());
  assert.deepEqual(r.json.premium, { active: true, source: 'grant', until: '2099-06-30T22:00:00Z' });
  const list = await s.api('GET', '/api/v1/premium-grants');
  assert.ok(list.json.items.some((g) => g.user_id === r.json.user_id && g.reason === 'Partner school'));
  assert.equal(typeof list.json.more, 'boolean');
  assertProblem(await s.api('POST', '/api/v1/premium-grants', { user_id: r.json.user_id, reason: 'again' }), 409);
  assert.equal((await s.api('DELETE', `/api/v1/premium-grants/${r.json.user_id}`)).status, 204);
  assertProblem(await s.api('DELETE', `/api/v1/premium-grants/${r.json.user_id}`), 404);
  const byId = await s.api('POST', '/api/v1/premium-grants', { user_id: r.json.user_id, reason: 'by id' });
  assert.equal(byId.status, 201, byId.describe());
  assert.equal(byId.json.premium.until, null);
  assertFieldError(await s.api('POST', '/api/v1/premium-grants', { email: u.email }), 'reason');
  assertFieldError(await s.api('POST', '/api/v1/premium-grants', { email: u.email, reason: 'x', ends_at: 'tomorrow' }), 'ends_at');
  assertFieldError(await s.api('POST', '/api/v1/premium-grants', { reason: 'x' }), 'email');
  assertFieldError(await s.api('POST', '/api/v1/premium-grants', { user_id: 'one', reason: 'x' }), 'user_id');
  assertProblem(await s.api('POST', '/api/v1/premium-grants', { email: 'nobody@example.test', reason: 'x' }), 404);
  assertProblem(await s.api('POST', '/api/v1/premium-grants', { user_id: 999999, reason: 'x' }), 404);
  assertProblem(await s.api('DELETE', '/api/v1/premium-grants/abc'), 404);
  assertProblem(await s.api('GET', '/api/v1/premium-grants?page=-1'), 400);
});

test('the page in French', async () => {
  const { client } = await signIn(srv, srv.demo.staff.email, srv.demo.staff.password);
  await client.post('/lang', { csrf: csrfFrom((await client.get('/')).body), lang: 'fr', next: '/' });
  const r = await client.get('/admin/premium');
  assert.equal(r.status, 200, r.describe());
  assert.match(r.body, /Accès Premium/);
});
