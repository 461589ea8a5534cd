// The crash test (issue 4, "Tests and measures"): `campus billing run` over
// due renewals is killed with SIGKILL at random points, restarted, and
// must end with one invoice per subscription and period, contiguous
// numbers, one authorised charge per invoice at the simulator (no double
// charge: the payment row with its idempotency key is committed before the
// provider is called, and a pending one is looked up on restart).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ROOT, CAMPUS_BIN } from '../lib/server.mjs';

test('INV-1 SOLO-2: kill -9 during billing run, restart: nothing lost, nothing doubled', { timeout: 300_000 }, () => {
  const r = spawnSync(resolve(ROOT, 'bench/billing_run.sh'), ['400'], {
    env: { ...process.env, KILLS: '4', CAMPUS_BIN },
    encoding: 'utf8',
    timeout: 290_000,
  });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /invoices 400 \(numbers 1\.\.400\) for 400 subscriptions; 400 payments authorised/);
  assert.match(r.stdout, /simulator: 400 renewal charges authorised/);
});
