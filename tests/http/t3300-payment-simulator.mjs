// The payment simulator (payments/simulator.c): its Adyen-format API, its
// hosted payment page with each test card through plain HTTP form posts,
// 3-D Secure, PayPal, stored methods for renewals, refunds, and the signed
// asynchronous notifications it sends to campus's webhook intake. PAY-3:
// the card number never comes back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { apiToken } from '../lib/fixtures.mjs';
import { findForm, labelTargets } from '../lib/html.mjs';
import { firstPaymentBody, simApi, storedNotifications, waitFor, uniqueRef } from '../lib/payments.mjs';

let srv;
let admin;
before(async () => {
  srv = await startCampus({ clock: 'manual' });
  admin = await apiToken(srv, srv.demo.admin.email, srv.demo.admin.password);
});
after(async () => { await srv?.stop(); });

/** Starts a first payment; returns {body, psp, url (hosted page path)}. */
async function start(over = {}) {
  const body = firstPaymentBody(srv, over);
  const r = await simApi(srv, '/v71/payments', body, { key: `k-${body.reference}` });
  assert.equal(r.status, 200, r.describe());
  assert.equal(r.json.resultCode, 'RedirectShopper', r.describe());
  assert.equal(r.json.action.type, 'redirect');
  const u = new URL(r.json.action.url);
  assert.match(u.pathname, /^\/sim\/pay\/[A-Za-z0-9_-]{20,}$/);
  return { body, psp: r.json.pspReference, url: u.pathname };
}

async function notificationFor(psp, code = 'AUTHORISATION') {
  return waitFor(async () => (await storedNotifications(admin)).find((n) => n.psp_reference === psp && n.event_code === code), { what: `${code} notification of ${psp}` });
}

async function lookup(reference) {
  const r = await simApi(srv, '/v71/payments/lookup', { merchantAccount: 'CampusECOM', reference });
  return r;
}

async function payWithCard(number, { expiry = '12/39', cvc = '737' } = {}) {
  const p = await start();
  const c = new Client(srv.url);
  const page = await c.get(p.url);
  assert.equal(page.status, 200, page.describe());
  const r = await c.post(p.url, { number, expiry, cvc });
  return { ...p, r, c };
}

test('the hosted page: amount, merchant, test cards, labelled card fields and a PayPal button', async () => {
  const p = await start({ amount: { value: 2345, currency: 'EUR' } });
  const r = await new Client(srv.url).get(p.url);
  assert.equal(r.status, 200, r.describe());
  assert.match(r.body, /23\.45 EUR/);
  assert.match(r.body, /4111 1111 1111 1111/);
  assert.match(r.body, /4000 0000 0000 3220/);
  assert.match(r.body, /Pay with PayPal/);
  const form = findForm(r.body, p.url);
  const labels = labelTargets(r.body);
  for (const n of ['number', 'expiry', 'cvc']) {
    const f = form.fields.find((x) => x.name === n);
    assert.ok(f && labels.has(f.id), `${n} is a labelled field`);
  }
  const fr = await new Client(srv.url, { headers: { 'accept-language': 'fr' } }).get(p.url);
  assert.match(fr.body, /Payer avec PayPal/);
  assert.match(fr.body, /23,45 EUR/);
});

test('PAY-3 4111 1111 1111 1111: authorised, back to returnUrl, signed AUTHORISATION with the stored method, only the last four digits kept', async () => {
  const { r, psp, body } = await payWithCard('4111 1111 1111 1111');
  assert.equal(r.status, 303, r.describe());
  const back = new URL(r.location);
  assert.equal(back.origin + back.pathname, new URL(body.returnUrl).origin + '/');
  assert.equal(back.searchParams.get('resultCode'), 'Authorised');
  assert.equal(back.searchParams.get('merchantReference'), body.reference);
  const n = await notificationFor(psp);
  assert.equal(n.success, true);
  assert.equal(n.merchant_reference, body.reference);
  assert.equal(n.amount, 1900);
  assert.match(n.stored_method_id, /^[0-9A-Z]{16}$/);
  const l = await lookup(body.reference);
  assert.equal(l.json.resultCode, 'Authorised', l.describe());
  assert.equal(l.json.additionalData['tokenization.storedPaymentMethodId'], n.stored_method_id);
  // PAY-3: only the last four digits exist anywhere campus can read.
  assert.equal(l.json.additionalData.cardSummary, '1111');
  assert.doesNotMatch(JSON.stringify(l.json), /4111111111111111|4111 1111/);
});

test('4000 0000 0000 0002: refused; AUTHORISATION success=false', async () => {
  const { r, psp } = await payWithCard('4000000000000002');
  assert.equal(r.status, 303, r.describe());
  assert.equal(new URL(r.location).searchParams.get('resultCode'), 'Refused');
  const n = await notificationFor(psp);
  assert.equal(n.success, false);
  assert.equal(n.reason, 'Refused');
  assert.equal(n.stored_method_id, '');
});

test('4000 0000 0000 9995: refused for insufficient funds', async () => {
  const { r, psp, body } = await payWithCard('4000 0000 0000 9995');
  assert.equal(new URL(r.location).searchParams.get('resultCode'), 'Refused');
  const n = await notificationFor(psp);
  assert.equal(n.success, false);
  assert.equal(n.reason, 'Not enough balance');
  const l = await lookup(body.reference);
  assert.equal(l.json.refusalReason, 'Not enough balance');
});

test('4000 0000 0000 3220: 3-D Secure challenge, Complete authorises', async () => {
  const { r, c, psp, url } = await payWithCard('4000000000003220');
  assert.equal(r.status, 303, r.describe());
  assert.equal(r.location, `${url}/challenge`);
  const ch = await c.get(r.location);
  assert.equal(ch.status, 200, ch.describe());
  assert.match(ch.body, /3-D Secure/);
  // The hosted page itself now sends the shopper to the challenge.
  assert.equal((await c.get(url)).location, `${url}/challenge`);
  const done = await c.post(`${url}/challenge`, { outcome: 'complete' });
  assert.equal(done.status, 303, done.describe());
  assert.equal(new URL(done.location).searchParams.get('resultCode'), 'Authorised');
  const n = await notificationFor(psp);
  assert.equal(n.success, true);
  // A second answer (back button) changes nothing.
  const again = await c.post(`${url}/challenge`, { outcome: 'fail' });
  assert.equal(new URL(again.location).searchParams.get('resultCode'), 'Authorised');
});

test('3-D Secure challenge failed: refused', async () => {
  const { c, psp, url } = await payWithCard('4000 0000 0000 3220');
  const done = await c.post(`${url}/challenge`, { outcome: 'fail' });
  assert.equal(new URL(done.location).searchParams.get('resultCode'), 'Refused');
  const n = await notificationFor(psp);
  assert.equal(n.success, false);
});

test('PAY-3 PayPal: approve authorises and stores the method; cancel gives Cancelled', async () => {
  for (const [outcome, rc, success] of [['approve', 'Authorised', true], ['cancel', 'Cancelled', false]]) {
    const p = await start();
    const c = new Client(srv.url);
    const s = await c.post(`${p.url}/paypal`, { outcome: 'start' });
    assert.equal(s.status, 303, s.describe());
    const page = await c.get(s.location);
    assert.equal(page.status, 200, page.describe());
    assert.match(page.body, /PayPal/);
    const r = await c.post(`${p.url}/paypal`, { outcome });
    assert.equal(new URL(r.location).searchParams.get('resultCode'), rc);
    const n = await notificationFor(p.psp);
    assert.equal(n.success, success);
    if (success) assert.notEqual(n.stored_method_id, '');
  }
});

test('PAY-3 bad card input: 422 with the field error, the number is not echoed, nothing settles', async () => {
  for (const [fields, field] of [
    [{ number: '4111 1111 1111 1112', expiry: '12/39', cvc: '123' }, 'number'],
    [{ number: '5555 5555 5555 4444', expiry: '12/39', cvc: '123' }, 'number'],
    [{ number: '4111111111111111', expiry: '13/39', cvc: '123' }, 'expiry'],
    [{ number: '4111111111111111', expiry: '01/20', cvc: '123' }, 'expiry'],
    [{ number: '4111111111111111', expiry: '12/39', cvc: '12' }, 'cvc'],
  ]) {
    const p = await start();
    const r = await new Client(srv.url).post(p.url, fields);
    assert.equal(r.status, 422, r.describe());
    assert.match(r.body, new RegExp(`id="f-${field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-${field}"`), `error on ${field}`);
    assert.doesNotMatch(r.body, new RegExp(fields.number.replace(/ /g, ' ?')), 'PAY-3: the card number is not echoed');
    const l = await lookup(p.body.reference);
    assert.equal(l.json.resultCode, 'RedirectShopper');
  }
});

test('renewals (ContAuth) charge the stored method; the PAY-5 decline hook makes it refuse from then on', async () => {
  const { psp, body } = await payWithCard('4111111111111111');
  const sid = (await notificationFor(psp)).stored_method_id;
  const renewal = {
    amount: { value: 1900, currency: 'EUR' }, reference: uniqueRef('renew'), merchantAccount: 'CampusECOM',
    shopperReference: body.shopperReference, shopperInteraction: 'ContAuth', recurringProcessingModel: 'Subscription',
    paymentMethod: { type: 'scheme', storedPaymentMethodId: sid },
  };
  const ok = await simApi(srv, '/v71/payments', renewal, { key: renewal.reference });
  assert.equal(ok.status, 200, ok.describe());
  assert.equal(ok.json.resultCode, 'Authorised');
  assert.equal((await notificationFor(ok.json.pspReference)).success, true);

  const d = await admin.api('POST', `/sim/adyen/stored-methods/${sid}/decline`, {});
  assert.equal(d.status, 200, d.describe());
  const again = { ...renewal, reference: uniqueRef('renew') };
  const ko = await simApi(srv, '/v71/payments', again, { key: again.reference });
  assert.equal(ko.json.resultCode, 'Refused', ko.describe());
  assert.equal((await notificationFor(ko.json.pspReference)).success, false);

  // Another shopper cannot use this method.
  const stolen = { ...renewal, reference: uniqueRef('renew'), shopperReference: 'user-other' };
  const st = await simApi(srv, '/v71/payments', stolen, { key: stolen.reference });
  assert.equal(st.status, 422, st.describe());
  // The hook is admin-only.
  const learner = await apiToken(srv, srv.demo.learner.email, srv.demo.learner.password);
  assert.equal((await learner.api('POST', `/sim/adyen/stored-methods/${sid}/decline`, {})).status, 403);
});

test('Idempotency-Key: the same key twice is one payment; with another request it is refused', async () => {
  const body = firstPaymentBody(srv);
  const a = await simApi(srv, '/v71/payments', body, { key: `idem-${body.reference}` });
  const b = await simApi(srv, '/v71/payments', body, { key: `idem-${body.reference}` });
  assert.equal(a.json.pspReference, b.json.pspReference);
  assert.equal(a.json.action.url, b.json.action.url);
  const c = await simApi(srv, '/v71/payments', { ...body, amount: { value: 1, currency: 'EUR' } }, { key: `idem-${body.reference}` });
  assert.equal(c.status, 422, c.describe());
  assert.equal(c.json.errorCode, '704');
});

test('the API wants the X-API-Key and a valid Adyen request', async () => {
  const body = firstPaymentBody(srv);
  assert.equal((await simApi(srv, '/v71/payments', body, { apiKey: 'wrong' })).status, 401);
  for (const bad of [{ amount: { value: 0, currency: 'EUR' } }, { amount: { value: 100, currency: 'eur' } },
    { shopperInteraction: 'Moto' }, { returnUrl: undefined }, { reference: '' }]) {
    const r = await simApi(srv, '/v71/payments', { ...body, ...bad });
    assert.equal(r.status, 422, `${JSON.stringify(bad)}: ${r.describe()}`);
    assert.equal(r.json.errorType, 'validation');
  }
  assert.equal((await lookup('no-such-reference')).status, 404);
});

test('refunds: 201 received, then a REFUND notification pointing at the payment; never more than paid', async () => {
  const { psp } = await payWithCard('4111111111111111');
  const ref = uniqueRef('refund');
  const r = await simApi(srv, `/v71/payments/${psp}/refunds`, { merchantAccount: 'CampusECOM', amount: { value: 900, currency: 'EUR' }, reference: ref }, { key: ref });
  assert.equal(r.status, 201, r.describe());
  assert.equal(r.json.status, 'received');
  assert.equal(r.json.paymentPspReference, psp);
  const n = await notificationFor(r.json.pspReference, 'REFUND');
  assert.equal(n.original_reference, psp);
  assert.equal(n.amount, 900);
  const over = await simApi(srv, `/v71/payments/${psp}/refunds`, { merchantAccount: 'CampusECOM', amount: { value: 1001, currency: 'EUR' }, reference: uniqueRef('refund') }, { key: uniqueRef('k') });
  assert.equal(over.status, 422, over.describe());
});

test('PAY-6 test hook: the simulator sends a CHARGEBACK notification (admin only)', async () => {
  const { psp } = await payWithCard('4111111111111111');
  const r = await admin.api('POST', '/sim/adyen/chargebacks', { pspReference: psp, eventCode: 'CHARGEBACK', reason: 'Fraud' });
  assert.equal(r.status, 202, r.describe());
  const n = await waitFor(async () => (await storedNotifications(admin)).find((x) => x.original_reference === psp && x.event_code === 'CHARGEBACK'), { what: 'chargeback' });
  assert.equal(n.reason, 'Fraud');
  assert.equal(n.amount, 1900);
  const learner = await apiToken(srv, srv.demo.learner.email, srv.demo.learner.password);
  assert.equal((await learner.api('POST', '/sim/adyen/chargebacks', { pspReference: psp })).status, 403);
  assert.equal((await admin.api('POST', '/sim/adyen/chargebacks', { pspReference: psp, eventCode: 'BOGUS' })).status, 422);
});

test('an unknown payment session is a 404', async () => {
  const r = await new Client(srv.url).get('/sim/pay/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  assert.equal(r.status, 404, r.describe());
});

test('a hosted page left waiting expires after a day (the clock moves: last test)', async () => {
  const p = await start();
  const h = await admin.api('POST', '/api/v1/test-clock', { now: new Date(Date.now() + 1000).toISOString() });
  const r = await admin.api('POST', '/api/v1/test-clock', { now: new Date(Date.parse(h.json.now) + 25 * 3600_000).toISOString() });
  assert.equal(r.status, 200, r.describe());
  const page = await new Client(srv.url).get(p.url);
  assert.equal(page.status, 404, page.describe());
  assert.match(page.body, /expired/);
  const post = await new Client(srv.url).post(p.url, { number: '4111111111111111', expiry: '12/39', cvc: '737' });
  assert.equal(post.status, 404, post.describe());
  assert.equal((await lookup(p.body.reference)).json.resultCode, 'RedirectShopper');
});
