// Settings: profile and security tabs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { findForm, labelTargets, hasErrorElement, htmlLang } from '../lib/html.mjs';
import { signupAndVerify, signIn, SCRIPT, assertSignInRefused } from '../lib/fixtures.mjs';

let srv;
before(async () => { srv = await startCampus(); });
after(async () => { await srv?.stop(); });

test('anonymous /settings pages redirect to sign-in with next', async () => {
  for (const path of ['/settings', '/settings/security']) {
    const r = await new Client(srv.url).get(path);
    assert.equal(r.status, 303, r.describe());
    const loc = new URL(r.location, srv.url);
    assert.equal(loc.pathname, '/signin', r.describe());
    assert.equal(loc.searchParams.get('next'), path, r.describe());
  }
});

test('profile tab: labelled form with name, country, lang and csrf, prefilled', async () => {
  const u = await signupAndVerify(srv, { name: 'Prefilled Name', country: 'BE' });
  const { client } = await signIn(srv, u.email, u.password);
  const r = await client.get('/settings');
  assert.equal(r.status, 200, r.describe());
  const form = findForm(r.body, '/settings/profile');
  const by = Object.fromEntries(form.fields.filter((f) => f.name).map((f) => [f.name, f]));
  for (const n of ['csrf', 'name', 'country', 'lang']) assert.ok(by[n], `profile form lacks ${n}`);
  assert.equal(by.name.value, 'Prefilled Name');
  assert.equal(by.country.value, 'BE');
  assert.equal(by.lang.value, 'en');
  const labels = labelTargets(r.body);
  for (const n of ['name', 'country', 'lang']) assert.ok(by[n].id && labels.has(by[n].id), `${n} has no <label for>`);
  assert.match(r.body, /href=["'][^"']*\/settings\/security/, 'link to the security tab');
});

test('profile update is saved and shown', async () => {
  const u = await signupAndVerify(srv);
  const { client } = await signIn(srv, u.email, u.password);
  const r = await client.submit('/settings', { name: 'New Name', country: 'CA', lang: 'en' }, { action: '/settings/profile' });
  assert.ok([200, 303].includes(r.status), r.describe());
  const s = await client.get('/settings');
  const f = findForm(s.body, '/settings/profile');
  assert.equal(f.fields.find((x) => x.name === 'name').value, 'New Name');
  assert.equal(f.fields.find((x) => x.name === 'country').value, 'CA');
});

test('profile lang=fr switches the account language', async () => {
  const u = await signupAndVerify(srv);
  const { client } = await signIn(srv, u.email, u.password);
  const r = await client.submit('/settings', { lang: 'fr' }, { action: '/settings/profile' });
  assert.ok([200, 303].includes(r.status), r.describe());
  const fresh = await signIn(srv, u.email, u.password);
  const s = await fresh.client.get('/settings');
  assert.equal(htmlLang(s.body), 'fr', 'a fresh session of a French account renders in French');
});

for (const [label, fields] of [
  ['empty name', { name: '' }],
  ['unknown country', { country: 'XX' }],
  ['unsupported language', { lang: 'de' }],
  ['name of 10,000 characters', { name: 'x'.repeat(10000) }],
]) {
  test(`profile refused: ${label} → 422 with an error, nothing changed`, async () => {
    const u = await signupAndVerify(srv, { name: 'Unchanged' });
    const { client } = await signIn(srv, u.email, u.password);
    const r = await client.submit('/settings', fields, { action: '/settings/profile' });
    assert.equal(r.status, 422, r.describe());
    assert.ok(hasErrorElement(r.body), 'no error element');
    const s = await client.get('/settings');
    assert.equal(findForm(s.body, '/settings/profile').fields.find((x) => x.name === 'name').value, 'Unchanged');
  });
}

test('a name with markup is refused with an error, or stored and rendered escaped', async () => {
  const u = await signupAndVerify(srv);
  const { client } = await signIn(srv, u.email, u.password);
  const r = await client.submit('/settings', { name: `Eve ${SCRIPT} "q" 'a' & co` }, { action: '/settings/profile' });
  assert.ok(!r.body.includes(SCRIPT), `raw <script> in the response: ${r.describe()}`);
  if (r.status === 422) {
    assert.ok(hasErrorElement(r.body), 'refused without an error element');
    return;
  }
  assert.ok([200, 303].includes(r.status), r.describe());
  for (const p of ['/settings', '/settings/security', '/']) {
    const s = await client.get(p);
    assert.ok(!s.body.includes(SCRIPT), `raw <script> in ${p}`);
  }
  const s = await client.get('/settings');
  assert.ok(s.body.includes('&lt;script&gt;'), 'the name is shown, escaped');
  assert.equal(findForm(s.body, '/settings/profile').fields.find((x) => x.name === 'name').value, `Eve ${SCRIPT} "q" 'a' & co`);
});

test('security tab: change password needs the current one and a long new one', async () => {
  const u = await signupAndVerify(srv);
  const { client } = await signIn(srv, u.email, u.password);
  const page = await client.get('/settings/security');
  assert.equal(page.status, 200, page.describe());
  const form = findForm(page.body, '/settings/password');
  const by = Object.fromEntries(form.fields.filter((f) => f.name).map((f) => [f.name, f]));
  for (const n of ['csrf', 'current_password', 'new_password']) assert.ok(by[n], `password form lacks ${n}`);
  assert.equal(by.current_password.type, 'password');
  assert.equal(by.new_password.type, 'password');
  const labels = labelTargets(page.body);
  for (const n of ['current_password', 'new_password']) assert.ok(by[n].id && labels.has(by[n].id), `${n} has no <label for>`);

  const wrong = await client.submit('/settings/security', { current_password: 'not my password', new_password: 'another long password' }, { action: '/settings/password' });
  assert.equal(wrong.status, 422, `wrong current password: ${wrong.describe()}`);
  assert.ok(hasErrorElement(wrong.body));
  const short = await client.submit('/settings/security', { current_password: u.password, new_password: 'short' }, { action: '/settings/password' });
  assert.equal(short.status, 422, `new password too short: ${short.describe()}`);
  const ok = await client.submit('/settings/security', { current_password: u.password, new_password: 'another long password' }, { action: '/settings/password' });
  assert.ok([200, 303].includes(ok.status), ok.describe());
  assert.equal((await client.get('/settings')).status, 200, 'the session that changed the password stays signed in');
  assert.equal((await new Client(srv.url).submit('/signin', { email: u.email, password: 'another long password' })).status, 303, 'sign-in with the new password');
  await assertSignInRefused(srv, u.email, u.password, 'old password after a change');
});

test('hardening: changing the password ends the other sessions', async () => {
  const u = await signupAndVerify(srv);
  const a = (await signIn(srv, u.email, u.password)).client;
  const b = (await signIn(srv, u.email, u.password)).client;
  const ok = await a.submit('/settings/security', { current_password: u.password, new_password: 'rotated password 1' }, { action: '/settings/password' });
  assert.ok([200, 303].includes(ok.status), ok.describe());
  const r = await b.get('/settings');
  assert.equal(r.status, 303, `the other session still works after a password change: ${r.describe()}`);
});

test('state-changing settings forms refuse a missing csrf with 403', async () => {
  const u = await signupAndVerify(srv, { name: 'Csrf Check' });
  const { client } = await signIn(srv, u.email, u.password);
  const p = await client.post('/settings/profile', { name: 'Hacked', country: 'FR', lang: 'en' });
  assert.equal(p.status, 403, p.describe());
  const w = await client.post('/settings/password', { current_password: u.password, new_password: 'hacked password 1' });
  assert.equal(w.status, 403, w.describe());
  const s = await client.get('/settings');
  assert.equal(findForm(s.body, '/settings/profile').fields.find((x) => x.name === 'name').value, 'Csrf Check');
});

test('hardening: POSTs to settings when signed out do not change anything', async () => {
  const c = new Client(srv.url);
  const csrf = await c.csrf('/signin');
  const r = await c.post('/settings/profile', { csrf, name: 'x', country: 'FR', lang: 'en' });
  assert.ok([303, 401, 403].includes(r.status), r.describe());
});
