// Sign-in, session cookie, next=, failures, rate limit (429), sign-out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { findForm, labelTargets, errorText, hasErrorElement } from '../lib/html.mjs';

let srv;
let lockedResponse;
before(async () => { srv = await startCampus(); });
after(async () => { await srv?.stop(); });

test('GET /signin shows a labelled form with csrf and next', async () => {
  const r = await new Client(srv.url).get('/signin');
  assert.equal(r.status, 200, r.describe());
  const form = findForm(r.body, '/signin');
  assert.equal(form.method, 'post');
  const names = form.fields.map((f) => f.name);
  for (const n of ['csrf', 'email', 'password']) assert.ok(names.includes(n), `field ${n} missing: ${names}`);
  const labels = labelTargets(r.body);
  for (const n of ['email', 'password']) {
    const f = form.fields.find((x) => x.name === n);
    assert.ok(f.id && labels.has(f.id), `${n} has no <label for>`);
  }
  assert.equal(form.fields.find((x) => x.name === 'password').type, 'password');
  const withNext = await new Client(srv.url).get('/signin?next=/settings/security');
  const nf = findForm(withNext.body, '/signin').fields.find((x) => x.name === 'next');
  assert.ok(nf, 'GET /signin?next=... carries next in a hidden input');
  assert.equal(nf.value, '/settings/security');
});

test('correct sign-in: 303 to /settings, HttpOnly SameSite=Lax session cookie, settings visible', async () => {
  const c = new Client(srv.url);
  const r = await c.submit('/signin', { email: srv.demo.learner.email, password: srv.demo.learner.password });
  assert.equal(r.status, 303, r.describe());
  assert.equal(new URL(r.location, srv.url).pathname, '/settings', r.describe());
  const ck = r.cookie('campus_session');
  assert.ok(ck, `no campus_session cookie: ${JSON.stringify(r.setCookies.map((x) => x.raw))}`);
  assert.equal(ck.attrs.httponly, true, `not HttpOnly: ${ck.raw}`);
  assert.match(String(ck.attrs.samesite), /^lax$/i, `not SameSite=Lax: ${ck.raw}`);
  assert.equal(ck.attrs.path ?? '/', '/', `cookie path: ${ck.raw}`);
  assert.ok(ck.value.length >= 20, 'session id looks too short');
  const s = await c.get('/settings');
  assert.equal(s.status, 200, s.describe());
  assert.ok(s.body.includes(srv.demo.learner.email), 'the settings page shows the signed-in email');
});

test('hardening: email case and surrounding spaces do not matter at sign-in', async () => {
  const r = await new Client(srv.url).submit('/signin', { email: ` ${srv.demo.mentor.email.toUpperCase()} `, password: srv.demo.mentor.password });
  assert.equal(r.status, 303, r.describe());
});

test('hardening: the session id changes at sign-in (no fixation)', async () => {
  const c = new Client(srv.url);
  c.jar.set('campus_session', { name: 'campus_session', value: 'attackerchosenvalue0123456789', attrs: {} });
  await c.submit('/signin', { email: srv.demo.staff.email, password: srv.demo.staff.password });
  assert.notEqual(c.cookieValue('campus_session'), 'attackerchosenvalue0123456789');
});

test('hardening: next= is honoured for local paths only', async () => {
  const a = await new Client(srv.url).submit('/signin', { email: srv.demo.learner.email, password: srv.demo.learner.password, next: '/settings/security' });
  assert.equal(a.status, 303, a.describe());
  assert.equal(new URL(a.location, srv.url).pathname, '/settings/security', a.describe());
  for (const evil of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/%2F%2Fevil.example']) {
    const r = await new Client(srv.url).submit('/signin', { email: srv.demo.learner.email, password: srv.demo.learner.password, next: evil });
    assert.equal(r.status, 303, r.describe());
    const loc = new URL(r.location, srv.url);
    assert.equal(loc.origin, srv.url, `open redirect with next=${evil}: Location ${r.location}`);
    assert.ok(!/^\/[/\\]/.test(r.location.replace(/^https?:\/\/[^/]+/, '')), `next=${evil} gave Location ${r.location}`);
  }
});

test('wrong password: 422, error shown, no session, email kept, password not echoed', async () => {
  const c = new Client(srv.url);
  const r = await c.submit('/signin', { email: srv.demo.admin.email, password: 'wrong password 123' });
  assert.equal(r.status, 422, r.describe());
  assert.ok(hasErrorElement(r.body) && errorText(r.body), `no error element: ${r.describe(2000)}`);
  assert.equal(Boolean(c.cookieValue('campus_session') && (await c.get('/settings')).status === 200), false, 'a failed sign-in gave a working session');
  assert.ok(!r.body.includes('wrong password 123'), 'password echoed back');
  const form = findForm(r.body, '/signin');
  assert.equal(form.fields.find((f) => f.name === 'email')?.value, srv.demo.admin.email, 'email kept in the form');
});

test('hardening: unknown email gets the same status and message as a wrong password', async () => {
  const a = await new Client(srv.url).submit('/signin', { email: 'nobody-here@example.test', password: 'whatever12345' });
  const b = await new Client(srv.url).submit('/signin', { email: srv.demo.staff.email, password: 'whatever12345' });
  assert.equal(a.status, b.status, `unknown email vs wrong password: ${a.status} vs ${b.status}`);
  assert.equal(errorText(a.body), errorText(b.body), 'different messages reveal which emails have accounts');
});

test('empty fields and missing fields are a 422, not a 500', async () => {
  for (const fields of [{ email: '', password: '' }, { email: undefined, password: undefined }, { email: srv.demo.learner.email, password: undefined }]) {
    const r = await new Client(srv.url).submit('/signin', fields);
    assert.equal(r.status, 422, `${JSON.stringify(fields)}: ${r.describe()}`);
  }
});

test('repeated failures for one (email, IP) → 429; the right password is then refused too; another account still signs in', async () => {
  const victim = srv.demo.staff;
  let first429 = -1;
  const statuses = [];
  for (let i = 0; i < 30; i++) {
    const r = await new Client(srv.url).submit('/signin', { email: victim.email, password: `wrong-password-${i}` });
    statuses.push(r.status);
    if (r.status === 429) { first429 = i; break; }
    assert.ok(r.status >= 400 && r.status < 500 && r.status !== 403, `attempt ${i + 1}: ${r.describe()}`);
  }
  assert.ok(first429 >= 2, `expected 429 after a few failures within 30 attempts; statuses: ${statuses.join(',')}`);
  const locked = await new Client(srv.url).submit('/signin', { email: victim.email, password: victim.password });
  assert.equal(locked.status, 429, `correct password while locked out: ${locked.describe()}`);
  assert.ok(hasErrorElement(locked.body), `429 page without an error message: ${locked.describe()}`);
  const other = await new Client(srv.url).submit('/signin', { email: srv.demo.admin.email, password: srv.demo.admin.password });
  assert.equal(other.status, 303, `another account from the same IP: ${other.describe()}`);
  // The API token endpoint must not be a way around the limit (same email, same IP).
  const api = await new Client(srv.url).api('POST', '/api/v1/tokens', { email: victim.email, password: victim.password, name: 'x' });
  assert.equal(api.status, 429, `API token for a locked (email, IP): ${api.describe()}`);
  lockedResponse = locked;
});

test('hardening: the 429 carries Retry-After', () => {
  assert.ok(lockedResponse, 'no 429 was obtained above');
  assert.ok(lockedResponse.headers.get('retry-after') !== null, `no Retry-After on the 429: ${[...lockedResponse.headers.keys()].join(', ')}`);
});

test('sign-out: 303 to /, cookie cleared, old session dead, settings redirect to sign-in', async () => {
  const c = new Client(srv.url);
  await c.submit('/signin', { email: srv.demo.mentor.email, password: srv.demo.mentor.password });
  const old = c.cookieValue('campus_session');
  assert.ok(old);
  const settings = await c.get('/settings');
  assert.equal(settings.status, 200);
  const r = await c.submit('/settings', {}, { action: '/signout' });
  assert.equal(r.status, 303, r.describe());
  assert.equal(new URL(r.location, srv.url).pathname, '/', r.describe());
  const cleared = r.cookie('campus_session');
  assert.ok(cleared, 'sign-out did not touch the cookie');
  const after1 = await c.get('/settings');
  assert.equal(after1.status, 303, after1.describe());
  const replay = new Client(srv.url);
  replay.jar.set('campus_session', { name: 'campus_session', value: old, attrs: {} });
  const after2 = await replay.get('/settings');
  assert.equal(after2.status, 303, `replaying the old session cookie after sign-out: ${after2.describe()}`);
});

test('hardening: sign-out without csrf is refused with 403 and keeps the session', async () => {
  const c = new Client(srv.url);
  await c.submit('/signin', { email: srv.demo.mentor.email, password: srv.demo.mentor.password });
  const r = await c.post('/signout', {});
  assert.equal(r.status, 403, r.describe());
  assert.equal((await c.get('/settings')).status, 200);
});
