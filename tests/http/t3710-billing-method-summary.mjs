// PAY-3, issue 4 §5 (the Premium tab shows the payment method): a first
// payment settled by the provider's notification only (3-D Secure
// challenge, PayPal) keeps the stored method's summary, so the Premium tab
// names the card or PayPal instead of "none recorded".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { billingWorld } from '../lib/billing.mjs';
import { Client } from '../lib/client.mjs';
import { PASSWORD, signIn } from '../lib/fixtures.mjs';

let w;
before(async () => {
  w = await billingWorld();
  await w.moveTo(new Date(Date.now() + 60_000));
});
after(async () => { await w?.srv.stop(); });

/** Checks out and returns the hosted page's path. */
async function hostedPage(api) {
  const start = await w.checkout(api, 'monthly');
  assert.equal(start.status, 201, start.describe());
  const conf = await api.api('POST', `/api/v1/checkout/${start.json.id}/confirm`, { accept_terms: true, terms_version: w.terms });
  assert.ok(conf.json.redirect_url, conf.describe());
  return new URL(conf.json.redirect_url).pathname;
}

async function premiumTab(api) {
  const { client } = await signIn(w.srv, api.email, PASSWORD);
  const tab = await client.get('/settings/premium');
  assert.equal(tab.status, 200, tab.describe());
  return tab.body;
}

test('PAY-3: after a 3-D Secure payment the Premium tab shows the card, and the staff view its stored method', async () => {
  const api = await w.learner();
  const url = await hostedPage(api);
  const c = new Client(w.srv.url);
  const r = await c.post(url, { number: '4000 0000 0000 3220', expiry: '12/39', cvc: '737' });
  assert.equal(r.location, `${url}/challenge`, r.describe());
  const done = await c.post(`${url}/challenge`, { outcome: 'complete' });
  assert.equal(new URL(done.location).searchParams.get('resultCode'), 'Authorised');
  const sub = await w.subWhen(api, (s) => s.state === 'active', 'the subscription paid with 3-D Secure');
  assert.equal(sub.method, 'card');
  const body = await premiumTab(api);
  assert.match(body, /Visa •••• 3220/);
  assert.doesNotMatch(body, /none recorded/);
  assert.ok((await w.staffSub(sub.id)).stored_method_id, 'the method is stored for renewals');
});

test('PAY-3: after a PayPal payment the Premium tab says PayPal', async () => {
  const api = await w.learner();
  const url = await hostedPage(api);
  const c = new Client(w.srv.url);
  const s = await c.post(`${url}/paypal`, { outcome: 'start' });
  assert.equal(s.status, 303, s.describe());
  const r = await c.post(`${url}/paypal`, { outcome: 'approve' });
  assert.equal(new URL(r.location).searchParams.get('resultCode'), 'Authorised');
  const sub = await w.subWhen(api, (x) => x.state === 'active', 'the subscription paid with PayPal');
  assert.equal(sub.method, 'paypal');
  const body = await premiumTab(api);
  assert.match(body, /<dd>PayPal<\/dd>/);
  assert.doesNotMatch(body, /none recorded/);
});
