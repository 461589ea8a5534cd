// Bad input: body limits, malformed forms and JSON, CSRF, injection strings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { Client, rawRequest, rawHead } from '../lib/client.mjs';
import { findForm, csrfFrom } from '../lib/html.mjs';
import { signupFields, currentTermsVersion, apiSignupBody, verificationLink, assertProblem, assertFieldError, assertSignInRefused, SCRIPT, SQLI, uniqueEmail, PASSWORD } from '../lib/fixtures.mjs';

let srv;
let tv;
before(async () => { srv = await startCampus(); tv = await currentTermsVersion(srv.url); });
after(async () => { await srv?.stop(); });

async function alive() {
  const r = await new Client(srv.url).get('/healthz');
  assert.equal(r.status, 200, 'server no longer healthy');
}

/** A signed-in client plus its csrf token (for posting hand-made bodies). */
async function formSession() {
  const c = new Client(srv.url);
  const csrf = await c.csrf('/signup', '/signup');
  return { c, csrf };
}

// A stale or bogus terms_version may be reported on accept_terms: in the form it is
// the box the user must tick again for the current version.
const ERROR_FIELDS = { terms_version: ['terms_version', 'accept_terms'] };
const errField = (f) => ERROR_FIELDS[f] ?? f;

// ---------- size limits ----------

test('a form body over 1 MiB → 413', async () => {
  const { c, csrf } = await formSession();
  const body = `csrf=${encodeURIComponent(csrf)}&name=${'a'.repeat(1024 * 1024 + 10)}`;
  const r = await rawRequest(srv.url, { path: '/signup', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: c.cookieHeader(), 'content-length': Buffer.byteLength(body) }, body });
  assert.equal(r.status, 413, JSON.stringify(r).slice(0, 400));
  await alive();
});

test('a JSON body over 1 MiB → 413 problem', async () => {
  const body = JSON.stringify({ ...apiSignupBody(tv), name: 'n'.repeat(1024 * 1024 + 10) });
  const r = await rawRequest(srv.url, { path: '/api/v1/accounts', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, body });
  assert.equal(r.status, 413, JSON.stringify(r).slice(0, 400));
  if (r.headers) assert.match(r.headers['content-type'] || '', /application\/problem\+json/);
  await alive();
});

test('hardening: a declared Content-Length of 10 GiB is refused at once with 413', async () => {
  const u = new URL(srv.url);
  const r = await rawHead(srv.url, `POST /api/v1/accounts HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nContent-Length: 10737418240\r\n\r\n{`, { timeout: 5000 });
  assert.equal(r.status, 413, JSON.stringify(r).slice(0, 400));
  await alive();
});

test('hardening: a chunked body over 1 MiB → 413', async () => {
  const u = new URL(srv.url);
  const net = await import('node:net');
  const status = await new Promise((resolve) => {
    const s = net.connect(Number(u.port), u.hostname);
    let buf = '';
    s.on('connect', async () => {
      s.write(`POST /api/v1/accounts HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 20 && !s.destroyed; i++) s.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      if (!s.destroyed) s.write('0\r\n\r\n');
    });
    s.on('data', (d) => { buf += d; const m = /^HTTP\/1\.1 (\d+)/.exec(buf); if (m) { s.destroy(); resolve(Number(m[1])); } });
    s.on('error', () => resolve(buf ? Number((/^HTTP\/1\.1 (\d+)/.exec(buf) || [])[1]) : 'error'));
    setTimeout(() => { s.destroy(); resolve('timeout'); }, 10000);
  });
  assert.equal(status, 413);
  await alive();
});

test('hardening: huge request headers are refused (431/400/413) and the server survives', async () => {
  const r = await rawRequest(srv.url, { method: 'GET', path: '/', headers: { cookie: `x=${'a'.repeat(128 * 1024)}` } });
  assert.ok([400, 413, 431].includes(r.status) || r.error, JSON.stringify(r).slice(0, 300));
  await alive();
});

// ---------- malformed bodies ----------

for (const [label, body] of [
  ['truncated JSON', '{"name":'],
  ['a JSON array', '[]'],
  ['a JSON string', '"hello"'],
  ['JSON null', 'null'],
  ['not JSON at all', 'name=x&email=y'],
  ['invalid UTF-8 in JSON', Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
  ['an empty body', ''],
  ['deeply nested JSON', `${'['.repeat(100000)}${']'.repeat(100000)}`],
  ['a NUL byte in a string', '{"name":"a\\u0000b","email":"x@example.test"}'],
]) {
  test(`POST /api/v1/accounts with ${label} → 400/422 problem`, async () => {
    const r = await new Client(srv.url).request('POST', '/api/v1/accounts', { body, headers: { 'content-type': 'application/json', accept: 'application/json' } });
    assertProblem(r, [400, 422]);
    await alive();
  });
}

test('POST /api/v1/accounts with a non-JSON content type → 415/400/422 problem', async () => {
  const r = await new Client(srv.url).request('POST', '/api/v1/accounts', { body: JSON.stringify(apiSignupBody(tv)), headers: { 'content-type': 'text/plain' } });
  assertProblem(r, [400, 415, 422]);
});

test('missing required fields → 422 with one error per field', async () => {
  const r = await new Client(srv.url).api('POST', '/api/v1/accounts', {});
  const j = assertFieldError(r);
  const fields = j.errors.map((e) => e.field);
  for (const f of ['name', 'email', 'password', 'birth_date', 'country', 'lang', 'accept_terms']) {
    assert.ok(fields.includes(f), `no error for missing ${f}: ${JSON.stringify(fields)}`);
  }
});

for (const [field, value] of [
  ['accept_terms', false], ['accept_terms', 'true'], ['email', 5], ['name', ['x']], ['password', 123456789012],
  ['birth_date', '2001-13-01'], ['country', 'fr'], ['lang', 'EN'], ['terms_version', 999], ['name', 'x'.repeat(5000)],
]) {
  test(`API sign-up with ${field}=${JSON.stringify(value).slice(0, 30)} → 422 errors[${field}], nothing stored`, async () => {
    const body = apiSignupBody(tv, { [field]: value });
    const r = await new Client(srv.url).api('POST', '/api/v1/accounts', body);
    assertFieldError(r, errField(field));
    const ok = await new Client(srv.url).api('POST', '/api/v1/accounts', { ...body, [field]: apiSignupBody(tv)[field] });
    assert.equal(ok.status, 201, `after a refused sign-up the email is taken: ${ok.describe()}`);
  });
}

test('malformed urlencoded form bodies → 400/422, nothing stored', async () => {
  const wrong = [];
  for (const [label, tail] of [
    ['bad percent escape', 'name=%ZZ'],
    ['truncated percent escape', 'name=abc%'],
    ['invalid UTF-8', 'name=%FF%FE'],
    ['a NUL byte', 'name=a%00b'],
  ]) {
    const { c, csrf } = await formSession();
    const f = signupFields();
    const base = new URLSearchParams({ csrf, email: f.email, password: f.password, birth_date: f.birth_date, country: 'FR', lang: 'en', accept_terms: 'on', terms_version: String(tv) }).toString();
    const r = await c.request('POST', '/signup', { body: `${base}&${tail}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const again = await new Client(srv.url).api('POST', '/api/v1/accounts', apiSignupBody(tv, { email: f.email }));
    if (![400, 422].includes(r.status)) wrong.push(`${label} (…&${tail}): ${r.status}${again.status === 409 ? ', account stored' : ''}`);
  }
  await alive();
  assert.deepEqual(wrong, [], 'malformed form bodies accepted');
});

test('hardening: duplicate form fields do not crash and are not ambiguous', async () => {
  const { c, csrf } = await formSession();
  const f = signupFields();
  const body = new URLSearchParams([['csrf', csrf], ['name', 'One'], ['name', 'Two'], ['email', f.email], ['password', f.password], ['birth_date', f.birth_date], ['country', 'FR'], ['lang', 'en'], ['accept_terms', 'on'], ['terms_version', String(tv)]]).toString();
  const r = await c.request('POST', '/signup', { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.ok([303, 400, 422].includes(r.status), r.describe());
});

// ---------- CSRF ----------

const FORM_POSTS = ['/signup', '/signin', '/signout', '/settings/profile', '/settings/password', '/lang', '/password/forgot', '/password/reset'];

test('every form POST without csrf → 403 page', async () => {
  const c = new Client(srv.url);
  await c.get('/');
  for (const p of FORM_POSTS) {
    const r = await c.post(p, { email: srv.demo.learner.email, password: srv.demo.learner.password, lang: 'fr', name: 'x' });
    assert.equal(r.status, 403, `${p}: ${r.describe(300)}`);
    assert.match(r.contentType, /^text\/html/, `${p}: 403 should be an HTML page`);
  }
});

test('every form POST with a forged csrf → 403', async () => {
  const c = new Client(srv.url);
  await c.get('/');
  for (const p of FORM_POSTS) {
    const r = await c.post(p, { csrf: 'forged-forged-forged-forged-forged', email: srv.demo.learner.email, password: srv.demo.learner.password, lang: 'fr' });
    assert.equal(r.status, 403, `${p}: ${r.describe(300)}`);
  }
});

test("hardening: another visitor's csrf token is refused (token bound to the session)", async () => {
  const a = new Client(srv.url);
  const csrfA = await a.csrf('/signin', '/signin');
  const b = new Client(srv.url);
  await b.get('/signin');
  const r = await b.post('/signin', { csrf: csrfA, email: srv.demo.learner.email, password: srv.demo.learner.password });
  assert.equal(r.status, 403, r.describe());
});

test('hardening: a csrf token without any cookie is refused', async () => {
  const a = new Client(srv.url);
  const csrf = await a.csrf('/signin', '/signin');
  const r = await new Client(srv.url).post('/signin', { csrf, email: srv.demo.learner.email, password: srv.demo.learner.password });
  assert.equal(r.status, 403, r.describe());
});

// ---------- injection strings in every sign-up field ----------

const SIGNUP_FIELDS = ['name', 'email', 'password', 'birth_date', 'country', 'lang', 'terms_version'];

async function assertNoRawScript(c, paths) {
  for (const p of paths) {
    const r = await c.get(p);
    assert.ok(!r.body.includes(SCRIPT), `raw ${SCRIPT} in ${p}`);
  }
}

for (const payload of [SQLI, SCRIPT]) {
  for (const field of SIGNUP_FIELDS) {
    test(`sign-up form with ${field}=${payload} is refused with a field error or stored and escaped`, async () => {
      const c = new Client(srv.url);
      const over = { [field]: payload };
      if (field === 'email') over.email = payload;
      const f = signupFields(over);
      const email = field === 'email' ? uniqueEmail('inj') : f.email;
      if (field !== 'email') f.email = email;
      const r = await c.submit('/signup', f);
      assert.ok([303, 422].includes(r.status), r.describe());
      assert.ok(!r.body.includes(SCRIPT), `raw <script> in the response body: ${r.describe(2000)}`);
      if (r.status === 422) {
        const form = findForm(r.body, '/signup');
        assert.ok(csrfFrom(form.html) !== undefined);
        if (field !== 'email') {
          const again = await new Client(srv.url).api('POST', '/api/v1/accounts', apiSignupBody(tv, { email }));
          assert.equal(again.status, 201, `refused input was stored: ${again.describe()}`);
        }
        return;
      }
      // accepted: must round-trip and render escaped everywhere
      assert.ok(['name', 'password'].includes(field), `${field}=${payload} should not be accepted: ${r.describe()}`);
      const link = await verificationLink(srv, email);
      await c.get(srv.local(link));
      const s = await new Client(srv.url).submit('/signin', { email, password: f.password });
      assert.equal(s.status, 303, `sign-in with the stored ${field}: ${s.describe()}`);
      const signed = new Client(srv.url);
      await signed.submit('/signin', { email, password: f.password });
      await assertNoRawScript(signed, ['/', '/settings', '/settings/security', '/signup/done']);
      if (field === 'name') {
        const page = await signed.get('/settings');
        assert.equal(findForm(page.body, '/settings/profile').fields.find((x) => x.name === 'name').value, payload, 'name round-trips exactly');
      }
    });
  }
  for (const field of SIGNUP_FIELDS) {
    test(`API sign-up with ${field}=${payload} → 422 errors[${field}] or stored verbatim`, async () => {
      const body = apiSignupBody(tv, { [field]: payload });
      const r = await new Client(srv.url).api('POST', '/api/v1/accounts', body);
      if (r.status === 201) {
        assert.ok(['name', 'password'].includes(field), `${field}=${payload} accepted: ${r.describe()}`);
        if (field === 'name') assert.equal(r.json.name, payload);
        return;
      }
      assertFieldError(r, errField(field));
    });
  }
}

test('injection strings at sign-in are plain wrong credentials', async () => {
  for (const email of [SQLI, `${srv.demo.admin.email}' --`, `${srv.demo.admin.email}" OR "1"="1`, SCRIPT]) {
    const r = await assertSignInRefused(srv, email, SQLI, email);
    assert.ok(!r.body.includes(SCRIPT), 'raw <script> echoed on the sign-in page');
  }
  const t = await new Client(srv.url).api('POST', '/api/v1/tokens', { email: SQLI, password: SQLI, name: SQLI });
  assert.ok(t.status >= 400 && t.status < 500, t.describe());
  await alive();
});

test('hardening: reflected parameters are escaped', async () => {
  const c = new Client(srv.url);
  for (const p of [`/signin?next=${encodeURIComponent(`"><script>alert(1)</script>`)}`, `/verify?token=${encodeURIComponent(SCRIPT)}`, `/password/reset?token=${encodeURIComponent(SCRIPT)}`, `/no-such/${encodeURIComponent(SCRIPT)}`]) {
    const r = await c.get(p);
    assert.ok(!r.body.includes('<script>alert(1)</script>'), `${p} reflects raw markup: ${r.describe(500)}`);
  }
});

test('hardening: path traversal does not leak files', async () => {
  for (const p of ['/static/../../../../etc/passwd', '/static/..%2f..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd']) {
    const r = await rawRequest(srv.url, { method: 'GET', path: p });
    assert.ok(!(r.body || '').includes('root:x:0:0'), `${p} leaked /etc/passwd`);
  }
  await alive();
});

test('the server still answers after all of the above', async () => {
  await alive();
  const r = await new Client(srv.url).submit('/signin', { email: srv.demo.admin.email, password: srv.demo.admin.password });
  assert.equal(r.status, 303);
  assert.ok(PASSWORD);
});
