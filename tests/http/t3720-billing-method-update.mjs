// Issue 4 §5 "payment method update" (PAY-3: card numbers never reach
// campus): the Premium tab's "Update payment method" opens the simulator's
// hosted page for a zero-amount card verification (Adyen's zero-value
// authorisation with storePaymentMethod); a refused card keeps the old
// method, an accepted one replaces it and the next renewal charges it. The
// simulator still refuses an amount of 0 for any other payment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { billingWorld, plusMonths } from '../lib/billing.mjs';
import { PASSWORD, signIn } from '../lib/fixtures.mjs';
import { firstPaymentBody, simApi, storedNotifications, waitFor } from '../lib/payments.mjs';

let w;
before(async () => {
  w = await billingWorld();
  await w.moveTo(new Date(Date.now() + 60_000));
});
after(async () => { await w?.srv.stop(); });

/** Starts an update from the Premium tab and pays the hosted page with number; waits until applied. */
async function updateWith(client, number) {
  const r = await client.submit('/settings/premium', {}, { action: '/settings/premium/method' });
  assert.equal(r.status, 303, r.describe());
  assert.match(r.location, /\/sim\/pay\//, 'the hosted page');
  const page = await client.get(new URL(r.location, w.srv.url).pathname);
  assert.match(page.body, /0\.00/, 'nothing is charged');
  const paid = await w.payOnPage(new URL(r.location, w.srv.url).href, number);
  const psp = new URL(paid.location).searchParams.get('pspReference');
  await waitFor(async () => (await storedNotifications(w.admin)).find((n) => n.psp_reference === psp && n.status === 'applied'), { what: `the verification ${psp} applied` });
  return new URL(paid.location).searchParams.get('resultCode');
}

test('PAY-3: amount 0 is refused by the simulator unless it is a card verification', async () => {
  const zero = { amount: { value: 0, currency: 'EUR' } };
  const plain = await simApi(w.srv, '/v71/payments', firstPaymentBody(w.srv, zero), { key: 'zero-plain' });
  assert.equal(plain.status, 422, plain.describe());
  const unstored = await simApi(w.srv, '/v71/payments', firstPaymentBody(w.srv, { ...zero, reference: 'mth-t-1', storePaymentMethod: false }), { key: 'zero-unstored' });
  assert.equal(unstored.status, 422, unstored.describe());
  const verify = await simApi(w.srv, '/v71/payments', firstPaymentBody(w.srv, { ...zero, reference: 'mth-t-2' }), { key: 'zero-verify' });
  assert.equal(verify.status, 200, verify.describe());
});

test('issue 4 §5: a refused card keeps the old method; an accepted one is charged at the next renewal', async () => {
  const api = await w.learner();
  const { sub } = await w.subscribe(api, 'monthly');
  const old = (await w.staffSub(sub.id)).stored_method_id;
  assert.ok(old);
  const { client } = await signIn(w.srv, api.email, PASSWORD);
  const tab = await client.get('/settings/premium');
  assert.match(tab.body, /Update payment method/);
  assert.equal(await updateWith(client, '4000 0000 0000 0002'), 'Refused');
  let staff = await w.staffSub(sub.id);
  assert.equal(staff.stored_method_id, old, 'refused: the old method is kept');
  assert.equal((await w.sub(api)).state, 'active', 'a refused verification is no missed payment');
  assert.equal(await updateWith(client, '4111 1111 1111 1111'), 'Authorised');
  staff = await w.staffSub(sub.id);
  assert.ok(staff.stored_method_id && staff.stored_method_id !== old, 'the new method replaces the old');
  const tx = await w.transactions(api);
  assert.equal(tx.filter((t) => t.kind === 'charge').length, 1, 'INV-2: a verification is no charge');
  // The next renewal charges the new method.
  await w.moveTo(new Date(plusMonths(new Date(sub.started_at), 1).getTime() + 3600_000));
  await w.subWhen(api, (s) => s.period === 1, 'the renewal');
  const charges = (await w.transactions(api)).filter((t) => t.kind === 'charge' && t.status === 'succeeded');
  assert.equal(charges.length, 2);
  const refs = charges.map((t) => t.reference);
  const looked = [];
  for (const reference of refs) {
    const l = await simApi(w.srv, '/v71/payments/lookup', { merchantAccount: 'CampusECOM', reference });
    assert.equal(l.status, 200, l.describe());
    looked.push(l.json.additionalData?.['tokenization.storedPaymentMethodId']);
  }
  assert.ok(looked.includes(staff.stored_method_id), `the renewal charged the new method: ${JSON.stringify(looked)}`);
  assert.deepEqual(new Set(looked), new Set([old, staff.stored_method_id]), 'the first payment stored the old method, the renewal charged the new');
});
