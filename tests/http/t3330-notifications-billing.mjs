// Notifications applied to billing (payments/webhooks.c -> billing_apply_event),
// with the test clock: an unknown merchant reference is stored and flagged
// without changing anything; the AUTHORISATION of a real payment delivered
// three more times changes nothing (one invoice); a REFUND that arrives
// before its AUTHORISATION waits, then applies after it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { apiToken, apiSignupBody, currentTermsVersion, tokenOf, verificationLink } from '../lib/fixtures.mjs';
import { paymentsConfig, notification, postWebhook, storedNotifications, uniqueRef, waitFor, simApi } from '../lib/payments.mjs';

let srv, admin, terms, key;
before(async () => {
  srv = await startCampus({ clock: 'manual' });
  admin = await apiToken(srv, srv.demo.admin.email, srv.demo.admin.password);
  terms = await currentTermsVersion(srv.url);
  key = paymentsConfig(srv.dataDir).adyen_hmac_key;
});
after(async () => { await srv?.stop(); });

async function moveBy(ms) {
  const h = await admin.api('POST', '/api/v1/test-clock', { now: new Date(Date.now() + 1000).toISOString() });
  const cur = Date.parse(h.json?.now ?? new Date().toISOString());
  const r = await admin.api('POST', '/api/v1/test-clock', { now: new Date(cur + ms).toISOString() });
  assert.equal(r.status, 200, r.describe());
}

async function learner() {
  const body = apiSignupBody(terms);
  const c = new Client(srv.url);
  assert.equal((await c.api('POST', '/api/v1/accounts', body)).status, 201);
  const link = await verificationLink(srv, body.email);
  assert.equal((await c.api('POST', '/api/v1/email-verifications', { token: tokenOf(link) })).status, 200);
  return apiToken(srv, body.email, body.password);
}

/** A confirmed monthly checkout: the hosted page URL and the payment's references. */
async function checkout(api) {
  const start = await api.api('POST', '/api/v1/checkout', { offer: 'monthly' });
  assert.equal(start.status, 201, start.describe());
  const conf = await api.api('POST', `/api/v1/checkout/${start.json.id}/confirm`, { accept_terms: true, terms_version: terms });
  assert.equal(conf.status, 202, conf.describe());
  const page = new URL(conf.json.redirect_url).pathname;
  const html = (await new Client(srv.url).get(page)).body;
  const reference = /<dt>Reference<\/dt><dd>([^<]+)<\/dd>/.exec(html)[1];
  const l = await simApi(srv, '/v71/payments/lookup', { merchantAccount: 'CampusECOM', reference });
  assert.equal(l.status, 200, l.describe());
  return { page, reference, psp: l.json.pspReference, amount: l.json.amount };
}

async function pay(page) {
  const r = await new Client(srv.url).post(page, { number: '4111111111111111', expiry: '12/39', cvc: '737' });
  assert.equal(r.status, 303, r.describe());
}

const find = async (pred) => (await storedNotifications(admin)).find(pred);

test('unknown merchant reference: stored, flagged unknown_reference, nothing applied', async () => {
  const psp = `U${Date.now()}`.slice(0, 16);
  const r = await postWebhook(srv, notification([{ pspReference: psp, merchantReference: uniqueRef('nobody'), eventCode: 'AUTHORISATION' }], key));
  assert.equal(r.status, 200, r.describe());
  assert.equal(r.body, '[accepted]');
  const n = await waitFor(async () => { const x = await find((y) => y.psp_reference === psp); return x?.status === 'unknown_reference' && x; }, { what: 'the flag' });
  assert.equal(n.attempts, 1);
});

test('the AUTHORISATION of a real payment delivered 3 more times: one row, one invoice', async () => {
  const api = await learner();
  const p = await checkout(api);
  await pay(p.page);
  const n = await waitFor(async () => { const x = await find((y) => y.psp_reference === p.psp && y.event_code === 'AUTHORISATION'); return x?.status === 'applied' && x; }, { what: 'AUTHORISATION applied' });
  assert.equal(n.merchant_reference, p.reference);
  const sub = (await api.api('GET', '/api/v1/subscription')).json;
  assert.equal(sub.state, 'active');
  const again = notification([{ pspReference: p.psp, merchantReference: p.reference, eventCode: 'AUTHORISATION', amount: p.amount, additionalData: { 'recurring.recurringDetailReference': n.stored_method_id } }], key);
  for (let i = 0; i < 3; i++) {
    const r = await postWebhook(srv, again);
    assert.equal(r.status, 200, r.describe());
  }
  await moveBy(60_000);
  const rows = (await storedNotifications(admin)).filter((y) => y.psp_reference === p.psp && y.event_code === 'AUTHORISATION');
  assert.equal(rows.length, 1);
  const inv = (await api.api('GET', '/api/v1/invoices')).json.invoices;
  assert.equal(inv.length, 1, JSON.stringify(inv));
  assert.deepEqual((await api.api('GET', '/api/v1/subscription')).json, sub);
});

let refundCase;
test('a REFUND before its AUTHORISATION waits, and goes to billing only after it', async () => {
  const api = await learner();
  const p = await checkout(api);
  const refundPsp = `R${Date.now()}`.slice(0, 16);
  const r = await postWebhook(srv, notification([{ pspReference: refundPsp, originalReference: p.psp, merchantReference: `rf-${p.reference}`, eventCode: 'REFUND', amount: p.amount }], key));
  assert.equal(r.status, 200, r.describe());
  const waiting = await waitFor(async () => { const x = await find((y) => y.psp_reference === refundPsp); return x?.last_error && x; }, { what: 'the REFUND to be looked at' });
  assert.equal(waiting.status, 'pending');
  assert.match(waiting.last_error, /waiting for the AUTHORISATION/);
  assert.equal((await api.api('GET', '/api/v1/invoices')).json.invoices.length, 0, 'nothing applied yet');

  await pay(p.page);
  const auth = await waitFor(async () => { const x = await find((y) => y.psp_reference === p.psp && y.event_code === 'AUTHORISATION'); return x?.status === 'applied' && x; }, { what: 'AUTHORISATION applied' });
  await moveBy(5 * 60_000); // past the REFUND's back-off
  const handed = await waitFor(async () => { const x = await find((y) => y.psp_reference === refundPsp); return x?.status !== 'pending' && x; }, { what: 'the REFUND handed to billing' });
  assert.ok(handed.attempts >= 2, JSON.stringify(handed));
  assert.doesNotMatch(handed.last_error, /waiting for the AUTHORISATION/);
  assert.ok(handed.id > auth.id || handed.event_date <= auth.event_date);
  refundCase = { api, handed };
});

// Billing's side of the same REFUND: applied, a refund transaction (and its
// credit note).
test('...and billing applies it: refund transaction', async () => {
  assert.ok(refundCase, 'previous test ran');
  assert.equal(refundCase.handed.status, 'applied', JSON.stringify(refundCase.handed));
  const tx = (await refundCase.api.api('GET', '/api/v1/transactions')).json.transactions;
  assert.ok(tx.some((t) => /refund/i.test(t.kind)), `a refund transaction: ${JSON.stringify(tx)}`);
});
