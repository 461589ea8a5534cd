// PAY-4, PAY-5: a declined renewal through the test clock: past due at
// once with the recovery fee, retries on retry_days, the formal notice,
// suspension 15 days later, lifting at once on full payment, the monthly
// late interest, and termination 30 days after a suspension.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { billingWorld, plusDays } from '../lib/billing.mjs';

let w;
before(async () => { w = await billingWorld(); await w.moveTo(new Date(Date.now() + 60_000)); });
after(async () => { if (process.env.BILLING_DEBUG) { const { execFileSync } = await import('node:child_process'); console.error(execFileSync('sqlite3', [w.srv.dataDir + '/campus.db', "select reference,kind,state,psp_reference,reason from billing_payments; select id,kind,run_at,done_at,attempts,last_error from jobs where done_at is null; select * from payment_notifications"]).toString()); } if (process.env.BILLING_DEBUG) console.error(w?.srv.stderr.split('\n').filter((l) => !l.startsWith('{')).join('\n').slice(-5000)); await w?.srv.stop(); });

/** Subscribes, declines the stored card, moves to the due date. */
async function declined() {
  const api = await w.learner();
  const { sub } = await w.subscribe(api, 'monthly');
  await w.declineStored(sub.id);
  const due = new Date(sub.period_end);
  await w.moveTo(plusDays(due, 0));
  return { api, sub, due };
}

test('PAY-4 PAY-5: declined renewal: past due with the 40 EUR fee, retries, formal notice, suspension, lifted by payment', async () => {
  const { api, due } = await declined();
  let s = await w.subWhen(api, (x) => x.state === 'past_due', 'past due');
  assert.equal(s.premium, true, 'PAY-5: access continues while dunning runs');
  assert.equal(s.owed, 1900 + 4000, 'PAY-4: recovery fee at once');
  const failMail = await w.srv.waitForMail((m) => m.to.toLowerCase().includes(api.email) && /payment failed/i.test(m.subject));
  assert.ok(failMail);
  for (const d of [1, 3, 5]) await w.moveTo(plusDays(due, d));
  const tx = await w.transactions(api);
  assert.equal(tx.filter((t) => t.kind === 'charge' && t.status === 'failed').length, 4, 'the renewal and three retries (retry_days 1,3,5)');
  assert.ok(tx.some((t) => t.kind === 'fee' && t.amount === 4000));
  await w.moveTo(plusDays(due, 7));
  const notice = await w.srv.waitForMail((m) => m.to.toLowerCase().includes(api.email) && /Formal notice/.test(m.subject));
  assert.match(notice.text, /59\.00 EUR/);
  s = await w.sub(api);
  assert.ok(s.formal_notice_at, 'the notice is recorded');
  await w.moveTo(plusDays(due, 21));
  assert.equal((await w.sub(api)).state, 'past_due', '15 days after the notice, not before');
  await w.moveTo(plusDays(due, 22));
  s = await w.sub(api);
  assert.equal(s.state, 'suspended');
  assert.equal(s.premium, false, 'PAY-5: suspended');
  const pay = await api.api('POST', '/api/v1/subscription/pay', {});
  assert.equal(pay.status, 202, pay.describe());
  await w.payOnPage(pay.json.redirect_url);
  s = await w.subWhen(api, (x) => x.state === 'active', 'lifted');
  assert.equal(s.premium, true, 'PAY-5: paying everything lifts the suspension at once');
  assert.equal(s.owed, 0);
  const after = await w.transactions(api);
  assert.ok(after.some((t) => t.kind === 'charge' && t.status === 'succeeded' && t.amount === 5900));
  assert.ok(after.filter((t) => t.kind === 'fee').every((t) => t.status === 'paid'));
});

test('PAY-4: 10% of the unpaid principal per full month, not compounded; PAY-5: terminated 30 days after suspension', async () => {
  const { api, due, sub } = await declined();
  for (const d of [1, 3, 5, 7, 22]) await w.moveTo(plusDays(due, d));
  assert.equal((await w.sub(api)).state, 'suspended');
  await w.moveTo(plusDays(due, 51));
  let s = await w.sub(api);
  assert.equal(s.state, 'suspended');
  const fees = (await w.transactions(api)).filter((t) => t.kind === 'fee');
  assert.ok(fees.some((t) => t.amount === 190), `PAY-4: 10% of 19.00 for a full month: ${JSON.stringify(fees)}`);
  await w.moveTo(plusDays(due, 52));
  s = await w.sub(api);
  assert.equal(s.state, 'terminated');
  assert.equal(s.end_reason, 'unpaid');
  assert.equal(s.premium, false);
  assert.ok(s.owed > 0, 'the debt remains');
  const term = await w.srv.waitForMail((m) => m.to.toLowerCase().includes(api.email) && /terminated/.test(m.subject));
  assert.ok(term);
  assert.equal(sub.id, s.id);
});

test('PAY-6: a chargeback makes the amount overdue again plus the 15 EUR fee; a repeated notification changes nothing', async () => {
  const { simApi } = await import('../lib/payments.mjs');
  const api = await w.learner();
  await w.subscribe(api, 'monthly');
  const charge = (await w.transactions(api)).find((t) => t.kind === 'charge');
  const look = await simApi(w.srv, '/v71/payments/lookup', { merchantAccount: 'CampusECOM', reference: charge.reference });
  assert.equal(look.status, 200, look.describe());
  const psp = look.json.pspReference;
  for (let i = 0; i < 2; i++) {
    const r = await w.admin.api('POST', '/sim/adyen/chargebacks', { pspReference: psp, eventCode: 'CHARGEBACK' });
    assert.ok(r.status < 300, r.describe());
  }
  const s = await w.subWhen(api, (x) => x.state === 'past_due', 'past due after the chargeback');
  assert.equal(s.owed, 1900 + 1500, 'PAY-6: reversed amount + chargeback fee');
  await new Promise((res) => setTimeout(res, 1500));
  const tx = await w.transactions(api);
  assert.equal(tx.filter((t) => t.kind === 'fee' && t.amount === 1500).length, 1, 'applied once');
  assert.equal((await w.sub(api)).owed, 3400);
});
