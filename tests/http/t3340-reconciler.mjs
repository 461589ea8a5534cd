// The reconciler end to end: campus B is configured with provider = adyen,
// pointed through a Node proxy at campus A's simulator (Adyen's wire
// format). The proxy holds B's first /payments call past B's 1-second
// timeout, so B records the payment UNKNOWN (no hosted page URL to give);
// the shopper pays anyway on A's page (the URL the proxy saw). When the test
// clock passes reconcile_after_minutes, B's payments.reconcile job looks the
// payment up through the adapter and billing activates the subscription.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCampus, CAMPUS_BIN, ROOT, addUser } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { apiToken, currentTermsVersion, PASSWORD, uniqueEmail } from '../lib/fixtures.mjs';
import { paymentsConfig, waitFor } from '../lib/payments.mjs';

let A; // the provider (simulator)
let B; // { url, dir, child } campus with provider = adyen
let proxy;
const seen = []; // forwarded /payments answers

function startProxy(target) {
  const s = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', async () => {
      const slow = req.url === '/v71/payments';
      if (slow) await new Promise((r) => setTimeout(r, 2500)); // past B's 1 s timeout
      const headers = { 'content-type': 'application/json', 'x-api-key': req.headers['x-api-key'] };
      if (req.headers['idempotency-key']) headers['idempotency-key'] = req.headers['idempotency-key'];
      const up = await fetch(`${target}${req.url}`, { method: 'POST', headers, body });
      const text = await up.text();
      if (slow) seen.push(JSON.parse(text));
      if (!res.destroyed) { res.writeHead(up.status, { 'content-type': 'application/json' }); res.end(text); }
    });
  });
  return new Promise((r) => s.listen(0, '127.0.0.1', () => r({ url: `http://127.0.0.1:${s.address().port}`, close: () => new Promise((c) => { s.closeAllConnections(); s.close(c); }) })));
}

before(async () => {
  A = await startCampus();
  proxy = await startProxy(`${A.url}/sim/adyen`);
  const a = paymentsConfig(A.dataDir);
  const dir = mkdtempSync(join(tmpdir(), 'campus-t3340-'));
  const init = spawnSync(CAMPUS_BIN, ['init', '--data', dir, '--demo'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(init.status, 0, init.stderr);
  const ini = join(dir, 'campus.ini');
  const set = (text, k, v) => text.replace(new RegExp(`^${k}=.*$`, 'm'), `${k}=${v}`);
  let text = readFileSync(ini, 'utf8');
  for (const [k, v] of Object.entries({ provider: 'adyen', adyen_base_url: proxy.url, adyen_api_key: a.adyen_api_key, adyen_hmac_key: a.adyen_hmac_key, adyen_timeout_seconds: 1, reconcile_after_minutes: 1 })) text = set(text, k, v);
  writeFileSync(ini, text);
  const admin = /admin\s+(\S+)\s+(\S+)/.exec(init.stdout);
  const child = spawn(CAMPUS_BIN, ['serve', '--data', dir, '--listen', '127.0.0.1:0', '--clock', 'manual', '--quiet'], { cwd: ROOT });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((res, rej) => {
    let out = '';
    const t = setTimeout(() => rej(new Error(`B did not start: ${out} ${stderr}`)), 20000);
    child.stdout.on('data', (d) => { out += d; const m = /listening on (\S+)/.exec(out); if (m) { clearTimeout(t); res(m[1]); } });
  });
  B = { url, dir, child, dataDir: dir, admin: { email: admin[1], password: admin[2] }, get stderr() { return stderr; } };
});

after(async () => {
  if (B) {
    B.child.kill('SIGTERM');
    await new Promise((r) => B.child.on('exit', r));
    rmSync(B.dir, { recursive: true, force: true });
  }
  await proxy?.close();
  await A?.stop();
});

test('timeout -> UNKNOWN; the shopper pays at the provider; the reconciler resolves it', async () => {
  const email = uniqueEmail('recon');
  const add = addUser(B.dir, { email, password: PASSWORD });
  assert.equal(add.status, 0, add.stderr);
  const api = await apiToken(B, email, PASSWORD);
  const adminB = await apiToken(B, B.admin.email, B.admin.password);
  const terms = await currentTermsVersion(B.url);

  const start = await api.api('POST', '/api/v1/checkout', { offer: 'monthly' });
  assert.equal(start.status, 201, start.describe());
  const t0 = Date.now();
  const conf = await api.api('POST', `/api/v1/checkout/${start.json.id}/confirm`, { accept_terms: true, terms_version: terms });
  assert.ok(Date.now() - t0 < 2400, 'B gave up at its timeout, before the provider answered');
  assert.equal(conf.status, 202, conf.describe());
  assert.ok(!conf.json.redirect_url, `no hosted page known yet: ${conf.body}`);
  let sub = await api.api('GET', '/api/v1/subscription');
  assert.notEqual(sub.json?.state, 'active');

  // The provider did get the payment (the proxy forwarded it late).
  const answer = await waitFor(() => seen[0], { what: 'the forwarded answer' });
  assert.equal(answer.resultCode, 'RedirectShopper');
  const page = new URL(answer.action.url).pathname;
  const paid = await new Client(A.url).post(page, { number: '4111 1111 1111 1111', expiry: '12/39', cvc: '737' });
  assert.equal(paid.status, 303, paid.describe());

  // Past reconcile_after_minutes and the reconciler's 5-minute period.
  const h = await adminB.api('POST', '/api/v1/test-clock', { now: new Date(Date.now() + 1000).toISOString() });
  const r = await adminB.api('POST', '/api/v1/test-clock', { now: new Date(Date.parse(h.json.now) + 6 * 60_000).toISOString() });
  assert.equal(r.status, 200, r.describe());
  sub = await waitFor(async () => { const s = await api.api('GET', '/api/v1/subscription'); return s.json?.state === 'active' && s; }, { what: `B's subscription to become active; B stderr: ${B.stderr.slice(-500)}` });
  assert.equal(sub.json.state, 'active');
  const tx = (await api.api('GET', '/api/v1/transactions')).json.transactions;
  assert.equal(tx.filter((t) => t.kind === 'charge' && t.status === 'succeeded').length, 1, JSON.stringify(tx));
  // The provider was asked once for the payment (idempotency key), then looked up.
  assert.equal(seen.length, 1);
});
