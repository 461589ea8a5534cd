// POST /webhooks/adyen: Adyen standard notifications, HMAC-verified (the
// signature computed here with node:crypto, independently of campus),
// stored, acknowledged with "[accepted]", then applied in order by a job.
// Duplicates change nothing, a forged signature is refused (401) with
// nothing stored, a REFUND that arrives before its AUTHORISATION waits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCampus, CAMPUS_BIN, ROOT } from '../lib/server.mjs';
import { apiToken } from '../lib/fixtures.mjs';
import { paymentsConfig, notification, postWebhook, storedNotifications, uniqueRef, waitFor } from '../lib/payments.mjs';

let srv;
let admin;
let key;
before(async () => {
  srv = await startCampus();
  admin = await apiToken(srv, srv.demo.admin.email, srv.demo.admin.password);
  key = paymentsConfig(srv.dataDir).adyen_hmac_key;
});
after(async () => { await srv?.stop(); });

const psp = () => uniqueRef('P').replace(/[^A-Za-z0-9]/g, '').toUpperCase().slice(0, 16);

test('a valid notification is stored and acknowledged with [accepted]', async () => {
  const p = psp();
  const r = await postWebhook(srv, notification([{ pspReference: p, merchantReference: uniqueRef(), eventCode: 'AUTHORISATION', additionalData: { 'recurring.recurringDetailReference': 'M1' } }], key));
  assert.equal(r.status, 200, r.describe());
  assert.equal(r.body, '[accepted]');
  const n = (await storedNotifications(admin)).find((x) => x.psp_reference === p);
  assert.ok(n, 'stored before the answer');
  assert.equal(n.event_code, 'AUTHORISATION');
  assert.equal(n.stored_method_id, 'M1');
  assert.equal(n.amount, 1900);
});

test('the same notification delivered three times is stored once', async () => {
  const p = psp();
  const body = notification([{ pspReference: p, merchantReference: uniqueRef(), eventCode: 'AUTHORISATION' }], key);
  for (let i = 0; i < 3; i++) {
    const r = await postWebhook(srv, body);
    assert.equal(r.status, 200, r.describe());
    assert.equal(r.body, '[accepted]');
  }
  const rows = (await storedNotifications(admin)).filter((x) => x.psp_reference === p);
  assert.equal(rows.length, 1);
});

test('forged: wrong, missing or stale signature -> 401 and nothing stored', async () => {
  const p = psp();
  const item = { pspReference: p, merchantReference: uniqueRef(), eventCode: 'AUTHORISATION' };
  const wrongKey = notification([item], '00'.repeat(32));
  const missing = notification([{ ...item, additionalData: { hmacSignature: '' } }], key);
  delete missing.notificationItems[0].NotificationRequestItem.additionalData.hmacSignature;
  // Signed for 19.00, claiming 1900.00.
  const tampered = notification([item], key);
  tampered.notificationItems[0].NotificationRequestItem.amount.value = 190000;
  // One good item and one forged one: the batch is refused as a whole.
  const mixed = notification([{ ...item, pspReference: psp() }], key);
  mixed.notificationItems.push(wrongKey.notificationItems[0]);
  for (const body of [wrongKey, missing, tampered, mixed]) {
    const r = await postWebhook(srv, body);
    assert.equal(r.status, 401, r.describe());
    assert.notEqual(r.body, '[accepted]');
  }
  const rows = await storedNotifications(admin);
  assert.equal(rows.filter((x) => x.psp_reference === p || x.psp_reference === mixed.notificationItems[0].NotificationRequestItem.pspReference).length, 0);
});

test('not a notification -> 400; too large -> 413; nothing stored', async () => {
  const before = (await storedNotifications(admin)).length;
  for (const body of ['', 'nope', '{}', '{"notificationItems":[]}', '{"notificationItems":[{"x":1}]}']) {
    const r = await postWebhook(srv, body);
    assert.equal(r.status, 400, `${body}: ${r.describe()}`);
  }
  const it = { pspReference: psp(), merchantReference: uniqueRef(), eventCode: 'AUTHORISATION', reason: 'x'.repeat(200 * 1024) };
  const big = await postWebhook(srv, notification([it], key));
  assert.ok([413].includes(big.status), big.describe());
  assert.equal((await storedNotifications(admin)).length, before);
});

test('a REFUND before its AUTHORISATION waits for it', async () => {
  const auth = psp();
  const refund = psp();
  const ref = uniqueRef();
  const r = await postWebhook(srv, notification([{ pspReference: refund, originalReference: auth, merchantReference: `${ref}-r`, eventCode: 'REFUND', amount: { value: 500, currency: 'EUR' } }], key));
  assert.equal(r.status, 200, r.describe());
  const n = await waitFor(async () => {
    const x = (await storedNotifications(admin)).find((y) => y.psp_reference === refund);
    return x && x.last_error ? x : null;
  }, { what: 'the REFUND to be looked at' });
  assert.equal(n.status, 'pending');
  assert.match(n.last_error, new RegExp(`waiting for the AUTHORISATION of ${auth}`));
  assert.equal(n.original_reference, auth);
});

test('the notifications list is for admins only', async () => {
  const learner = await apiToken(srv, srv.demo.learner.email, srv.demo.learner.password);
  assert.equal((await learner.api('GET', '/api/v1/payment-notifications')).status, 403);
});

test('Basic auth, when configured, is required before anything is read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'campus-t3310-'));
  try {
    const init = spawnSync(CAMPUS_BIN, ['init', '--data', dir], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(init.status, 0, init.stderr);
    const ini = join(dir, 'campus.ini');
    writeFileSync(ini, readFileSync(ini, 'utf8').replace(/^webhook_user=.*$/m, 'webhook_user=adyen').replace(/^webhook_password=.*$/m, 'webhook_password=s3cret-pass'));
    const hk = paymentsConfig(dir).adyen_hmac_key;
    const child = spawn(CAMPUS_BIN, ['serve', '--data', dir, '--listen', '127.0.0.1:0', '--quiet'], { cwd: ROOT });
    try {
      const url = await new Promise((res, rej) => {
        let out = '';
        const t = setTimeout(() => rej(new Error(`no listening line: ${out}`)), 20000);
        child.stdout.on('data', (d) => { out += d; const m = /listening on (\S+)/.exec(out); if (m) { clearTimeout(t); res(m[1]); } });
      });
      const s = { url };
      const body = notification([{ pspReference: psp(), merchantReference: uniqueRef(), eventCode: 'AUTHORISATION' }], hk);
      assert.equal((await postWebhook(s, body)).status, 401);
      const wrong = `Basic ${Buffer.from('adyen:nope').toString('base64')}`;
      assert.equal((await postWebhook(s, body, { authorization: wrong })).status, 401);
      const right = `Basic ${Buffer.from('adyen:s3cret-pass').toString('base64')}`;
      const ok = await postWebhook(s, body, { authorization: right });
      assert.equal(ok.status, 200, ok.describe());
      assert.equal(ok.body, '[accepted]');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.on('exit', r));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
