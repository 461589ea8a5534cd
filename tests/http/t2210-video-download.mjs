// CRS-2: personal, expiring, signed download links for Premium users; everyone else streams only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { apiToken, assertProblem, signIn, signupAndVerify } from '../lib/fixtures.mjs';
import { csrfFrom } from '../lib/html.mjs';
import { addVideo, getBytes, sha256 } from '../lib/media.mjs';

let srv;
let v;
let admin;
let now;
const MIN = 60000;

function iso(ms) { return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'); }

async function setClock(ms) {
  const r = await admin.api('POST', '/api/v1/test-clock', { now: iso(ms) });
  assert.equal(r.status, 200, r.describe());
  now = ms;
}

async function grant(email, body = {}) {
  const r = await admin.api('POST', '/api/v1/premium-grants', { email, reason: 'tests', ...body });
  assert.equal(r.status, 201, r.describe());
  return r.json;
}

/** A verified account with a Premium grant, signed in: {client, api, id, email}. */
async function subscriber() {
  const f = await signupAndVerify(srv);
  const g = await grant(f.email);
  const { client } = await signIn(srv, f.email, f.password);
  const api = await apiToken(srv, f.email, f.password);
  return { client, api, id: g.user_id, email: f.email };
}

before(async () => {
  srv = await startCampus({ clock: 'manual' });
  admin = await apiToken(srv, srv.demo.admin.email, srv.demo.admin.password);
  now = Date.now();
  v = addVideo(srv, { bytes: 256 * 1024 + 7 });
});
after(async () => { await srv?.stop(); });

test('CRS-2: a non-subscriber has no download button and is refused a link (page 403, API 403 problem)', async () => {
  const { client } = await signIn(srv, srv.demo.learner.email, srv.demo.learner.password);
  const page = await client.get(v.page);
  assert.equal(page.status, 200, page.describe());
  assert.match(page.body, /Premium feature/);
  assert.doesNotMatch(page.body, /action="\/videos\/\d+\/download-link"/);
  const csrf = csrfFrom(page.body);
  const r = await client.post(`/videos/${v.id}/download-link`, { csrf });
  assert.equal(r.status, 403, r.describe());
  assert.match(r.body, /Premium feature/);
  assert.doesNotMatch(r.body, /sig=/);
  const api = await apiToken(srv, srv.demo.learner.email, srv.demo.learner.password);
  const j = assertProblem(await api.api('POST', `/api/v1/videos/${v.id}/download-link`), 403);
  assert.match(j.detail, /Premium/);
});

test('CRS-2: a visitor must sign in for a link (page → sign-in, API → 401)', async () => {
  const c = new Client(srv.url);
  // A visitor's valid token (the video page of a visitor has no form that
  // needs one since the visitors' language switch is a GET: take the sign-in form's).
  const r = await c.post(`/videos/${v.id}/download-link`, { csrf: await c.csrf('/signin') });
  assert.equal(r.status, 303, r.describe());
  assert.match(r.location, /^\/signin/);
  assertProblem(await new Client(srv.url).api('POST', `/api/v1/videos/${v.id}/download-link`), 401);
});

test('CRS-2: a granted subscriber gets a personal link from the page and downloads the exact bytes', async () => {
  const s = await subscriber();
  const page = await s.client.get(v.page);
  assert.match(page.body, new RegExp(`action="/videos/${v.id}/download-link"`), 'the download button');
  assert.match(page.body, /Download for offline viewing/);
  const r = await s.client.submit(v.page, {}, { action: `/videos/${v.id}/download-link` });
  assert.equal(r.status, 200, r.describe());
  const m = /href="(\/videos\/\d+\/download\?[^"]+)"/.exec(r.body);
  assert.ok(m, `a link on the page: ${r.describe()}`);
  const link = m[1].replace(/&amp;/g, '&');
  const u = new URL(link, srv.url);
  assert.equal(u.searchParams.get('u'), String(s.id), 'bound to the user');
  assert.match(u.searchParams.get('sig'), /^[0-9a-f]{64}$/);
  const exp = Number(u.searchParams.get('exp'));
  assert.ok(Math.abs(exp - (now / 1000 + 3600)) < 120, `valid 60 minutes: exp ${exp}, now ${now / 1000}`);
  // A bearer link: no session needed (a download manager, another device).
  const d = await getBytes(srv.url, link);
  assert.equal(d.status, 200, d.describe());
  assert.equal(sha256(d.body), v.sha256, 'sha256 of the download equals the file');
  assert.match(d.headers.get('content-disposition') || '', /^attachment; filename="welcome\.webm"$/);
  assert.equal(d.headers.get('accept-ranges'), 'bytes');
  assert.match(d.headers.get('cache-control') || '', /no-store/);
  // Range works on downloads too (resuming).
  const part = await getBytes(srv.url, link, { headers: { range: 'bytes=1000-1999' } });
  assert.equal(part.status, 206, part.describe());
  assert.ok(part.body.equals(v.data.subarray(1000, 2000)));
});

test('CRS-2: API link works; tampering with any field → 403', async () => {
  const s = await subscriber();
  const other = await subscriber();
  const r = await s.api.api('POST', `/api/v1/videos/${v.id}/download-link`);
  assert.equal(r.status, 201, r.describe());
  assert.equal(r.json.video_id, v.id);
  assert.ok(!Number.isNaN(Date.parse(r.json.expires_at)));
  assert.ok(r.json.url.endsWith(r.json.path));
  const good = new URL(r.json.path, srv.url);
  assert.equal((await getBytes(srv.url, good.pathname + good.search, { method: 'HEAD' })).status, 200);
  const v2 = addVideo(srv, { courseSlug: v.courseSlug, slug: 'second', bytes: 1024 });
  const variants = {
    'another user': (p) => p.set('u', String(other.id)),
    'later expiry': (p) => p.set('exp', String(Number(p.get('exp')) + 3600)),
    'changed signature': (p) => p.set('sig', p.get('sig').replace(/^./, (c) => (c === '0' ? '1' : '0'))),
    'no signature': (p) => p.delete('sig'),
    'upper-case signature': (p) => p.set('sig', p.get('sig').toUpperCase().replace(/^[0-9]/, 'A')),
  };
  for (const [what, change] of Object.entries(variants)) {
    const p = new URLSearchParams(good.search);
    change(p);
    const d = await getBytes(srv.url, `${good.pathname}?${p}`);
    assert.equal(d.status, 403, `${what}: ${d.describe()}`);
    assert.match(d.body.toString(), /not valid/, what);
  }
  // The same signature on another video.
  const d = await getBytes(srv.url, `/videos/${v2.id}/download${good.search}`);
  assert.equal(d.status, 403, `another video: ${d.describe()}`);
  // The other subscriber's session does not turn the link into theirs either: it stays bound to its user.
  const o = await getBytes(srv.url, good.pathname + good.search, { headers: { cookie: other.client.cookieHeader() } });
  assert.equal(o.status, 200, o.describe());
});

test('CRS-2: a link expires after download_link_minutes (test clock): valid at exp-1 s, 410 from exp', async () => {
  const s = await subscriber();
  const r = await s.api.api('POST', `/api/v1/videos/${v.id}/download-link`);
  assert.equal(r.status, 201, r.describe());
  const exp = Number(new URL(r.json.path, srv.url).searchParams.get('exp'));
  await setClock((exp - 1) * 1000);
  assert.equal((await getBytes(srv.url, r.json.path, { headers: { range: 'bytes=0-0' } })).status, 206, 'one second before expiry');
  await setClock(exp * 1000);
  const d = await getBytes(srv.url, r.json.path);
  assert.ok([410, 403].includes(d.status), d.describe());
  assert.equal(d.status, 410, d.describe());
  assert.match(d.body.toString(), /expired/);
  // A fresh link works again.
  const again = await s.api.api('POST', `/api/v1/videos/${v.id}/download-link`);
  assert.equal((await getBytes(srv.url, again.json.path, { method: 'HEAD' })).status, 200);
});

test('CRS-2: a link is refused once the user\'s Premium grant is revoked (re-checked at download)', async () => {
  const s = await subscriber();
  const r = await s.api.api('POST', `/api/v1/videos/${v.id}/download-link`);
  assert.equal(r.status, 201, r.describe());
  assert.equal((await getBytes(srv.url, r.json.path, { method: 'HEAD' })).status, 200);
  const del = await admin.api('DELETE', `/api/v1/premium-grants/${s.id}`, { reason: 'test over' });
  assert.equal(del.status, 204, del.describe());
  const d = await getBytes(srv.url, r.json.path);
  assert.equal(d.status, 403, d.describe());
  assert.match(d.body.toString(), /no longer has Premium/);
  assertProblem(await s.api.api('POST', `/api/v1/videos/${v.id}/download-link`), 403);
});

test('CRS-2: a grant that reaches its end date ends the downloads with it', async () => {
  const f = await signupAndVerify(srv);
  await grant(f.email, { ends_at: iso(now + 30 * MIN) });
  const api = await apiToken(srv, f.email, f.password);
  const r = await api.api('POST', `/api/v1/videos/${v.id}/download-link`);
  assert.equal(r.status, 201, r.describe());
  await setClock(now + 31 * MIN);
  const d = await getBytes(srv.url, r.json.path);
  assert.equal(d.status, 403, d.describe());
});

test('download links for unknown videos → 404; wrong methods → 405', async () => {
  const s = await subscriber();
  assertProblem(await s.api.api('POST', '/api/v1/videos/999999/download-link'), 404);
  assertProblem(await s.api.api('POST', '/api/v1/videos/abc/download-link'), 404);
  const r = await getBytes(srv.url, `/videos/${v.id}/download-link`);
  assert.equal(r.status, 405, r.describe());
});
