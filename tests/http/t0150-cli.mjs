// The command line: --help, init (idempotent), user add --password-stdin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startCampus, addUser, CAMPUS_BIN, ROOT } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { uniqueEmail, apiToken, assertSignInRefused } from '../lib/fixtures.mjs';

let srv;
before(async () => { srv = await startCampus(); });
after(async () => { await srv?.stop(); });

const campus = (args, input) => spawnSync(CAMPUS_BIN, args, { input, encoding: 'utf8', cwd: ROOT, timeout: 60000 });

test('campus --help and COMMAND --help describe the commands', () => {
  const h = campus(['--help']);
  assert.equal(h.status, 0, h.stderr);
  for (const c of ['init', 'serve', 'user']) assert.match(h.stdout + h.stderr, new RegExp(`\\b${c}\\b`), `--help lists ${c}`);
  for (const c of ['init', 'serve', 'user']) {
    const r = campus([c, '--help']);
    assert.equal(r.status, 0, `${c} --help: ${r.stderr}`);
    assert.match(r.stdout + r.stderr, /--data/, `${c} --help mentions --data`);
  }
  const s = campus(['serve', '--help']);
  for (const o of ['--listen', '--db', '--clock']) assert.ok(s.stdout.includes(o), `serve --help lacks ${o}`);
});

test('an unknown command fails with a non-zero status and a message on stderr', () => {
  const r = campus(['no-such-command']);
  assert.notEqual(r.status, 0);
  assert.ok(r.stderr.length > 0);
});

test('user add creates a verified account whose password is read from stdin', async () => {
  const email = uniqueEmail('cli');
  const r = addUser(srv.dataDir, { email, role: 'admin', name: 'Cli Admin', password: 'cli password 123', db: srv.dbUrl });
  assert.equal(r.status, 0, `user add: ${r.stdout}\n${r.stderr}`);
  assert.ok(!(r.stdout + r.stderr).includes('cli password 123'), 'user add prints the password');
  const c = await apiToken(srv, email, 'cli password 123');
  const me = await c.api('GET', '/api/v1/me');
  assert.equal(me.status, 200, me.describe());
  assert.equal(me.json.name, 'Cli Admin');
  assert.equal(me.json.verified, true);
  const s = await new Client(srv.url).submit('/signin', { email, password: 'cli password 123' });
  assert.equal(s.status, 303, s.describe());
});

test('user add refuses a short password, a taken email and a bad role, changing nothing', async () => {
  const email = uniqueEmail('cli');
  const short = addUser(srv.dataDir, { email, role: 'learner', password: 'short', db: srv.dbUrl });
  assert.notEqual(short.status, 0, 'short password accepted');
  await assertSignInRefused(srv, email, 'short', 'user add with a short password');
  const taken = addUser(srv.dataDir, { email: srv.demo.learner.email, role: 'admin', password: 'takeover password 1', db: srv.dbUrl });
  assert.notEqual(taken.status, 0, 'user add on a taken email succeeded');
  await assertSignInRefused(srv, srv.demo.learner.email, 'takeover password 1', 'taken email');
  const role = addUser(srv.dataDir, { email, role: 'emperor', password: 'long enough password', db: srv.dbUrl });
  assert.notEqual(role.status, 0, 'unknown role accepted');
});

test('init on an existing data directory changes nothing (demo passwords keep working)', async () => {
  const r = campus(['init', '--data', srv.dataDir, '--demo', ...(srv.dbUrl ? ['--db', srv.dbUrl] : [])]);
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  const s = await new Client(srv.url).submit('/signin', { email: srv.demo.admin.email, password: srv.demo.admin.password });
  assert.equal(s.status, 303, `demo admin after a second init: ${s.describe(200)}`);
});
