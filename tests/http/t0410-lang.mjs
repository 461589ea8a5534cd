// Language switch: a visitor's is GET /lang (a form without CSRF token: it only
// sets the campus_lang preference cookie, and visitors' pages stay cacheable as
// they are); a signed-in user's is POST /lang with the token and changes the
// account language (ACC-4). campus_lang cookie, French text, no open redirect.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { defaultFormData, findForm, htmlLang, pageText } from '../lib/html.mjs';
import { signupAndVerify, signIn } from '../lib/fixtures.mjs';

let srv;
before(async () => { srv = await startCampus(); });
after(async () => { await srv?.stop(); });

/** Submits the visitor's language switch of `page` as a browser would (a GET form). */
async function switchAsVisitor(c, page, fields) {
  const f = findForm((await c.get(page)).body, '/lang');
  assert.equal(f.method, 'get', `${page}: the visitor's switch is a GET form`);
  const q = new URLSearchParams(defaultFormData(f));
  for (const [k, v] of Object.entries(fields)) q.set(k, v);
  return c.get(`/lang?${q}`);
}

test('every page carries a language switch form (a visitor: GET /lang, no token)', async () => {
  for (const p of ['/', '/signin', '/signup', '/terms', '/courses']) {
    const r = await new Client(srv.url).get(p);
    const f = findForm(r.body, '/lang');
    assert.equal(f.method, 'get', p);
    const names = f.fields.map((x) => x.name);
    assert.ok(names.includes('lang') && names.includes('next') && !names.includes('csrf'), `${p}: /lang form fields ${names}`);
  }
});

test('a visitor of a page without other forms gets no anonymous cookie (the page is cached as it is)', async () => {
  for (const p of ['/', '/courses']) {
    const r = await new Client(srv.url).get(p);
    assert.equal(r.status, 200, r.describe());
    assert.ok(!r.setCookies.some((x) => x.name === 'campus_anon'), `${p} set ${JSON.stringify(r.setCookies.map((x) => x.raw))}`);
    assert.doesNotMatch(r.body, /name="csrf"/, p);
  }
  // A page with a form still gets its token and the cookie it comes from.
  const s = await new Client(srv.url).get('/signin');
  assert.match(s.body, /name="csrf"/);
  assert.ok(s.setCookies.some((x) => x.name === 'campus_anon'));
});

test('anonymous switch to French: 303 back to next, cookie, French home page', async () => {
  const c = new Client(srv.url);
  const r = await switchAsVisitor(c, '/', { lang: 'fr', next: '/' });
  assert.equal(r.status, 303, r.describe());
  assert.equal(new URL(r.location, srv.url).pathname, '/', r.describe());
  assert.equal(c.cookieValue('campus_lang'), 'fr', `cookies: ${JSON.stringify(r.setCookies.map((x) => x.raw))}`);
  const home = await c.get('/');
  assert.equal(htmlLang(home.body), 'fr');
  const text = pageText(home.body);
  assert.ok(text.includes('Se connecter'), `French home page lacks "Se connecter": ${text.slice(0, 500)}`);
  assert.ok(text.includes('Créer un compte'), `French home page lacks "Créer un compte": ${text.slice(0, 500)}`);
  for (const p of ['/signin', '/signup']) {
    const page = await c.get(p);
    assert.equal(htmlLang(page.body), 'fr', `${p} in French`);
  }
  const back = await switchAsVisitor(c, '/courses', { lang: 'en' });
  assert.equal(back.status, 303);
  assert.equal(new URL(back.location, srv.url).pathname, '/courses', 'back to the page of the switch');
  const en = await c.get('/');
  assert.equal(htmlLang(en.body), 'en');
  assert.ok(!pageText(en.body).includes('Se connecter'));
  // The POST form of accounts still works for a visitor with their token.
  const signin = await c.get('/signin');
  const tok = signin.body.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  const p = await c.post('/lang', { csrf: tok, lang: 'fr', next: '/' });
  assert.equal(p.status, 303, p.describe());
  assert.equal(c.cookieValue('campus_lang'), 'fr');
});

test('hardening: UTF-8 French text is served as UTF-8, not mojibake', async () => {
  const c = new Client(srv.url);
  c.jar.set('campus_lang', { name: 'campus_lang', value: 'fr', attrs: {} });
  const home = await c.get('/');
  assert.equal(htmlLang(home.body), 'fr', 'the campus_lang cookie alone selects French');
  assert.ok(!/Ã©|Ã¨|Ã /.test(home.body), 'mojibake in the French page');
  assert.match(home.contentType, /charset=utf-8/i);
});

test('hardening: next= on /lang stays on this site', async () => {
  for (const evil of ['https://evil.example/', '//evil.example', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', 'javascript:alert(1)']) {
    for (const how of ['get', 'post']) {
      const c = new Client(srv.url);
      let r;
      if (how === 'get') {
        r = await c.get(`/lang?${new URLSearchParams({ lang: 'fr', next: evil })}`);
      } else {
        const tok = (await c.get('/signin')).body.match(/name="csrf" value="([0-9a-f]+)"/)[1];
        r = await c.post('/lang', { csrf: tok, lang: 'fr', next: evil });
      }
      assert.equal(r.status, 303, r.describe());
      assert.equal(new URL(r.location, srv.url).origin, srv.url, `open redirect via ${how} /lang next=${JSON.stringify(evil)}: ${r.location}`);
      assert.equal(r.location.replace(/^https?:\/\/[^/]+/, ''), '/', `${how} next=${JSON.stringify(evil)} gave Location ${r.location}`);
    }
  }
});

test('unsupported language is refused and changes nothing', async () => {
  const c = new Client(srv.url);
  for (const q of ['lang=xx&next=/', 'next=/', 'lang=&next=/']) {
    const r = await c.get(`/lang?${q}`);
    assert.equal(r.status, 422, r.describe());
    assert.ok(!r.setCookies.some((x) => x.name === 'campus_lang'), q);
  }
  const tok = (await c.get('/signin')).body.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  const p = await c.post('/lang', { csrf: tok, lang: 'xx', next: '/' });
  assert.equal(p.status, 422, p.describe());
  assert.notEqual(c.cookieValue('campus_lang'), 'xx');
});

test('POST /lang without csrf is 403', async () => {
  const r = await new Client(srv.url).post('/lang', { lang: 'fr', next: '/' });
  assert.equal(r.status, 403, r.describe());
});

test('signed in: the switch also changes the account language', async () => {
  const u = await signupAndVerify(srv);
  const { client } = await signIn(srv, u.email, u.password);
  const f = findForm((await client.get('/dashboard')).body, '/lang');
  assert.equal(f.method, 'post', 'a signed-in user switches with a POST');
  assert.ok(f.fields.some((x) => x.name === 'csrf' && x.value), 'with the CSRF token');
  // A GET (a visitor's page opened before signing in) changes nothing.
  const g = await client.get('/lang?lang=fr&next=/dashboard');
  assert.equal(g.status, 303, g.describe());
  assert.equal(new URL(g.location, srv.url).pathname, '/settings');
  assert.equal(htmlLang((await client.get('/settings')).body), 'en', 'no account change without the token');
  const r = await client.submit('/settings', { lang: 'fr', next: '/settings' }, { action: '/lang' });
  assert.equal(r.status, 303, r.describe());
  const s = await client.get('/settings');
  assert.equal(htmlLang(s.body), 'fr');
  assert.equal(findForm(s.body, '/settings/profile').fields.find((x) => x.name === 'lang').value, 'fr');
  const fresh = await signIn(srv, u.email, u.password);
  assert.equal(htmlLang((await fresh.client.get('/settings')).body), 'fr', 'a new session (no cookie) uses the account language');
});

test('hardening: mail follows the account language', async () => {
  const u = await signupAndVerify(srv, { lang: 'fr' });
  const n = srv.mails().length;
  await new Client(srv.url).submit('/password/forgot', { email: u.email });
  const m = await srv.waitForMail((x) => x.to.toLowerCase().includes(u.email), { after: n });
  assert.match(m.text, /[éèàç]|mot de passe/i, `the reset mail of a French account is not in French: ${m.subject}\n${m.text.slice(0, 300)}`);
});
