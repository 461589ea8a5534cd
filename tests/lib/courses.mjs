// Helpers of the courses tests (t2000-t2099): the campus CLI on a test
// server's data, course folders made on the fly, zip archives.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, cpSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { ROOT, CAMPUS_BIN } from './server.mjs';

export const FIXTURES = join(ROOT, 'tests', 'fixtures', 'courses');

/** Runs `campus ARGS --data srv.dataDir [--db ...]`; returns {status, stdout, stderr}. */
export function campusCli(srv, args) {
  const db = srv.dbUrl ? ['--db', srv.dbUrl] : [];
  const [cmd, ...rest] = args;
  const r = spawnSync(CAMPUS_BIN, [cmd, '--data', srv.dataDir, ...db, ...rest], { encoding: 'utf8', timeout: 60000, cwd: ROOT });
  if (r.error) throw r.error;
  return r;
}

/** A temporary folder with the given files ({relpath: text or Buffer}); returns its path. */
export function makeFolder(files, base) {
  const root = base ?? mkdtempSync(join(tmpdir(), 'campus-course-'));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return root;
}

/** A copy of fixture `name` with course.ini fields replaced ({slug: 'x', title: 'y'}). */
export function fixtureCopy(name, fields = {}) {
  const root = mkdtempSync(join(tmpdir(), 'campus-course-'));
  cpSync(join(FIXTURES, name), root, { recursive: true });
  let ini = readFileSync(join(root, 'course.ini'), 'utf8');
  for (const [k, v] of Object.entries(fields)) {
    const re = new RegExp(`^${k} = .*$`, 'm');
    ini = re.test(ini) ? ini.replace(re, `${k} = ${v}`) : ini.replace('[course]\n', `[course]\n${k} = ${v}\n`);
  }
  writeFileSync(join(root, 'course.ini'), ini);
  return root;
}

/** A zip archive (Buffer) of entries [[name, content], ...] made by Python's zipfile. */
export function makeZip(entries) {
  const dir = mkdtempSync(join(tmpdir(), 'campus-zip-'));
  const out = join(dir, 'a.zip');
  const spec = JSON.stringify(entries.map(([n, c]) => [n, Buffer.from(c).toString('base64')]));
  const py = 'import sys, json, zipfile, base64\n'
    + 'with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:\n'
    + '    for n, c in json.loads(sys.stdin.read()):\n'
    + '        z.writestr(n, base64.b64decode(c))\n';
  const r = spawnSync('python3', ['-c', py, out], { input: spec, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`zip: ${r.stderr}`);
  const buf = readFileSync(out);
  rmSync(dir, { recursive: true, force: true });
  return buf;
}

/** Every file of a folder as zip entries under prefix. */
export function folderEntries(root, prefix = '') {
  const out = [];
  const walk = (rel) => {
    const r = spawnSync('find', [join(root, rel), '-type', 'f'], { encoding: 'utf8' });
    for (const p of r.stdout.split('\n').filter(Boolean)) out.push([prefix + p.slice(root.length + 1), readFileSync(p)]);
  };
  walk('');
  return out;
}
