// Fixtures of the peer review tests (t23xx): course rows inserted directly
// in the server's database, learners made Premium with `campus premium
// grant`, the homework form posted as multipart.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { addUser, CAMPUS_BIN, ROOT } from './server.mjs';
import { PASSWORD, apiToken, signIn, uniqueEmail } from './fixtures.mjs';
import { csrfFrom } from './html.mjs';

export const RUBRIC = [{ criterion: 'Correctness', points: 4 }, { criterion: 'Clarity', points: 3 }, { criterion: 'Style', points: 3 }];

/** Runs SQL on the server's database (fixtures only); returns stdout. */
export function sql(srv, statement) {
  const r = srv.dbUrl && /^postgres/.test(srv.dbUrl)
    ? spawnSync('psql', [srv.dbUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-X', '-At', '-c', statement], { encoding: 'utf8' })
    : spawnSync('sqlite3', ['-cmd', '.timeout 5000', join(srv.dataDir, 'campus.db'), statement], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${statement}: ${r.stderr}`);
  return r.stdout;
}

/** Runs a campus command on the server's data directory and database. */
export function cli(srv, args) {
  const db = srv.dbUrl ? ['--db', srv.dbUrl] : [];
  const r = spawnSync(CAMPUS_BIN, [...args, '--data', srv.dataDir, ...db], { encoding: 'utf8', cwd: ROOT });
  assert.equal(r.status, 0, `campus ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** A course with one homework (rubric RUBRIC); opensOn 'YYYY-MM-DD' announces it for later. */
export function addCourse(srv, slug, homework, opensOn = '') {
  const t = Math.floor(Date.now() / 1000);
  sql(srv, `INSERT INTO courses (slug, lang, title, level, category, duration_minutes, author, licence, opens_on, imported_at, updated_at) VALUES ('${slug}', 'en', 'Course ${slug}', 'beginner', 'programming', 60, 'Jane Doe', 'CC-BY-SA-4.0', '${opensOn}', ${t}, ${t})`);
  sql(srv, `INSERT INTO exercises (course_id, slug, position, kind, title, source, rubric) SELECT id, '${homework}', 1, 'homework', 'Essay ${homework}', 'Write a program that greets the world.\n\nExplain <how> it works.', '${JSON.stringify(RUBRIC)}' FROM courses WHERE slug = '${slug}'`);
}

/**
 * A verified learner signed in twice: `web` (cookie session) and `api` (bearer).
 * Premium by a staff grant unless premium is false. Grants start at the
 * wall-clock instant of the command: a manual test clock must move past it.
 */
export async function newLearner(srv, tag, { premium = true } = {}) {
  const email = uniqueEmail(tag);
  const name = `Learner ${tag} Secretname${tag}`;
  const r = addUser(srv.dataDir, { email, role: 'learner', name, password: PASSWORD, db: srv.dbUrl });
  assert.equal(r.status, 0, r.stderr);
  if (premium) cli(srv, ['premium', 'grant', email, '--reason', 'peer review tests']);
  const api = await apiToken(srv, email, PASSWORD);
  const { client: web } = await signIn(srv, email, PASSWORD);
  return { email, name, api, web };
}

/** Posts the homework form of `page` as multipart, with an optional file {name, data}. */
export async function submitForm(c, page, { answer = '', file } = {}) {
  const csrf = csrfFrom((await c.get(page)).body, page);
  assert.ok(csrf, `no submission form on ${page}`);
  const fd = new FormData();
  fd.append('csrf', csrf);
  fd.append('answer', answer);
  if (file) fd.append('file', new Blob([file.data]), file.name);
  else fd.append('file', new Blob([]), '');
  return c.request('POST', page, { body: fd });
}

/** Criteria of a review: the scores given, each with a long enough comment. */
export function criteria(scores, who = 'A reviewer') {
  return scores.map((score, i) => ({ score, comment: `${who} on criterion ${i}: clear enough, keep going.` }));
}
