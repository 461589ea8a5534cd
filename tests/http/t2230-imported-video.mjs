// Videos as the course import stores them: `campus course import` copies a real WebM into
// DATA/media/<slug>/ and fills `videos`; the course page links to the player page, whose
// stream serves the imported bytes with ranges (CRS-2).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCampus, CAMPUS_BIN, ROOT } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { getBytes, makeWebm, sha256 } from '../lib/media.mjs';

let srv;
let dir;
let webm;
before(async () => {
  srv = await startCampus();
  dir = mkdtempSync(join(tmpdir(), 'campus-course-'));
  cpSync(join(ROOT, 'tests/fixtures/courses/kitchen-basics'), dir, { recursive: true });
  webm = makeWebm(2);
  writeFileSync(join(dir, 'media/intro.webm'), webm);
  const r = spawnSync(CAMPUS_BIN, ['course', 'import', '--data', srv.dataDir, ...(srv.dbUrl ? ['--db', srv.dbUrl] : []), dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, `campus course import: ${r.stdout}\n${r.stderr}`);
});
after(async () => {
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('CRS-2: the imported video is linked from the course page and streams the imported bytes', async () => {
  const c = new Client(srv.url);
  const course = await c.get('/courses/kitchen-basics');
  assert.equal(course.status, 200, course.describe());
  assert.match(course.body, /href="\/courses\/kitchen-basics\/videos\/intro"/);
  const page = await c.get('/courses/kitchen-basics/videos/intro');
  assert.equal(page.status, 200, page.describe());
  assert.match(page.body, /<h1>Welcome to the kitchen<\/h1>/);
  const m = /src="(\/videos\/\d+\/stream)"/.exec(page.body);
  assert.ok(m, 'the player streams from /videos/ID/stream');
  const full = await getBytes(srv.url, m[1]);
  assert.equal(full.status, 200, full.describe());
  assert.equal(sha256(full.body), sha256(webm));
  assert.equal(full.headers.get('content-type'), 'video/webm');
  const part = await getBytes(srv.url, m[1], { headers: { range: 'bytes=-100' } });
  assert.equal(part.status, 206, part.describe());
  assert.equal(part.headers.get('content-range'), `bytes ${webm.length - 100}-${webm.length - 1}/${webm.length}`);
  assert.ok(part.body.equals(webm.subarray(webm.length - 100)));
});
