// The Adyen adapter (payments/adyen.c, libcurl) end to end over HTTP against
// the simulator's Adyen-format API (/sim/adyen/v71/...), through
// `campus payment`, plus its behaviour when the provider misbehaves (local
// Node servers): a timeout or a 5xx leaves the payment UNKNOWN, a 4xx is an
// ERROR, an oversized or unreadable answer is UNKNOWN.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { startCampus, CAMPUS_BIN, ROOT } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { uniqueRef } from '../lib/payments.mjs';

let srv;
before(async () => { srv = await startCampus(); });
after(async () => { await srv?.stop(); });

function payment(args, baseUrl = `${srv.url}/sim/adyen`) {
  const r = spawnSync(CAMPUS_BIN, ['payment', '--data', srv.dataDir, '--provider', 'adyen', '--base-url', baseUrl, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30000 });
  assert.equal(r.status, 0, `campus payment ${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
  return { ...JSON.parse(r.stdout), ms: 0 };
}

/** Like payment(), without blocking the event loop (the fake providers live in this process). */
function paymentAsync(args, baseUrl) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(CAMPUS_BIN, ['payment', '--data', srv.dataDir, '--provider', 'adyen', '--base-url', baseUrl, ...args], { cwd: ROOT });
    let out = '';
    let errText = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { errText += d; });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`campus payment exit ${code}: ${out}\n${errText}`));
      resolve({ ...JSON.parse(out), ms: Date.now() - t0 });
    });
  });
}

/** A local HTTP server answering every request with handler(req, res). */
async function fakeProvider(handler) {
  const seen = [];
  const s = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => { seen.push({ method: req.method, url: req.url, headers: req.headers, body }); handler(req, res); });
  });
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${s.address().port}`, seen, close: () => new Promise((r) => { s.closeAllConnections(); s.close(r); }) };
}

const first = (ref, key = ref) => ['pay', '--reference', ref, '--amount', '1900', '--shopper', 'user-7', '--email', 'u7@example.test', '--return-url', `${srv.url}/`, '--idempotency-key', key];

test('first payment through the adapter: RedirectShopper to the hosted page; the same Idempotency-Key twice is one payment', async () => {
  const ref = uniqueRef();
  const a = payment(first(ref, `key-${ref}`));
  assert.equal(a.result, 'pending', JSON.stringify(a));
  assert.match(a.redirect_url, /\/sim\/pay\/[A-Za-z0-9_-]{20,}$/);
  const b = payment(first(ref, `key-${ref}`));
  assert.equal(b.psp_reference, a.psp_reference);
  assert.equal(b.redirect_url, a.redirect_url);
  // The shopper pays on the hosted page; the lookup then tells the outcome.
  const c = new Client(srv.url);
  const r = await c.post(new URL(a.redirect_url).pathname, { number: '4111111111111111', expiry: '10/38', cvc: '123' });
  assert.equal(r.status, 303, r.describe());
  const l = payment(['lookup', '--reference', ref]);
  assert.equal(l.result, 'authorised', JSON.stringify(l));
  assert.equal(l.psp_reference, a.psp_reference);
  assert.match(l.stored_method_id, /^[0-9A-Z]{16}$/);
  assert.equal(l.card_summary, 'Visa •••• 1111');

  // Renewal: ContAuth with the stored method, authorised at once.
  const renew = uniqueRef('renew');
  const n = payment(['pay', '--reference', renew, '--amount', '1900', '--shopper', 'user-7', '--stored-method', l.stored_method_id]);
  assert.equal(n.result, 'authorised', JSON.stringify(n));
  assert.notEqual(n.psp_reference, a.psp_reference);

  // Refund of part of the first payment: received, outcome by notification.
  const f = payment(['refund', '--reference', uniqueRef('refund'), '--psp', a.psp_reference, '--amount', '500']);
  assert.equal(f.result, 'pending', JSON.stringify(f));
  assert.match(f.psp_reference, /^[0-9A-Z]{16}$/);
});

test('a payment the provider refuses is REFUSED with its reason; a bad request is an ERROR', async () => {
  const ref = uniqueRef();
  const a = payment(first(ref));
  await new Client(srv.url).post(new URL(a.redirect_url).pathname, { number: '4000000000009995', expiry: '10/38', cvc: '123' });
  const l = payment(['lookup', '--reference', ref]);
  assert.equal(l.result, 'refused');
  assert.equal(l.refusal_reason, 'Not enough balance');
  const bad = payment(['pay', '--reference', uniqueRef(), '--amount', '1900', '--shopper', 'user-7', '--stored-method', 'NOSUCHMETHOD0000']);
  assert.equal(bad.result, 'error', JSON.stringify(bad));
  assert.match(bad.error, /HTTP 422/);
  const unknown = payment(['lookup', '--reference', 'never-paid']);
  assert.equal(unknown.status, 'not-found', JSON.stringify(unknown));
});

test('what the adapter sends: X-API-Key, Idempotency-Key, Ecommerce first payment, ContAuth renewal', async () => {
  const fake = await fakeProvider((req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify({ pspReference: 'P000000000000001', resultCode: 'Authorised' })); });
  try {
    await paymentAsync(first('pay-sent', 'idem-sent'), fake.url);
    await paymentAsync(['pay', '--reference', 'renew-sent', '--amount', '990', '--currency', 'CHF', '--shopper', 'user-7', '--stored-method', 'M000000000000001'], fake.url);
    const [a, b] = fake.seen;
    assert.equal(a.url, '/v71/payments');
    assert.equal(a.headers['idempotency-key'], 'idem-sent');
    assert.ok(a.headers['x-api-key']?.startsWith('sim_'));
    const ja = JSON.parse(a.body);
    assert.deepEqual(ja.amount, { value: 1900, currency: 'EUR' });
    assert.equal(ja.shopperInteraction, 'Ecommerce');
    assert.equal(ja.recurringProcessingModel, 'Subscription');
    assert.equal(ja.storePaymentMethod, true);
    assert.equal(ja.returnUrl, `${srv.url}/`);
    assert.equal(ja.merchantAccount, 'CampusECOM');
    const jb = JSON.parse(b.body);
    assert.equal(b.headers['idempotency-key'], 'renew-sent');
    assert.equal(jb.shopperInteraction, 'ContAuth');
    assert.deepEqual(jb.paymentMethod, { type: 'scheme', storedPaymentMethodId: 'M000000000000001' });
    assert.equal(jb.returnUrl, undefined);
  } finally { await fake.close(); }
});

test('timeout: the provider does not answer in time -> UNKNOWN, after about the timeout', async () => {
  const fake = await fakeProvider(() => { /* never answers */ });
  try {
    const r = await paymentAsync([...first(uniqueRef()), '--timeout', '1'], fake.url);
    assert.equal(r.result, 'unknown', JSON.stringify(r));
    assert.match(r.error, /no answer|timed out|Timeout/i);
    assert.ok(r.ms < 6000, `took ${r.ms} ms`);
  } finally { await fake.close(); }
});

test('5xx -> UNKNOWN; 4xx -> ERROR; unreadable or oversized 200 -> UNKNOWN', async () => {
  const cases = [
    [(req, res) => { res.writeHead(503); res.end('{"status":503,"errorCode":"905","message":"busy","errorType":"internal"}'); }, 'unknown'],
    [(req, res) => { res.writeHead(422, { 'content-type': 'application/json' }); res.end('{"status":422,"errorCode":"101","message":"Invalid card number","errorType":"validation"}'); }, 'error'],
    [(req, res) => { res.writeHead(200); res.end('not json'); }, 'unknown'],
    [(req, res) => { res.writeHead(200); res.end(`{"resultCode":"Authorised","x":"${'a'.repeat(300000)}"}`); }, 'unknown'],
    [(req, res) => { res.writeHead(200); res.end('{"resultCode":"RedirectShopper","pspReference":"P1"}'); }, 'unknown'],
  ];
  for (const [handler, want] of cases) {
    const fake = await fakeProvider(handler);
    try {
      const r = await paymentAsync(first(uniqueRef()), fake.url);
      assert.equal(r.result, want, `${handler}: ${JSON.stringify(r).slice(0, 300)}`);
    } finally { await fake.close(); }
  }
});

test('a provider that is down -> UNKNOWN', () => {
  const r = payment(first(uniqueRef()), 'http://127.0.0.1:9');
  assert.equal(r.result, 'unknown', JSON.stringify(r));
});
