// campus course import|list: progress and summary, every problem with its
// file and line, re-import keeping ids, init --demo importing demo/courses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { startCampus, ROOT } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { campusCli, fixtureCopy, FIXTURES } from '../lib/courses.mjs';

let srv;
const tmp = [];
before(async () => { srv = await startCampus(); });
after(async () => {
  await srv?.stop();
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

test('import of the fixtures: progress per folder and a summary; course list shows them', async () => {
  const r = campusCli(srv, ['course', 'import', join(FIXTURES, 'kitchen-basics'), join(FIXTURES, 'semis-au-jardin')]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /\[1\/2\] .*kitchen-basics \.\.\. (created|updated) kitchen-basics: 2 chapters, 2 exercises, 1 video, 2 media files/);
  assert.match(r.stdout, /\[2\/2\] .*semis-au-jardin \.\.\. (created|updated) semis-au-jardin/);
  assert.match(r.stdout, /2 of 2 courses imported/);
  const again = campusCli(srv, ['course', 'import', join(FIXTURES, 'kitchen-basics')]);
  assert.equal(again.status, 0);
  assert.match(again.stdout, /unchanged kitchen-basics/);
  const list = campusCli(srv, ['course', 'list']);
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /kitchen-basics\s+en\s+beginner\s+cooking\s+45 min\s+Kitchen basics/);
  assert.match(list.stdout, /semis-au-jardin\s+fr .*\(opens 2031-03-01\)/);
});

test('a folder with problems: exit 1, each problem with file and line, nothing changed', async () => {
  const dir = fixtureCopy('kitchen-basics', { licence: 'CC-BY-4.0', slug: 'broken-course' });
  tmp.push(dir);
  writeFileSync(join(dir, 'quizzes', 'knives.gift'), '::A::Fine {T}\n\n::B::Broken {=yes\n');
  writeFileSync(join(dir, 'chapters', '02-stocks.md'), '# Stocks\n\nA [bad link](javascript:alert(1)).\n');
  writeFileSync(join(dir, 'chapters', '03-untitled.md'), 'No heading.\n');
  const ini = join(dir, 'course.ini');
  writeFileSync(ini, `${(await import('node:fs')).readFileSync(ini, 'utf8')}\n[quiz:extra]\ntitle = Extra\nafter = nowhere\n`);
  const r = campusCli(srv, ['course', 'import', dir]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /failed/);
  assert.match(r.stdout, /0 of 1 course imported/);
  const err = r.stderr;
  assert.match(err, /course\.ini:\d+: licence must be CC-BY-NC-SA-4\.0 or CC-BY-SA-4\.0 \(CRS-3\)/);
  assert.match(err, /quizzes\/knives\.gift:3: /);
  assert.match(err, /chapters\/02-stocks\.md:3: link target "javascript:alert\(1\)" refused/);
  assert.match(err, /chapters\/03-untitled\.md:1: the chapter has no title/);
  assert.match(err, /course\.ini:\d+: \[quiz:extra\] after = nowhere: there is no chapter "nowhere"/);
  assert.match(err, /quizzes\/extra\.gift:1: the file is missing/);
  const page = await new Client(srv.url).get('/courses/broken-course');
  assert.equal(page.status, 404, 'a refused import stores nothing');
});

test('re-import keeps ids of chapters and exercises, deletes what the folder lost', async () => {
  const dir = fixtureCopy('kitchen-basics', { slug: 'kitchen-reimport', title: 'Kitchen reimport' });
  tmp.push(dir);
  assert.equal(campusCli(srv, ['course', 'import', dir]).status, 0);
  const before1 = (await new Client(srv.url).api('GET', '/api/v1/courses/kitchen-reimport')).json;
  const ids = Object.fromEntries(before1.outline.map((i) => [`${i.type}:${i.slug}`, i.id]));
  assert.ok(ids['chapter:knives'] && ids['quiz:knives'] && ids['homework:menu'], JSON.stringify(before1.outline));
  // Drop the homework, retitle a chapter.
  const ini = join(dir, 'course.ini');
  const fs = await import('node:fs');
  fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(/\[homework:menu\][^[]*/, ''));
  unlinkSync(join(dir, 'homework', 'menu.md'));
  fs.writeFileSync(join(dir, 'chapters', '01-knives.md'), '# Knives, revised\n\nStill sharp.\n');
  const r = campusCli(srv, ['course', 'import', dir]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /updated kitchen-reimport: .*1 removed/);
  const after1 = (await new Client(srv.url).api('GET', '/api/v1/courses/kitchen-reimport')).json;
  const byKey = Object.fromEntries(after1.outline.map((i) => [`${i.type}:${i.slug}`, i]));
  assert.equal(byKey['chapter:knives'].id, ids['chapter:knives']);
  assert.equal(byKey['chapter:knives'].title, 'Knives, revised');
  assert.equal(byKey['chapter:stocks'].id, ids['chapter:stocks']);
  assert.equal(byKey['quiz:knives'].id, ids['quiz:knives']);
  assert.equal(byKey['homework:menu'], undefined);
});

test('campus init --demo imports every folder of demo/courses (when the repository has one)', async () => {
  const demo = join(ROOT, 'demo', 'courses');
  if (!existsSync(demo)) {
    assert.match(srv.initStdout, /no demo courses found/);
    return;
  }
  const folders = readdirSync(demo).filter((d) => existsSync(join(demo, d, 'course.ini')));
  assert.ok(folders.length >= 4, `demo/courses has ${folders.length} courses`);
  assert.match(srv.initStdout, new RegExp(`${folders.length} of ${folders.length} demo courses imported`), srv.initStdout);
  const list = campusCli(srv, ['course', 'list']);
  for (const f of folders) assert.match(list.stdout, new RegExp(`^${f}\\s`, 'm'), `demo course ${f} is listed`);
});

test('init --courses DIR imports the folders of DIR, and again leaves them unchanged', async () => {
  const other = await startCampus({ serveArgs: [] });
  try {
    const r = campusCli(other, ['init', '--demo', '--courses', FIXTURES]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\[\d\/2\] .*kitchen-basics \.\.\. (created|unchanged)/);
    assert.match(r.stdout, /2 of 2 demo courses imported/);
    const again = campusCli(other, ['init', '--demo', '--courses', FIXTURES]);
    assert.match(again.stdout, /unchanged kitchen-basics/);
  } finally {
    await other.stop();
  }
});
