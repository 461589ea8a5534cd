// CRS-4: "tell me when it opens" on a coming-soon course (visitor with an
// email, signed-in learner with one click; idempotent), an email to every
// watcher in their language when a re-import changes the projected date, and
// exactly one opening email when the test clock passes the date.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { findForm } from '../lib/html.mjs';
import { apiToken, signIn, uniqueEmail } from '../lib/fixtures.mjs';
import { campusCli, fixtureCopy } from '../lib/courses.mjs';

let srv;
let admin;
let dir;
const visitor = uniqueEmail('watcher');
const PAGE = '/courses/semis-au-jardin';

before(async () => {
  srv = await startCampus({ clock: 'manual' });
  admin = await apiToken(srv, srv.demo.admin.email, srv.demo.admin.password);
  dir = fixtureCopy('semis-au-jardin');
  const r = campusCli(srv, ['course', 'import', dir]);
  assert.equal(r.status, 0, r.stderr);
});
after(async () => {
  await srv?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const mailsTo = (addr) => srv.mailsTo(addr);

test('CRS-4 a visitor asks to be told: email form, 303 back with a thank-you; asking twice is harmless', async () => {
  const c = new Client(srv.url, { headers: { 'accept-language': 'fr' } });
  const page = await c.get(PAGE);
  const form = findForm(page.body, `${PAGE}/notify`);
  assert.ok(form.fields.find((f) => f.name === 'email' && f.type === 'email'), 'email field');
  for (let i = 0; i < 2; i++) {
    const r = await c.submit(PAGE, { email: visitor }, { action: `${PAGE}/notify` });
    assert.equal(r.status, 303, r.describe());
    const back = await c.follow(r);
    assert.match(back.body, /Merci\u00a0: nous vous écrirons/);
  }
});

test('CRS-4 a bad address is refused with the field marked, 422', async () => {
  const c = new Client(srv.url);
  const r = await c.submit(PAGE, { email: 'not-an-address' }, { action: `${PAGE}/notify` });
  assert.equal(r.status, 422, r.describe());
  assert.match(r.body, /aria-invalid="true"/);
  assert.match(r.body, /Enter a valid email address/);
});

test('CRS-4 notify without a CSRF token is refused', async () => {
  const r = await new Client(srv.url).post(`${PAGE}/notify`, { email: uniqueEmail('nocsrf') });
  assert.equal(r.status, 403, r.describe());
});

test('CRS-4 one network adds at most 10 addresses an hour (no flooding of strangers)', async () => {
  const c = new Client(srv.url);
  // The visitor of the first test counts: 9 more are accepted, then 429.
  for (let i = 0; i < 9; i++) {
    const r = await c.submit(PAGE, { email: uniqueEmail(`flood${i}`) }, { action: `${PAGE}/notify` });
    assert.equal(r.status, 303, r.describe());
  }
  const r = await c.submit(PAGE, { email: uniqueEmail('flood-last') }, { action: `${PAGE}/notify` });
  assert.equal(r.status, 429, r.describe());
  assert.match(r.body, /Try again in an hour/);
});

test('CRS-4 a signed-in learner asks with one click', async () => {
  const { client } = await signIn(srv, srv.demo.learner.email, srv.demo.learner.password);
  const page = await client.get(PAGE);
  const form = findForm(page.body, `${PAGE}/notify`);
  assert.ok(!form.fields.find((f) => f.name === 'email'), 'no email field when signed in');
  const r = await client.submit(PAGE, {}, { action: `${PAGE}/notify` });
  assert.equal(r.status, 303, r.describe());
  const back = await client.get(PAGE);
  assert.match(back.body, /we will email you when this course opens/);
});

test('CRS-4 a re-import with a later date emails each watcher once, in their language', async () => {
  const ini = join(dir, 'course.ini');
  writeFileSync(ini, readFileSync(ini, 'utf8').replace('opens_on = 2031-03-01', 'opens_on = 2031-04-15'));
  const r = campusCli(srv, ['course', 'import', dir]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /11 watchers told of the new date/);
  // The CLI queued the emails at the wall-clock time; the manual clock of
  // the server stands still until moved: move it a minute past the import.
  const server = Date.parse((await new Client(srv.url).get('/healthz')).json.time);
  const at = new Date(Math.max(server, Date.now()) + 60000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  assert.equal((await admin.api('POST', '/api/v1/test-clock', { now: at })).status, 200);
  const fr = await srv.waitForMail((m) => m.to.toLowerCase().includes(visitor));
  assert.match(fr.subject, /Nouvelle date d'ouverture pour «\u00a0Semis au jardin\u00a0»/);
  assert.match(fr.text, /plus tard que prévu\u00a0: le 15 avril 2031 au lieu du 1er mars 2031/);
  assert.ok(fr.links.some((l) => l.endsWith('/courses/semis-au-jardin')), fr.text);
  const en = await srv.waitForMail((m) => m.to.toLowerCase().includes(srv.demo.learner.email));
  assert.match(en.subject, /New opening date for “Semis au jardin”/);
  assert.match(en.text, /later than planned: on 15 April 2031 instead of 1 March 2031/);
  const page = await new Client(srv.url).get(PAGE);
  assert.match(page.body, /planned to open on 15 April 2031/);
  assert.match(page.body, /It opens later than the 1 March 2031 first announced/, 'the change is shown on the page');
  const api = await new Client(srv.url).api('GET', '/api/v1/courses/semis-au-jardin');
  assert.equal(api.json.previous_opens_on, '2031-03-01');
});

test('CRS-4 when the test clock passes the date, each watcher gets one opening email', async () => {
  const before1 = srv.mails().length;
  let r = await admin.api('POST', '/api/v1/test-clock', { now: '2031-04-16T08:00:00Z' });
  assert.equal(r.status, 200, r.describe());
  const fr = await srv.waitForMail((m) => m.to.toLowerCase().includes(visitor) && /est ouvert/.test(m.subject), { after: before1 });
  assert.match(fr.text, /Bonne nouvelle/);
  await srv.waitForMail((m) => m.to.toLowerCase().includes(srv.demo.learner.email) && /is open/.test(m.subject), { after: before1 });
  const count = srv.mails().length;
  r = await admin.api('POST', '/api/v1/test-clock', { now: '2031-04-19T08:00:00Z' });
  assert.equal(r.status, 200);
  await new Promise((res) => setTimeout(res, 300));
  const opening = mailsTo(visitor).filter((m) => /est ouvert/.test(m.subject));
  assert.equal(opening.length, 1, 'the opening email goes once');
  assert.equal(srv.mails().length, count, 'nothing more');
  // Open now: the chapters are linked and nobody is asked for an email.
  const page = await new Client(srv.url).get(PAGE);
  assert.match(page.body, /href="\/courses\/semis-au-jardin\/chapters\/terre"/);
  assert.match(page.body, /Opened on 15 April 2031 \(first announced for 1 March 2031\)/);
  assert.ok(!page.body.includes('/notify"'), 'no notify form on an open course');
  const api = await new Client(srv.url).api('GET', '/api/v1/courses/semis-au-jardin');
  assert.equal(api.json.open, true);
});
