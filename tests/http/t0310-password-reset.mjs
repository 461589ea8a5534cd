// Forgotten password through the HTML pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { findForm, hasErrorElement, withoutCsrf, pageText } from '../lib/html.mjs';
import { signupAndVerify, resetLink, uniqueEmail, assertSignInRefused } from '../lib/fixtures.mjs';

let srv;
before(async () => { srv = await startCampus(); });
after(async () => { await srv?.stop(); });

test('GET /password/forgot shows a form with csrf and email', async () => {
  const r = await new Client(srv.url).get('/password/forgot');
  assert.equal(r.status, 200, r.describe());
  const f = findForm(r.body, '/password/forgot');
  assert.ok(f.fields.some((x) => x.name === 'csrf') && f.fields.some((x) => x.name === 'email'), JSON.stringify(f.fields.map((x) => x.name)));
});

test('the sign-in page links to the forgotten-password page', async () => {
  const r = await new Client(srv.url).get('/signin');
  assert.match(r.body, /href=["'][^"']*\/password\/forgot/);
});

test('known and unknown emails get the same neutral response; only the known one gets mail', async () => {
  const u = await signupAndVerify(srv);
  const before1 = srv.mails().length;
  const known = await new Client(srv.url).submit('/password/forgot', { email: u.email });
  const unknown = await new Client(srv.url).submit('/password/forgot', { email: uniqueEmail('ghost') });
  assert.equal(known.status, unknown.status, `${known.describe(200)}\n${unknown.describe(200)}`);
  assert.ok([200, 303].includes(known.status), known.describe());
  if (known.status === 303) assert.equal(known.location, unknown.location);
  else assert.equal(pageText(withoutCsrf(known.body)), pageText(withoutCsrf(unknown.body)), 'responses differ');
  const link = await resetLink(srv, u.email, before1);
  assert.match(link, /\/password\/reset\?token=/);
  await new Promise((r) => setTimeout(r, 300));
  const extra = srv.mails().slice(before1).filter((m) => !m.to.toLowerCase().includes(u.email));
  assert.deepEqual(extra.map((m) => m.to), [], 'mail was sent for an unknown address');
});

test('reset link: form, short password refused, reset works once, old password dead', async () => {
  const u = await signupAndVerify(srv);
  const n = srv.mails().length;
  await new Client(srv.url).submit('/password/forgot', { email: u.email });
  const link = srv.local(await resetLink(srv, u.email, n));
  const c = new Client(srv.url);
  const page = await c.get(link);
  assert.equal(page.status, 200, page.describe());
  const form = findForm(page.body, '/password/reset');
  const names = form.fields.map((f) => f.name);
  for (const x of ['csrf', 'token', 'password']) assert.ok(names.includes(x), `reset form lacks ${x}: ${names}`);
  const short = await c.submit(link, { password: 'short' }, { action: '/password/reset' });
  assert.equal(short.status, 422, `reset with a short password: ${short.describe()}`);
  assert.ok(hasErrorElement(short.body));
  const ok = await c.submit(link, { password: 'a brand new password' }, { action: '/password/reset' });
  assert.ok([200, 303].includes(ok.status), ok.describe());
  const s = await new Client(srv.url).submit('/signin', { email: u.email, password: 'a brand new password' });
  assert.equal(s.status, 303, `sign-in with the new password: ${s.describe(200)}`);
  await assertSignInRefused(srv, u.email, u.password, 'old password after reset');
  const reuse = await new Client(srv.url).submit(link, { password: 'yet another password' }, { action: '/password/reset' }).catch((e) => ({ status: 'error', describe: () => e.message }));
  // The page for a used token may not even render the form; then GET itself is the 4xx.
  if (reuse.status === 'error') {
    const g = await new Client(srv.url).get(link);
    assert.ok(g.status >= 400 && g.status < 500, `used reset link: ${g.describe()}`);
  } else {
    assert.ok(reuse.status >= 400 && reuse.status < 500, `reusing a reset token: ${reuse.describe()}`);
  }
  await assertSignInRefused(srv, u.email, 'yet another password', 'password set with a used token');
});

test('hardening: a reset ends the sessions that were open', async () => {
  const u = await signupAndVerify(srv);
  const c = new Client(srv.url);
  assert.equal((await c.submit('/signin', { email: u.email, password: u.password })).status, 303);
  const n = srv.mails().length;
  await new Client(srv.url).submit('/password/forgot', { email: u.email });
  const link = srv.local(await resetLink(srv, u.email, n));
  const ok = await new Client(srv.url).submit(link, { password: 'reset ends sessions' }, { action: '/password/reset' });
  assert.ok([200, 303].includes(ok.status), ok.describe());
  const s = await c.get('/settings');
  assert.equal(s.status, 303, `a session opened before the reset still works: ${s.describe()}`);
});

test('a forged or missing token is refused', async () => {
  const c = new Client(srv.url);
  const g = await c.get('/password/reset?token=forgedforgedforgedforgedforged');
  // The GET may render the form (token checked on POST) or refuse at once.
  assert.ok(g.status === 200 || (g.status >= 400 && g.status < 500), g.describe());
  const csrf = await c.csrf('/password/forgot');
  const p = await c.post('/password/reset', { csrf, token: 'forgedforgedforgedforgedforged', password: 'some new password' });
  assert.ok(p.status >= 400 && p.status < 500 && p.status !== 403, p.describe());
  const p2 = await c.post('/password/reset', { csrf, password: 'some new password' });
  assert.ok(p2.status >= 400 && p2.status < 500 && p2.status !== 403, p2.describe());
});
