// Fixtures of the media tests: a course with a video row and its file,
// written straight into the database and DATA/media (the course import
// does the same), so that the tests do not depend on the demo catalogue.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';

/** Runs SQL on the server's database (sqlite3 or psql); returns stdout. */
export function sql(srv, text) {
  const pg = /^postgres(ql)?:/.test(srv.dbUrl || '');
  const r = pg
    ? spawnSync('psql', [srv.dbUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-X', '-A', '-t', '-c', text], { encoding: 'utf8' })
    : spawnSync('sqlite3', ['-batch', join(srv.dataDir, 'campus.db')], { input: `.timeout 5000\n${text}\n`, encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`sql failed: ${r.error?.message || r.stderr}\n${text}`);
  return r.stdout.trim();
}

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

/**
 * Adds a course (if new) with one chapter and one video: `data` (a Buffer) or `bytes` random bytes.
 * Returns {id, slug, courseSlug, chapterSlug, chapterTitle, title, data, sha256, page}.
 */
export function addVideo(srv, { courseSlug = `media-${randomBytes(3).toString('hex')}`, slug = 'welcome', title = 'Welcome video', bytes = 300 * 1024, opensOn = '', chapterSlug = 'intro', chapterTitle = 'Introduction', mime = 'video/webm', data: given } = {}) {
  const data = given ?? randomBytes(bytes);
  bytes = data.length;
  const rel = `${courseSlug}/${slug}.webm`;
  mkdirSync(join(srv.dataDir, 'media', courseSlug), { recursive: true });
  writeFileSync(join(srv.dataDir, 'media', rel), data);
  const now = Math.floor(Date.now() / 1000);
  sql(srv, `INSERT INTO courses (slug, lang, title, summary, level, category, duration_minutes, author, licence, opens_on, imported_at, updated_at)
    SELECT ${q(courseSlug)}, 'en', ${q(`Course ${courseSlug}`)}, 'A test course.', 'beginner', 'testing', 30, 'Test Author', 'CC-BY-SA-4.0', ${q(opensOn)}, ${now}, ${now}
    WHERE NOT EXISTS (SELECT 1 FROM courses WHERE slug = ${q(courseSlug)});
    INSERT INTO chapters (course_id, slug, position, title, body_md, body_html, minutes)
    SELECT id, ${q(chapterSlug)}, 1, ${q(chapterTitle)}, '# Intro', '<h1>Intro</h1>', 5 FROM courses WHERE slug = ${q(courseSlug)}
    AND NOT EXISTS (SELECT 1 FROM chapters h JOIN courses c ON c.id = h.course_id WHERE c.slug = ${q(courseSlug)} AND h.slug = ${q(chapterSlug)});
    INSERT INTO videos (course_id, slug, chapter_slug, title, path, mime, bytes)
    SELECT id, ${q(slug)}, ${q(chapterSlug)}, ${q(title)}, ${q(rel)}, ${q(mime)}, ${bytes} FROM courses WHERE slug = ${q(courseSlug)};`);
  const id = Number(sql(srv, `SELECT v.id FROM videos v JOIN courses c ON c.id = v.course_id WHERE c.slug = ${q(courseSlug)} AND v.slug = ${q(slug)};`));
  return { id, slug, courseSlug, chapterSlug, chapterTitle, title, data, sha256: createHash('sha256').update(data).digest('hex'), page: `/courses/${courseSlug}/videos/${slug}` };
}

/** GET with fetch, returning the body as a Buffer (the Client reads text). */
export async function getBytes(base, path, { headers = {}, method = 'GET' } = {}) {
  const res = await fetch(/^https?:/.test(path) ? path : `${base}${path}`, { method, headers, redirect: 'manual' });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body, describe: () => `${method} ${path} -> ${res.status} ${res.headers.get('content-type')} ${body.length} bytes${res.status >= 400 ? `: ${body.toString('utf8', 0, 300)}` : ''}` };
}

export const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

/** A real WebM video (VP8, 320x240, `seconds` long, with its duration and cues) made by ffmpeg, as a Buffer. */
export function makeWebm(seconds = 4) {
  // A file, not a pipe: the muxer seeks back to write the duration and the cues.
  const dir = mkdtempSync(join(tmpdir(), 'campus-webm-'));
  const out = join(dir, 'v.webm');
  try {
    const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc=duration=${seconds}:size=320x240:rate=15`,
      '-c:v', 'libvpx', '-b:v', '400k', out], { encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(`ffmpeg: ${r.error?.message || r.stderr}`);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
