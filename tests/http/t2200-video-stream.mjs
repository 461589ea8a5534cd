// Videos (CRS-2): the player page and Range streaming (RFC 9110) from DATA/media.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { signIn } from '../lib/fixtures.mjs';
import { addVideo, getBytes } from '../lib/media.mjs';

let srv;
let v;
let LEN;
before(async () => {
  srv = await startCampus();
  v = addVideo(srv, { bytes: 317 * 1024 + 13 });
  LEN = v.data.length;
});
after(async () => { await srv?.stop(); });

const stream = () => `/videos/${v.id}/stream`;

test('CRS-2: a visitor streams the whole video: 200, exact bytes, Accept-Ranges, validators', async () => {
  const r = await getBytes(srv.url, stream());
  assert.equal(r.status, 200, r.describe());
  assert.ok(r.body.equals(v.data), 'the bytes of the file');
  assert.equal(r.headers.get('accept-ranges'), 'bytes');
  assert.equal(Number(r.headers.get('content-length')), LEN);
  assert.equal(r.headers.get('content-type'), 'video/webm');
  assert.match(r.headers.get('etag') || '', /^"[^"]+"$/, 'a strong ETag');
  assert.ok(!Number.isNaN(Date.parse(r.headers.get('last-modified'))), 'Last-Modified is an HTTP date');
  assert.doesNotMatch(r.headers.get('cache-control') || '', /public/);
});

test('CRS-2: first byte, bytes=0-0 → 206 with Content-Range', async () => {
  const r = await getBytes(srv.url, stream(), { headers: { range: 'bytes=0-0' } });
  assert.equal(r.status, 206, r.describe());
  assert.equal(r.headers.get('content-range'), `bytes 0-0/${LEN}`);
  assert.equal(Number(r.headers.get('content-length')), 1);
  assert.ok(r.body.equals(v.data.subarray(0, 1)));
});

test('CRS-2: a middle range → exactly those bytes', async () => {
  const r = await getBytes(srv.url, stream(), { headers: { range: 'bytes=100000-199999' } });
  assert.equal(r.status, 206, r.describe());
  assert.equal(r.headers.get('content-range'), `bytes 100000-199999/${LEN}`);
  assert.equal(r.body.length, 100000);
  assert.ok(r.body.equals(v.data.subarray(100000, 200000)));
});

test('CRS-2: suffix range bytes=-500 → the last 500 bytes', async () => {
  const r = await getBytes(srv.url, stream(), { headers: { range: 'bytes=-500' } });
  assert.equal(r.status, 206, r.describe());
  assert.equal(r.headers.get('content-range'), `bytes ${LEN - 500}-${LEN - 1}/${LEN}`);
  assert.ok(r.body.equals(v.data.subarray(LEN - 500)));
});

test('CRS-2: open-ended and past-the-end ranges are clamped to the file', async () => {
  let r = await getBytes(srv.url, stream(), { headers: { range: `bytes=${LEN - 10}-` } });
  assert.equal(r.status, 206, r.describe());
  assert.equal(r.headers.get('content-range'), `bytes ${LEN - 10}-${LEN - 1}/${LEN}`);
  assert.ok(r.body.equals(v.data.subarray(LEN - 10)));
  r = await getBytes(srv.url, stream(), { headers: { range: `bytes=5-${LEN * 10}` } });
  assert.equal(r.status, 206, r.describe());
  assert.equal(r.headers.get('content-range'), `bytes 5-${LEN - 1}/${LEN}`);
  r = await getBytes(srv.url, stream(), { headers: { range: 'bytes=0-99999999999999999999999' } });
  assert.equal(r.status, 206, r.describe());
  assert.equal(r.body.length, LEN);
});

test('CRS-2: unsatisfiable ranges → 416 with Content-Range: bytes */LEN', async () => {
  for (const range of [`bytes=${LEN}-`, `bytes=${LEN + 1000}-${LEN + 2000}`, 'bytes=-0', 'bytes=99999999999999999999999-']) {
    const r = await getBytes(srv.url, stream(), { headers: { range } });
    assert.equal(r.status, 416, `${range}: ${r.describe()}`);
    assert.equal(r.headers.get('content-range'), `bytes */${LEN}`, range);
  }
});

test('CRS-2: malformed Range headers are ignored (RFC 9110): 200 with the whole file', async () => {
  for (const range of ['bytes=5-1', 'bytes=abc', 'items=0-1', 'bytes=', 'bytes=0-1;', 'bytes=--1']) {
    const r = await getBytes(srv.url, stream(), { headers: { range } });
    assert.equal(r.status, 200, `${range}: ${r.describe()}`);
    assert.equal(r.body.length, LEN, range);
  }
});

test('CRS-2: several ranges: overlapping ones merged into one part, disjoint ones → the whole file', async () => {
  let r = await getBytes(srv.url, stream(), { headers: { range: 'bytes=0-99,50-199' } });
  assert.equal(r.status, 206, r.describe());
  assert.equal(r.headers.get('content-range'), `bytes 0-199/${LEN}`);
  assert.ok(r.body.equals(v.data.subarray(0, 200)));
  r = await getBytes(srv.url, stream(), { headers: { range: 'bytes=0-0,-1' } });
  assert.equal(r.status, 200, r.describe());
  assert.ok(r.body.equals(v.data));
});

test('CRS-2: If-Range with the current ETag applies the range; a stale one → 200 whole file', async () => {
  const full = await getBytes(srv.url, stream(), { method: 'HEAD' });
  const etag = full.headers.get('etag');
  const lm = full.headers.get('last-modified');
  let r = await getBytes(srv.url, stream(), { headers: { range: 'bytes=10-19', 'if-range': etag } });
  assert.equal(r.status, 206, r.describe());
  assert.ok(r.body.equals(v.data.subarray(10, 20)));
  r = await getBytes(srv.url, stream(), { headers: { range: 'bytes=10-19', 'if-range': lm } });
  assert.equal(r.status, 206, r.describe());
  for (const stale of ['"not-the-etag"', `W/${etag}`, 'Mon, 01 Jan 2001 00:00:00 GMT']) {
    r = await getBytes(srv.url, stream(), { headers: { range: 'bytes=10-19', 'if-range': stale } });
    assert.equal(r.status, 200, `If-Range ${stale}: ${r.describe()}`);
    assert.ok(r.body.equals(v.data), stale);
  }
});

test('If-None-Match with the ETag → 304 without a body', async () => {
  const etag = (await getBytes(srv.url, stream(), { method: 'HEAD' })).headers.get('etag');
  const r = await getBytes(srv.url, stream(), { headers: { 'if-none-match': etag } });
  assert.equal(r.status, 304, r.describe());
  assert.equal(r.body.length, 0);
});

test('HEAD: the headers of the whole file, no body', async () => {
  const r = await getBytes(srv.url, stream(), { method: 'HEAD' });
  assert.equal(r.status, 200, r.describe());
  assert.equal(Number(r.headers.get('content-length')), LEN);
  assert.equal(r.headers.get('accept-ranges'), 'bytes');
  assert.equal(r.body.length, 0);
});

test('unknown or malformed video ids → 404; the URL never names a file', async () => {
  for (const path of ['/videos/999999/stream', '/videos/abc/stream', '/videos/0/stream', '/videos/-1/stream',
    `/videos/${v.id}%2F..%2F..%2Fcampus.db/stream`, '/videos/..%2F..%2Fsecret.key/stream']) {
    const r = await getBytes(srv.url, path);
    assert.equal(r.status, 404, r.describe());
  }
});

test('CRS-2: a signed-in learner without Premium streams too', async () => {
  const { client } = await signIn(srv, srv.demo.learner.email, srv.demo.learner.password);
  const r = await getBytes(srv.url, stream(), { headers: { cookie: client.cookieHeader(), range: 'bytes=0-9' } });
  assert.equal(r.status, 206, r.describe());
});

test('CRS-4: a coming-soon course hides its videos from learners (404), staff preview them', async () => {
  const soon = addVideo(srv, { opensOn: '2099-01-01', bytes: 2048 });
  assert.equal((await getBytes(srv.url, `/videos/${soon.id}/stream`)).status, 404);
  assert.equal((await new Client(srv.url).get(soon.page)).status, 404);
  const { client } = await signIn(srv, srv.demo.staff.email, srv.demo.staff.password);
  const r = await getBytes(srv.url, `/videos/${soon.id}/stream`, { headers: { cookie: client.cookieHeader() } });
  assert.equal(r.status, 200, r.describe());
  assert.ok(r.body.equals(soon.data));
  const p = await client.get(soon.page);
  assert.equal(p.status, 200, p.describe());
});

test('video page: HTML5 player with the stream URL, title, chapter link; a visitor learns downloads are Premium', async () => {
  const r = await new Client(srv.url).get(v.page);
  assert.equal(r.status, 200, r.describe());
  assert.match(r.body, new RegExp(`<video[^>]*\\bcontrols\\b[^>]*preload="metadata"[^>]*src="/videos/${v.id}/stream"`));
  assert.match(r.body, /<h1>Welcome video<\/h1>/);
  assert.match(r.body, new RegExp(`href="/courses/${v.courseSlug}/chapters/${v.chapterSlug}">Introduction</a>`));
  assert.match(r.body, new RegExp(`href="/courses/${v.courseSlug}"`));
  assert.match(r.body, /Premium feature/);
  assert.doesNotMatch(r.body, /download-link/);
  const nf = await new Client(srv.url).get(`/courses/${v.courseSlug}/videos/nope`);
  assert.equal(nf.status, 404, nf.describe());
});

test('video page in French', async () => {
  const r = await new Client(srv.url, { headers: { 'accept-language': 'fr' } }).get(v.page);
  assert.equal(r.status, 200, r.describe());
  assert.match(r.body, /<html lang="fr"/);
  assert.match(r.body, /Premium/);
  assert.doesNotMatch(r.body, /Offline viewing/);
});
