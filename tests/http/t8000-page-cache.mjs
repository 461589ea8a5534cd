// The page cache of visitors' pages (perf: the home page, the catalogue and
// course pages are rendered once per language, filters and day, and checked
// against the catalogue in the database at every request): a re-import shows
// at once, in both languages; a cached visitor page is the same bytes for
// everyone (no token: the visitors' language switch is a GET); signed-in users
// never get a visitor's page, and the progress shown to a learner is always
// fresh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { csrfFrom } from '../lib/html.mjs';
import { signIn, signupAndVerify, apiToken } from '../lib/fixtures.mjs';
import { campusCli, fixtureCopy } from '../lib/courses.mjs';

const SLUG = 'cache-test';
const CATALOGUE = '/courses?category=cachetest';
let srv;
const tmp = [];

function importTitle(title) {
  const d = fixtureCopy('kitchen-basics', { slug: SLUG, title, category: 'cachetest' });
  tmp.push(d);
  const r = campusCli(srv, ['course', 'import', d]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
}

const visitor = (lang) => new Client(srv.url, { headers: { cookie: `campus_lang=${lang}` } });

before(async () => {
  srv = await startCampus();
  importTitle('Cache title one');
});
after(async () => {
  await srv?.stop();
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

test('t8000 a re-import shows the new title at once on the catalogue and the course page, in English and French', async () => {
  for (const lang of ['en', 'fr']) {
    for (const path of [CATALOGUE, `/courses/${SLUG}`]) {
      // Twice: the second answer comes from the cache.
      for (let i = 0; i < 2; i++) {
        const r = await visitor(lang).get(path);
        assert.equal(r.status, 200, r.describe());
        assert.match(r.body, /Cache title one/, `${lang} ${path}`);
        assert.match(r.body, new RegExp(`<html lang="${lang}"`));
      }
    }
  }
  importTitle('Cache title two'); // another process, as a second server would be
  for (const lang of ['en', 'fr']) {
    for (const path of [CATALOGUE, `/courses/${SLUG}`]) {
      const r = await visitor(lang).get(path);
      assert.equal(r.status, 200, r.describe());
      assert.match(r.body, /Cache title two/, `${lang} ${path} after the re-import`);
      assert.doesNotMatch(r.body, /Cache title one/, `${lang} ${path} after the re-import`);
    }
  }
});

test('t8001 a cached visitor page carries no visitor token: the same bytes for everyone, and the switch works without one', async () => {
  // The home page, the catalogue and an open course's page have no form
  // needing a token (the visitors' language switch is a GET): page_cache
  // answers its bytes as they are, with no anonymous cookie. (Token holes
  // for pages that have one: tests/unit/test_page_cache.c.)
  for (const path of ['/', CATALOGUE, `/courses/${SLUG}`]) {
    const a = new Client(srv.url);
    const b = new Client(srv.url);
    const ra = await a.get(path);
    const rb = await b.get(path); // from the cache
    assert.equal(rb.status, 200, rb.describe());
    assert.equal(ra.body, rb.body, path);
    assert.doesNotMatch(rb.body, /name="csrf"/, path);
    assert.ok(!rb.setCookies.some((x) => x.name === 'campus_anon'), `${path}: no anonymous cookie`);
    const sw = await b.get(`/lang?lang=fr&next=${encodeURIComponent(path)}`);
    assert.equal(sw.status, 303, sw.describe());
    assert.equal(sw.location.replace(/^https?:\/\/[^/]+/, ''), path);
    const fr = await b.get(path);
    assert.match(fr.body, /<html lang="fr"/);
    // POST /lang still wants a token: a cached page gives none to forge with.
    const forged = await b.post('/lang', { lang: 'en', next: path });
    assert.equal(forged.status, 403, forged.describe());
  }
});

test('t8002 a signed-in learner never gets a visitor page, and their progress is never cached', async () => {
  const path = `/courses/${SLUG}`;
  await visitor('en').get(path);
  await visitor('en').get(path); // cached for visitors
  const { client: learner } = await signIn(srv, srv.demo.learner.email, srv.demo.learner.password);
  const api = await apiToken(srv, srv.demo.learner.email, srv.demo.learner.password);

  let r = await learner.get(path);
  assert.equal(r.status, 200, r.describe());
  assert.match(r.body, /action="\/signout"/, 'the signed-in page');
  assert.match(r.body, /Your progress/);
  assert.match(r.body, /0 of 2 chapters done/);

  const done = await api.api('POST', `/api/v1/courses/${SLUG}/chapters/knives/done`);
  assert.ok(done.status < 300, done.describe());
  r = await learner.get(path);
  assert.match(r.body, /1 of 2 chapters done/, 'progress shown at once');
  const done2 = await api.api('POST', `/api/v1/courses/${SLUG}/chapters/stocks/done`);
  assert.ok(done2.status < 300, done2.describe());
  r = await learner.get(path);
  assert.match(r.body, /2 of 2 chapters done/, 'progress shown at once, again');

  // And visitors still get the visitor page, without the learner's anything.
  for (const p of [path, CATALOGUE, '/']) {
    const v = await visitor('en').get(p);
    assert.equal(v.status, 200, v.describe());
    assert.doesNotMatch(v.body, /action="\/signout"|Your progress|chapters done/, p);
    assert.doesNotMatch(v.body, new RegExp(srv.demo.learner.email.replace(/[.]/g, '\\.')), p);
    assert.match(v.body, /href="\/signin"/, p);
  }
  // The signed-in catalogue and home page are the learner's too.
  for (const p of [CATALOGUE, '/']) {
    const s = await learner.get(p);
    assert.match(s.body, /action="\/signout"/, p);
    assert.doesNotMatch(s.body, /<a href="\/signin">/, p);
  }
});

test('t8003 a signed-in dashboard kept while nothing is committed: fresh after every change, per session, gone at sign-out', async () => {
  const u = await signupAndVerify(srv);
  const { client: a } = await signIn(srv, u.email, u.password);
  const { client: b } = await signIn(srv, u.email, u.password);
  const api = await apiToken(srv, u.email, u.password);
  let ra = await a.get('/dashboard');
  assert.equal(ra.status, 200, ra.describe());
  assert.doesNotMatch(ra.body, /of 2 chapters done/);
  const again = await a.get('/dashboard');
  assert.equal(again.body, ra.body, 'the same page while nothing changed');

  // A change by another client (an API token) shows at once; also once the
  // commit is older than the commit stamp's margin (50 ms), when the stamp
  // is trusted again and only its change tells the kept page is stale.
  const settle = () => new Promise((res) => setTimeout(res, 150));
  const done = await api.api('POST', `/api/v1/courses/${SLUG}/chapters/knives/done`);
  assert.ok(done.status < 300, done.describe());
  await settle();
  ra = await a.get('/dashboard');
  assert.match(ra.body, /1 of 2 chapters done/, 'progress shown at once');
  const done2 = await api.api('POST', `/api/v1/courses/${SLUG}/chapters/stocks/done`);
  assert.ok(done2.status < 300, done2.describe());
  ra = await a.get('/dashboard');
  assert.match(ra.body, /2 of 2 chapters done/, 'progress shown at once, again');
  await settle();
  assert.match((await a.get('/dashboard')).body, /2 of 2 chapters done/);

  // Each session its own page: its own CSRF token in the sign-out form.
  const rb = await b.get('/dashboard');
  const ta = csrfFrom(ra.body, '/signout');
  const tb = csrfFrom(rb.body, '/signout');
  assert.ok(ta && tb && ta !== tb, 'two sessions, two tokens');

  // Signed out: the kept page is not given to the old cookie.
  const cookie = a.cookieValue('campus_session');
  assert.ok(cookie);
  await settle();
  assert.equal((await a.get('/dashboard')).status, 200); /* kept at the current stamp */
  const out = await a.post('/signout', { csrf: ta });
  assert.equal(out.status, 303, out.describe());
  await settle();
  const stale = new Client(srv.url);
  stale.jar.set('campus_session', { name: 'campus_session', value: cookie, attrs: {} });
  const gone = await stale.get('/dashboard');
  assert.equal(gone.status, 303, gone.describe());
  assert.match(gone.location, /\/signin/);
  assert.equal((await b.get('/dashboard')).status, 200, 'the other session still works');
});
