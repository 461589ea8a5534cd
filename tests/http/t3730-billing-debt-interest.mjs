// PAY-4 ("interest accrues for every full month the principal stays
// unpaid"): the debt of a subscription terminated for non-payment (PAY-5)
// keeps accruing the monthly 10 % of the principal after the termination,
// never compounded, once per month (job billing.debts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { billingWorld, plusDays, plusMonths } from '../lib/billing.mjs';

let w;
before(async () => { w = await billingWorld(); await w.moveTo(new Date(Date.now() + 60_000)); });
after(async () => { await w?.srv.stop(); });

test('PAY-4: interest keeps accruing on the debt of a terminated subscription, 10% of the principal per full month', async () => {
  const api = await w.learner();
  const { sub } = await w.subscribe(api, 'monthly');
  await w.declineStored(sub.id);
  const due = new Date(sub.period_end);
  for (const d of [0, 1, 3, 5, 7, 22, 51, 52]) await w.moveTo(plusDays(due, d));
  let s = await w.sub(api);
  assert.equal(s.state, 'terminated');
  const interest = async () => (await w.transactions(api)).filter((t) => t.kind === 'fee' && t.amount === 190);
  assert.equal((await interest()).length, 1, 'one full month at the termination');
  const owedAtEnd = s.owed;
  // Months 2, 3 and 4 after the due date, each visited a day after it starts.
  for (const m of [2, 3, 4]) await w.moveTo(plusDays(plusMonths(due, m), 1));
  // Two unpaid principals of 19.00: the renewal (due) and the next one,
  // charged while suspended (due + 1 month); at due + 4 months + 1 day they
  // are 4 and 3 full months overdue.
  const failed = (await w.transactions(api)).filter((t) => t.kind === 'charge' && t.status === 'failed' && t.amount === 1900);
  assert.equal(failed.length, 2, 'two unpaid renewals');
  assert.equal((await interest()).length, 4 + 3, 'PAY-4: one more 10% per principal and full month after the termination');
  s = await w.sub(api);
  assert.equal(s.state, 'terminated');
  assert.equal(s.owed, owedAtEnd + 6 * 190, 'never compounded: 10% of each 19.00 principal per month');
  // Visiting again within the same month adds nothing.
  await w.moveTo(plusDays(plusMonths(due, 4), 10));
  assert.equal((await interest()).length, 7);
});
