// Language switch: POST /lang, campus_lang cookie, account language, French text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { findForm, htmlLang, pageText } from '../lib/html.mjs';
import { signupAndVerify, signIn } from '../lib/fixtures.mjs';

let srv;
before(async () => { srv = await startCampus(); });
after(async () => { await srv?.stop(); });

test('every page carries a language switch form (POST /lang with csrf)', async () => {
  for (const p of ['/', '/signin', '/signup', '/terms']) {
    const r = await new Client(srv.url).get(p);
    const f = findForm(r.body, '/lang');
    assert.equal(f.method, 'post', p);
    const names = f.fields.map((x) => x.name);
    assert.ok(names.includes('csrf') && names.includes('lang'), `${p}: /lang form fields ${names}`);
  }
});

test('anonymous switch to French: 303 back to next, cookie, French home page', async () => {
  const c = new Client(srv.url);
  const r = await c.submit('/', { lang: 'fr', next: '/' }, { action: '/lang' });
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
  const back = await c.submit('/', { lang: 'en', next: '/' }, { action: '/lang' });
  assert.equal(back.status, 303);
  const en = await c.get('/');
  assert.equal(htmlLang(en.body), 'en');
  assert.ok(!pageText(en.body).includes('Se connecter'));
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
  for (const evil of ['https://evil.example/', '//evil.example', '/\\evil.example']) {
    const r = await new Client(srv.url).submit('/', { lang: 'fr', next: evil }, { action: '/lang' });
    assert.equal(r.status, 303, r.describe());
    assert.equal(new URL(r.location, srv.url).origin, srv.url, `open redirect via /lang next=${evil}: ${r.location}`);
    assert.ok(!/^\/[/\\]/.test(r.location.replace(/^https?:\/\/[^/]+/, '')), `next=${evil} gave Location ${r.location}`);
  }
});

test('unsupported language is refused and changes nothing', async () => {
  const c = new Client(srv.url);
  const r = await c.submit('/', { lang: 'xx', next: '/' }, { action: '/lang' });
  assert.ok([400, 422].includes(r.status), r.describe());
  assert.notEqual(c.cookieValue('campus_lang'), 'xx');
});

test('POST /lang without csrf is 403', async () => {
  const r = await new Client(srv.url).post('/lang', { lang: 'fr', next: '/' });
  assert.equal(r.status, 403, r.describe());
});

test('signed in: the switch also changes the account language', async () => {
  const u = await signupAndVerify(srv);
  const { client } = await signIn(srv, u.email, u.password);
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
