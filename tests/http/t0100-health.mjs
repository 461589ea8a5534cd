// Process basics: listening line, /healthz, home page, 404, access log, graceful stop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { htmlLang } from '../lib/html.mjs';

let srv;
before(async () => { srv = await startCampus(); });
after(async () => { await srv?.stop(); });

test('serve prints the listening line with the real port', () => {
  assert.match(srv.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(new URL(srv.url).port, '0');
});

test('GET /healthz answers 200 {"status":"ok"} as JSON', async () => {
  const r = await new Client(srv.url).get('/healthz');
  assert.equal(r.status, 200, r.describe());
  assert.match(r.contentType, /^application\/json/, r.describe());
  assert.equal(r.json?.status, 'ok', r.describe());
});

test('GET / is an HTML page in English by default', async () => {
  const r = await new Client(srv.url).get('/');
  assert.equal(r.status, 200, r.describe());
  assert.match(r.contentType, /^text\/html; ?charset=utf-8/i, r.describe());
  assert.match(r.body, /^\s*<!doctype html>/i, 'starts with <!doctype html>');
  assert.equal(htmlLang(r.body), 'en', r.describe(300));
  assert.match(r.body, /<title>[^<]+<\/title>/, 'has a <title>');
  assert.match(r.body, /<meta[^>]+name=["']?viewport/i, 'has a viewport meta');
});

test('an unknown page is a 404 HTML page, an unknown API route a 404 problem', async () => {
  const c = new Client(srv.url);
  const r = await c.get('/no-such-page');
  assert.equal(r.status, 404, r.describe());
  assert.match(r.contentType, /^text\/html/, r.describe());
  const a = await c.api('GET', '/api/v1/no-such-route');
  assert.equal(a.status, 404, a.describe());
  assert.match(a.contentType, /^application\/problem\+json/, a.describe());
});

test('hardening: HEAD / answers like GET without a body', async () => {
  const r = await new Client(srv.url).request('HEAD', '/');
  assert.equal(r.status, 200, r.describe());
  assert.equal(r.body, '');
});

test('the access log is JSON lines on stderr and names the path', async () => {
  await new Client(srv.url).get('/healthz?probe=accesslog');
  await new Promise((r) => setTimeout(r, 200));
  const lines = srv.stderr.split('\n').filter((l) => l.trim().startsWith('{'));
  assert.ok(lines.length > 0, `no JSON line on stderr; stderr:\n${srv.stderr.slice(-1500)}`);
  for (const l of lines) assert.doesNotThrow(() => JSON.parse(l), `not JSON: ${l}`);
  assert.ok(lines.some((l) => l.includes('/healthz')), `no access-log line mentions /healthz:\n${lines.slice(-5).join('\n')}`);
});

test('hardening: the access log never contains passwords or session cookies', async () => {
  const c = new Client(srv.url);
  await c.submit('/signin', { email: srv.demo.learner.email, password: srv.demo.learner.password });
  await c.get('/settings');
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(!srv.stderr.includes(srv.demo.learner.password), 'the demo password appears on stderr');
  const session = c.cookieValue('campus_session');
  if (session) assert.ok(!srv.stderr.includes(session), 'the session cookie value appears on stderr');
});

test('SIGTERM stops a server gracefully with exit code 0', async () => {
  const other = await startCampus();
  const r = await new Client(other.url).get('/healthz');
  assert.equal(r.status, 200);
  const exit = await other.stop();
  assert.deepEqual(exit, { code: 0, signal: null });
});

// perf (DESIGN.md, idle RSS <= 16 MiB): libpq, libcurl and libzip are loaded
// at their first use (src/base/lazy_lib.c), so that a serve on SQLite with
// the mail spool and the payment simulator maps none of them, nor OpenSSL.
test('an idle serve maps libpq only on PostgreSQL, and neither libcurl, libzip nor OpenSSL', async () => {
  await new Client(srv.url).get('/courses');
  const maps = readFileSync(`/proc/${srv.pid}/maps`, 'utf8');
  const mapped = (name) => new RegExp(`/${name}[.-]`).test(maps);
  assert.ok(mapped('libsqlite3'), 'the check reads the right process');
  assert.equal(mapped('libpq'), Boolean(process.env.CAMPUS_TEST_DB_URL), 'libpq mapped only on PostgreSQL');
  assert.equal(mapped('libcurl'), false, 'libcurl');
  assert.equal(mapped('libzip'), false, 'libzip');
  if (!process.env.CAMPUS_TEST_DB_URL) assert.equal(mapped('libcrypto'), false, 'OpenSSL (libpq, libcurl, libzip)');
});
