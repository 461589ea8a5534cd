// Security headers on every kind of response; content types; cookies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { Client, rawRequest } from '../lib/client.mjs';

let srv;
before(async () => { srv = await startCampus(); });
after(async () => { await srv?.stop(); });

function checkHeaders(label, h) {
  const get = (k) => (typeof h.get === 'function' ? h.get(k) : h[k]);
  const csp = get('content-security-policy');
  assert.ok(csp, `${label}: no Content-Security-Policy`);
  assert.match(csp, /frame-ancestors 'none'/, `${label}: CSP lacks frame-ancestors 'none': ${csp}`);
  assert.equal(get('x-content-type-options'), 'nosniff', `${label}: X-Content-Type-Options`);
  assert.ok(get('referrer-policy'), `${label}: no Referrer-Policy`);
}

test('security headers on pages, API, redirects, errors', async () => {
  const c = new Client(srv.url);
  const cases = [
    ['GET', '/'], ['GET', '/signin'], ['GET', '/signup'], ['GET', '/terms'], ['GET', '/terms/1'],
    ['GET', '/healthz'], ['GET', '/api/v1/openapi.json'], ['GET', '/api/v1/me'], ['GET', '/api/v1/terms'],
    ['GET', '/settings'], ['GET', '/no-such-page'], ['GET', '/api/v1/no-such'], ['GET', '/verify?token=x'],
    ['POST', '/signin'], ['HEAD', '/'],
  ];
  for (const [m, p] of cases) {
    const r = await c.request(m, p, m === 'POST' ? { form: { email: 'a@b.c' } } : {});
    checkHeaders(`${m} ${p} (${r.status})`, r.headers);
  }
});

test('security headers on 413 and 400-class transport errors', async () => {
  const body = 'x'.repeat(1024 * 1024 + 100);
  const r = await rawRequest(srv.url, { path: '/api/v1/accounts', headers: { 'content-type': 'application/json', 'content-length': body.length }, body });
  assert.equal(r.status, 413);
  checkHeaders('413', r.headers);
});

test('pages are text/html; charset=utf-8, API is application/json', async () => {
  const c = new Client(srv.url);
  for (const p of ['/', '/signin', '/signup', '/terms']) assert.match((await c.get(p)).contentType, /^text\/html; ?charset=utf-8$/i, p);
  for (const p of ['/healthz', '/api/v1/terms']) assert.match((await c.get(p)).contentType, /^application\/json/, p);
});

test('hardening: CSP forbids inline scripts and plugins', async () => {
  const r = await new Client(srv.url).get('/');
  const csp = r.headers.get('content-security-policy');
  assert.match(csp, /default-src|script-src/, csp);
  const script = (/script-src ([^;]+)/.exec(csp) || /default-src ([^;]+)/.exec(csp))[1];
  assert.ok(!script.includes("'unsafe-inline'"), `script-src allows 'unsafe-inline': ${csp}`);
  assert.ok(!script.includes("'unsafe-eval'"), `script-src allows 'unsafe-eval': ${csp}`);
  assert.match(csp, /object-src 'none'|default-src 'none'/, `object-src not 'none': ${csp}`);
});

test('hardening: signed-in pages are not cached; the campus_lang cookie is SameSite', async () => {
  const c = new Client(srv.url);
  await c.submit('/signin', { email: srv.demo.learner.email, password: srv.demo.learner.password });
  const s = await c.get('/settings');
  assert.equal(s.status, 200);
  assert.match(s.headers.get('cache-control') || '', /no-store|private/, `Cache-Control on /settings: ${s.headers.get('cache-control')}`);
  const l = await c.submit('/', { lang: 'fr', next: '/' }, { action: '/lang' });
  const ck = l.cookie('campus_lang');
  assert.ok(ck, 'campus_lang set');
  assert.ok(ck.attrs.samesite, `campus_lang without SameSite: ${ck.raw}`);
});

test('hardening: no server software version is advertised', async () => {
  const r = await new Client(srv.url).get('/');
  const server = r.headers.get('server') || '';
  assert.ok(!/\d+\.\d+/.test(server), `Server header leaks a version: ${server}`);
  assert.equal(r.headers.get('x-powered-by'), null);
});
