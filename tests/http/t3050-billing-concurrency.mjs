// The concurrency test (issue 4, "Tests and measures"): three `campus
// billing run` processes on one PostgreSQL race the same due renewals.
// Subscriptions are locked FOR UPDATE, invoices numbered under the locked
// counter row, charges carry their idempotency key: one invoice per
// subscription, contiguous numbers, one charge each. Needs
// CAMPUS_TEST_DB_URL (postgresql://...); skipped on SQLite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ROOT, CAMPUS_BIN, DB_URL } from '../lib/server.mjs';

const pg = DB_URL.startsWith('postgres');

test('INV-1 SOLO-2: three processes racing the same renewals on PostgreSQL', { skip: !pg && 'CAMPUS_TEST_DB_URL is not PostgreSQL', timeout: 300_000 }, () => {
  const u = new URL(DB_URL);
  u.pathname = '/postgres';
  const r = spawnSync(resolve(ROOT, 'bench/billing_run.sh'), ['300'], {
    env: { ...process.env, PG_URL: u.toString(), RACERS: '3', CAMPUS_BIN },
    encoding: 'utf8',
    timeout: 290_000,
  });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /invoices 300 \(numbers 1\.\.300\) for 300 subscriptions; 300 payments authorised/);
  assert.match(r.stdout, /simulator: 300 renewal charges authorised/);
});
