// Starts a throw-away campus server for one test file:
//   const srv = await startCampus({ clock: 'manual' });
//   ... srv.url, srv.demo.admin.email, srv.mails(), await srv.waitForMail(...)
//   await srv.stop();
//
// Environment:
//   CAMPUS_BIN          binary to test (default build/campus; build-asan/campus for the sanitizer run)
//   CAMPUS_TEST_DB_URL  when set (postgresql://...), each server gets its own fresh database
//                       created in that cluster and is started with --db
//   CAMPUS_KEEP_DATA=1  keep the temporary data directories (their path is printed)

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { readSpool, addressOf } from './mail.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CAMPUS_BIN = resolve(ROOT, process.env.CAMPUS_BIN || 'build/campus');
export const DB_URL = process.env.CAMPUS_TEST_DB_URL || '';
const SLOW = /asan|sanit/i.test(CAMPUS_BIN) ? 4 : 1;

function tail(s, n = 4000) {
  return s.length > n ? `...${s.slice(-n)}` : s;
}

export function run(args, { input, timeout = 60000 * SLOW } = {}) {
  const r = spawnSync(CAMPUS_BIN, args, { input, encoding: 'utf8', timeout, cwd: ROOT });
  if (r.error) throw new Error(`${CAMPUS_BIN} ${args.join(' ')}: ${r.error.message}`);
  return r;
}

/** Demo accounts from `campus init --demo` output: lines "  ROLE  EMAIL  PASSWORD" after "Demo accounts:". */
export function parseDemoAccounts(stdout) {
  const demo = {};
  const lines = stdout.split(/\r?\n/);
  const start = lines.findIndex((l) => /^\s*Demo accounts:\s*$/i.test(l));
  if (start < 0) return demo;
  for (const line of lines.slice(start + 1)) {
    const m = /^\s+(\S+)\s+(\S+@\S+)\s+(\S+)\s*$/.exec(line);
    if (!m) {
      if (line.trim() === '') continue;
      break;
    }
    demo[m[1].toLowerCase()] = { email: m[2], password: m[3] };
  }
  return demo;
}

// ---- PostgreSQL: one database per server, so test files never share state ----

function pgAdmin(url, sql) {
  const r = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-X', '-c', sql], { encoding: 'utf8', timeout: 30000 });
  if (r.error) throw new Error(`psql: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`psql ${sql}: ${r.stderr}`);
}

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export function createPgDatabase(baseUrl) {
  const name = `campus_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  pgAdmin(baseUrl, `CREATE DATABASE "${name}"`);
  return { name, url: withDatabase(baseUrl, name), drop: () => pgAdmin(baseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

// ---- the server ----

/**
 * @param {object} [opts]
 * @param {string} [opts.clock]   'manual' to pass --clock manual
 * @param {string} [opts.db]      database URL; default CAMPUS_TEST_DB_URL (a fresh database is created in it)
 * @param {boolean} [opts.demo]   run init with --demo (default true)
 * @param {string[]} [opts.serveArgs] extra arguments for serve
 * @param {object} [opts.env]     extra environment for the server
 */
export async function startCampus(opts = {}) {
  const { clock, demo = true, serveArgs = [], env = {} } = opts;
  if (!existsSync(CAMPUS_BIN)) throw new Error(`campus binary not found: ${CAMPUS_BIN} (build it, or set CAMPUS_BIN)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'campus-test-'));
  let pg = null;
  let dbUrl = opts.db ?? DB_URL;
  if (dbUrl && /^postgres(ql)?:/.test(dbUrl)) {
    pg = createPgDatabase(dbUrl);
    dbUrl = pg.url;
  }
  const dbArgs = dbUrl ? ['--db', dbUrl] : [];

  const init = run(['init', '--data', dataDir, ...(demo ? ['--demo'] : []), ...dbArgs]);
  if (init.status !== 0) {
    throw new Error(`campus init failed (exit ${init.status}, signal ${init.signal}):\n${tail(init.stdout)}\n${tail(init.stderr)}`);
  }
  const accounts = parseDemoAccounts(init.stdout);
  if (demo) {
    for (const role of ['admin', 'staff', 'mentor', 'learner']) {
      if (!accounts[role]) throw new Error(`campus init --demo did not print a demo ${role} account; stdout was:\n${tail(init.stdout)}`);
    }
  }

  const args = ['serve', '--data', dataDir, '--listen', '127.0.0.1:0', ...(clock ? ['--clock', clock] : []), ...dbArgs, ...serveArgs];
  const child = spawn(CAMPUS_BIN, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let exited = null;
  const exitPromise = new Promise((res) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      res(exited);
    });
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => {
    stderr += d;
    if (stderr.length > 4_000_000) stderr = stderr.slice(-2_000_000);
  });
  child.stdout.setEncoding('utf8');

  const url = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`campus serve printed no "listening on" line within ${20 * SLOW}s; stdout:\n${tail(stdout)}\nstderr:\n${tail(stderr)}`)), 20000 * SLOW);
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = /campus: listening on (https?:\/\/[^\s]+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        res(m[1].replace(/\/$/, ''));
      }
    });
    exitPromise.then((e) => {
      clearTimeout(timer);
      rej(new Error(`campus serve exited before listening (code ${e.code}, signal ${e.signal}); args: ${args.join(' ')}\nstdout:\n${tail(stdout)}\nstderr:\n${tail(stderr)}`));
    });
  });

  let stopped = false;
  const server = {
    url,
    dataDir,
    dbUrl,
    demo: accounts,
    initStdout: init.stdout,
    pid: child.pid,
    get stderr() { return stderr; },
    get stdout() { return stdout; },
    get exited() { return exited; },
    /** Parsed mail spool, oldest first. */
    mails() { return readSpool(dataDir); },
    /** Messages to `address` (case-insensitive). */
    mailsTo(address) { return readSpool(dataDir).filter((m) => addressOf(m.to) === address.toLowerCase()); },
    /** Waits (polling) for a message matching pred beyond the first `after` ones; returns it. */
    async waitForMail(pred, { timeout = 5000 * SLOW, after = 0 } = {}) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const all = readSpool(dataDir).slice(after);
        const m = all.find(pred);
        if (m) return m;
        if (Date.now() > deadline) {
          throw new Error(`no matching mail within ${timeout} ms; spool has ${all.length} new message(s): ${JSON.stringify(all.map((x) => ({ to: x.to, subject: x.subject })))}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    /** Same path and query as `link`, but on this server (mail links carry the configured public URL). */
    local(link) {
      const u = new URL(link, url);
      return `${url}${u.pathname}${u.search}`;
    },
    /** SIGTERM, wait; throws if the server did not exit cleanly (exit 0) or had to be killed. */
    async stop() {
      if (stopped) return exited;
      stopped = true;
      let killed = false;
      if (!exited) {
        child.kill('SIGTERM');
        const t = setTimeout(() => { killed = true; child.kill('SIGKILL'); }, 10000 * SLOW);
        await exitPromise;
        clearTimeout(t);
      }
      try {
        if (pg) pg.drop();
      } catch (e) {
        process.stderr.write(`warning: ${e.message}\n`);
      }
      if (process.env.CAMPUS_KEEP_DATA) process.stderr.write(`campus test data kept in ${dataDir}\n`);
      else rmSync(dataDir, { recursive: true, force: true });
      if (killed) throw new Error(`campus serve did not stop within ${10 * SLOW}s of SIGTERM (killed)\nstderr tail:\n${tail(stderr)}`);
      if (exited.code !== 0) {
        throw new Error(`campus serve exited with code ${exited.code}, signal ${exited.signal} after SIGTERM\nstderr tail:\n${tail(stderr)}`);
      }
      return exited;
    },
  };
  return server;
}

/** `campus user add`: creates a user; password given on stdin. */
export function addUser(dataDir, { email, role = 'learner', name = 'Test User', password, db }) {
  const dbUrl = db ?? '';
  return run(['user', 'add', '--data', dataDir, '--email', email, '--role', role, '--password-stdin', '--name', name, ...(dbUrl ? ['--db', dbUrl] : [])], { input: `${password}\n` });
}
