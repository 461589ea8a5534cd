// Sign-up through the HTML form, the verification email and link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { findForm, labelTargets, errorText, hasErrorElement, csrfFrom, pageText } from '../lib/html.mjs';
import { signupFields, verificationLink, tokenOf, birthDate, PASSWORD, currentTermsVersion, apiSignupBody } from '../lib/fixtures.mjs';

let srv;
before(async () => { srv = await startCampus(); });
after(async () => { await srv?.stop(); });

/** Asserts the response re-renders the sign-up form with 422 and an error message. */
function assertRefused(r, what) {
  assert.equal(r.status, 422, `${what}: ${r.describe()}`);
  assert.ok(hasErrorElement(r.body), `${what}: 422 page has no element with class "error" or role="alert":\n${r.describe(2000)}`);
  assert.ok(errorText(r.body).length > 0, `${what}: the error element is empty`);
  const form = findForm(r.body, '/signup');
  assert.ok(csrfFrom(form.html) !== undefined, `${what}: re-rendered form lacks the csrf input`);
}

/** Nothing was stored for `email`: the API accepts a new account with it. */
async function assertNotStored(email) {
  const tv = await currentTermsVersion(srv.url);
  const r = await new Client(srv.url).api('POST', '/api/v1/accounts', apiSignupBody(tv, { email }));
  assert.equal(r.status, 201, `refused sign-up still stored ${email}: ${r.describe()}`);
}

test('GET /signup shows a complete, labelled form', async () => {
  const r = await new Client(srv.url).get('/signup');
  assert.equal(r.status, 200, r.describe());
  const form = findForm(r.body, '/signup');
  assert.equal(form.method, 'post');
  const by = Object.fromEntries(form.fields.filter((f) => f.name).map((f) => [f.name, f]));
  for (const n of ['csrf', 'name', 'email', 'password', 'birth_date', 'country', 'lang', 'accept_terms', 'terms_version']) {
    assert.ok(by[n], `field ${n} missing; fields: ${Object.keys(by)}`);
  }
  assert.equal(by.csrf.type, 'hidden');
  assert.ok(by.csrf.value.length >= 16, 'csrf token looks too short');
  assert.equal(by.terms_version.type, 'hidden');
  assert.ok(by.terms_version.value, 'terms_version has a value');
  assert.equal(by.password.type, 'password');
  assert.equal(by.email.type, 'email');
  assert.equal(by.country.tag, 'select');
  assert.ok(by.country.options.some((o) => o.value === 'FR'), 'country select offers FR');
  assert.equal(by.accept_terms.type, 'checkbox');
  assert.equal(by.accept_terms.checked, false, 'accept_terms must be unticked by default');
  const labels = labelTargets(r.body);
  for (const f of form.fields) {
    if (!f.name || ['hidden', 'submit', 'button'].includes(f.type) || f.tag === 'button') continue;
    assert.ok(f.id && labels.has(f.id), `field ${f.name} has no <label for="${f.id}">`);
  }
  assert.match(r.body, /href=["'][^"']*\/terms/, 'sign-up page links to the terms');
});

test('valid sign-up: 303 to /signup/done, verification email, link verifies once', async () => {
  const c = new Client(srv.url);
  const f = signupFields({ name: 'Zoë Élise Ñandú' });
  const r = await c.submit('/signup', f);
  assert.equal(r.status, 303, r.describe());
  assert.equal(new URL(r.location, srv.url).pathname, '/signup/done', r.describe());
  const done = await c.get('/signup/done');
  assert.equal(done.status, 200, done.describe());
  assert.match(pageText(done.body), /email/i, 'the done page mentions the email');

  const m = await srv.waitForMail((x) => x.to.toLowerCase().includes(f.email));
  assert.match(m.contentType, /multipart\/alternative/, `verification mail content type: ${m.contentType}`);
  assert.ok(m.partTypes.includes('text/plain') && m.partTypes.includes('text/html'), `parts: ${m.partTypes}`);
  assert.ok(m.subject && m.subject.length > 3, 'has a subject');
  assert.match(m.raw, /Content-Transfer-Encoding:\s*quoted-printable/i, 'quoted-printable bodies');
  assert.match(m.raw, /charset="?utf-8/i, 'UTF-8 charset');
  assert.ok(m.raw.split(/\r?\n/).every((l) => l.length <= 998), 'RFC 5322 line length (998) exceeded');
  assert.ok(m.headers.has('date') && m.headers.has('message-id') && m.headers.has('from'), `missing Date/Message-ID/From: ${[...m.headers.keys()]}`);
  const link = await verificationLink(srv, f.email);
  assert.match(link, /^https?:\/\/[^/]+\/verify\?token=[^&\s]+/, link);
  assert.ok(m.text.includes(link) || m.text.includes(link.replace(/&/g, '&amp;')), 'the plain-text part carries the link too');
  if (new URL(link).origin !== srv.url) console.log(`# note: mail link origin ${new URL(link).origin} differs from the server ${srv.url}`);

  const v = await c.get(srv.local(link));
  assert.equal(v.status, 200, v.describe());
  const again = await c.get(srv.local(link));
  assert.ok(again.status >= 400 && again.status < 500, `re-using a verification link: ${again.describe()}`);
  assert.ok(pageText(again.body).length > 40, `used link page explains nothing: ${again.describe()}`);
});

test('verify with an unknown, empty or missing token is a 4xx page with an error', async () => {
  const c = new Client(srv.url);
  for (const path of ['/verify?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/verify?token=', '/verify', "/verify?token=' OR 1=1 --"]) {
    const r = await c.get(path);
    assert.ok(r.status >= 400 && r.status < 500, `${path}: ${r.describe()}`);
    assert.match(r.contentType, /^text\/html/, `${path}: ${r.describe()}`);
  }
});

test('a verified account can sign in', async () => {
  const c = new Client(srv.url);
  const f = signupFields();
  assert.equal((await c.submit('/signup', f)).status, 303);
  await c.get(srv.local(await verificationLink(srv, f.email)));
  const s = await new Client(srv.url).submit('/signin', { email: f.email, password: f.password });
  assert.equal(s.status, 303, s.describe());
});

test('hardening: the email is case-insensitive and trimmed: signing up twice with different case is refused', async () => {
  const c = new Client(srv.url);
  const f = signupFields();
  assert.equal((await c.submit('/signup', f)).status, 303);
  const again = await new Client(srv.url).submit('/signup', { ...f, email: `  ${f.email.toUpperCase()} ` });
  // Either refused (422) or an anti-enumeration 303 that must not create a second account.
  assert.ok([303, 422].includes(again.status), again.describe());
  const tv = await currentTermsVersion(srv.url);
  const api = await new Client(srv.url).api('POST', '/api/v1/accounts', apiSignupBody(tv, { email: f.email.toUpperCase() }));
  assert.equal(api.status, 409, `upper-cased existing email via API: ${api.describe()}`);
});

test('under-18 may sign up (age stored; consent applies later)', async () => {
  const r = await new Client(srv.url).submit('/signup', signupFields({ birth_date: birthDate(14) }));
  assert.equal(r.status, 303, r.describe());
});

for (const [label, over, field] of [
  ['terms not accepted', { accept_terms: undefined }, 'accept_terms'],
  ['password of 9 characters', { password: '123456789' }, 'password'],
  ['empty password', { password: '' }, 'password'],
  ['invalid email', { email: 'not-an-email' }, 'email'],
  ['empty name', { name: '' }, 'name'],
  ['whitespace-only name', { name: '   ' }, 'name'],
  ['impossible birth date', { birth_date: '2001-02-30' }, 'birth_date'],
  ['birth date not ISO', { birth_date: '30/01/2001' }, 'birth_date'],
  ['birth date in the future', { birth_date: '2999-01-01' }, 'birth_date'],
  ['unknown country', { country: 'ZZ' }, 'country'],
  ['lower-case/3-letter country', { country: 'FRA' }, 'country'],
  ['unsupported language', { lang: 'de' }, 'lang'],
  ['stale terms version', { terms_version: '0' }, 'terms_version'],
]) {
  test(`sign-up refused: ${label} → 422 with an error, nothing stored`, async () => {
    const f = signupFields(over);
    const email = over.email ?? f.email;
    const r = await new Client(srv.url).submit('/signup', f);
    assertRefused(r, label);
    assert.ok(errorText(r.body).length > 0);
    if (field !== 'email') {
      await assertNotStored(email);
    }
    // The password is never echoed back into the form.
    if (f.password) assert.ok(!r.body.includes(`value="${f.password}"`), 'the password is echoed back in the re-rendered form');
  });
}

test('hardening: refused sign-up keeps what the user typed (name, email) in the form', async () => {
  const f = signupFields({ password: 'short', name: 'Keep Me' });
  const r = await new Client(srv.url).submit('/signup', f);
  assert.equal(r.status, 422, r.describe());
  const form = findForm(r.body, '/signup');
  assert.equal(form.fields.find((x) => x.name === 'name')?.value, 'Keep Me');
  assert.equal(form.fields.find((x) => x.name === 'email')?.value, f.email);
});

test('a password of exactly 10 characters is accepted', async () => {
  const r = await new Client(srv.url).submit('/signup', signupFields({ password: '0123456789' }));
  assert.equal(r.status, 303, r.describe());
  assert.ok(PASSWORD.length >= 10);
});
