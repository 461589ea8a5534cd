// PROMO-1 promo codes at registration and on their periods, REF-1 the
// invitation link's free month (once per person), REF-2 vouchers deducted
// from the sponsor's invoices of the following month (one per invoice,
// never below zero), and a price change noticed before it applies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { billingWorld, plusDays, plusMonths } from '../lib/billing.mjs';
import { assertProblem } from '../lib/fixtures.mjs';

let w, now;
before(async () => { w = await billingWorld(); now = await w.moveTo(new Date(Date.now() + 60_000)); });
after(async () => { await w?.srv.stop(); });

async function promo(body) {
  const r = await w.admin.api('POST', '/api/v1/admin/promo-codes', {
    starts_at: plusDays(now, -1).toISOString(), ends_at: plusDays(now, 30).toISOString(), offers: ['monthly'], kind: 'percent', percent: 50, periods: 2, ...body,
  });
  return r;
}

test('PROMO-1: 50% for 2 periods on monthly; refused with the reason when not applicable, exhausted or unknown', async () => {
  const r = await promo({ code: 'half2', max_redemptions: 1, ends_at: plusDays(now, 3000).toISOString() });
  assert.equal(r.status, 201, r.describe());
  assert.equal(r.json.code, 'HALF2');
  assertProblem(await promo({ code: 'half2' }), 409);
  assertProblem(await promo({ code: 'bad code!' }), 422);
  const api = await w.learner();
  let c = await w.checkout(api, 'annual', { promo_code: 'HALF2' });
  assert.match(assertProblem(c, 422).detail, /not_applicable/);
  c = await w.checkout(api, 'monthly', { promo_code: 'NOPE' });
  assert.match(assertProblem(c, 422).detail, /unknown/);
  const { order, sub } = await w.subscribe(api, 'monthly', { promo_code: 'half2' });
  assert.equal(order.review.total_now, 950, 'PAY-2: the promotional price shown');
  assert.equal(order.review.renews.amount, 950);
  const end = new Date(sub.period_end);
  await w.moveTo(plusDays(end, 1));
  await w.moveTo(plusDays(plusMonths(end, 1), 1));
  const inv = await w.invoices(api);
  assert.deepEqual(inv.map((i) => i.gross), [950, 950, 1900], 'two promotional periods, then the full price');
  const other = await w.learner();
  c = await w.checkout(other, 'monthly', { promo_code: 'half2' });
  assert.match(assertProblem(c, 422).detail, /exhausted/);
});

test('PROMO-1: an expired code and a new-subscribers-only code', async () => {
  assert.equal((await promo({ code: 'old', starts_at: plusDays(now, -20).toISOString(), ends_at: plusDays(now, -10).toISOString() })).status, 201);
  assert.equal((await promo({ code: 'newbies', new_subscribers_only: true, starts_at: plusDays(now, -1).toISOString(), ends_at: plusDays(now, 3000).toISOString() })).status, 201);
  const api = await w.learner();
  assert.match(assertProblem(await w.checkout(api, 'monthly', { promo_code: 'old' }), 422).detail, /expired/);
  await w.subscribe(api, 'monthly');
  assert.equal((await api.api('POST', '/api/v1/subscription/withdraw', {})).status, 200);
  await w.subWhen(api, (s) => s.state === 'withdrawn');
  assert.match(assertProblem(await w.checkout(api, 'monthly', { promo_code: 'newbies' }), 422).detail, /existing_subscriber/);
});

test('REF-1 REF-2: the invitee gets a free month once; the sponsor a 10 EUR voucher on the next month invoice', async () => {
  const sponsor = await w.learner();
  const { sub } = await w.subscribe(sponsor, 'monthly');
  const inv = await sponsor.api('GET', '/api/v1/invitation');
  assert.equal(inv.status, 200, inv.describe());
  const code = inv.json.code;
  assert.match(inv.json.link, new RegExp(`invitation=${code}`));
  assertProblem(await w.checkout(sponsor, 'monthly', { invitation: code }), [409, 422]);
  const friend = await w.learner();
  const start = await w.checkout(friend, 'monthly', { invitation: code });
  assert.equal(start.status, 201, start.describe());
  assert.equal(start.json.review.total_now, 0, 'REF-1: one free month');
  assert.equal(start.json.review.invitation_free_month, true);
  const conf = await friend.api('POST', `/api/v1/checkout/${start.json.id}/confirm`, { accept_terms: true, terms_version: w.terms });
  assert.ok([200, 202].includes(conf.status), conf.describe());
  if (conf.json.redirect_url) await w.payOnPage(conf.json.redirect_url);
  await w.subWhen(friend, (s) => s.state === 'active');
  const fi = await w.invoices(friend);
  assert.equal(fi[0].gross, 0);
  let s = await w.sub(sponsor);
  assert.equal(s.vouchers.length, 1);
  assert.equal(s.vouchers[0].amount, 1000);
  // The sponsor's invoices: the voucher waits for the month after the sponsorship.
  const end = new Date(sub.period_end);
  for (let m = 0; m < 2; m++) await w.moveTo(plusDays(plusMonths(end, m), 1));
  const si = await w.invoices(sponsor);
  const gross = si.map((i) => i.gross);
  assert.ok(gross.includes(900), `REF-2: 19.00 - 10.00 on one invoice: ${gross}`);
  assert.equal(gross.filter((g) => g === 900).length, 1, 'one voucher, used once');
  s = await w.sub(sponsor);
  assert.equal(s.vouchers[0].remaining, 0);
  const tx = await w.transactions(sponsor);
  assert.ok(tx.some((t) => t.kind === 'voucher' && t.amount === -1000));
  const third = await w.learner();
  const again = await w.checkout(friend, 'monthly', { invitation: code });
  assertProblem(again, [409, 422]);
  assert.ok(third);
});

test('PAY-2: a new price applies to new orders at once and to subscribers after the notice', async () => {
  const api = await w.learner();
  const { sub } = await w.subscribe(api, 'monthly');
  await w.moveTo(plusDays(new Date(sub.started_at), 5));
  const r = await w.admin.api('POST', '/api/v1/admin/prices', { offer: 'monthly', currency: 'EUR', amount: 2100 });
  assert.equal(r.status, 201, r.describe());
  assert.ok(r.json.subscribers_noticed >= 1);
  const offers = await w.admin.api('GET', '/api/v1/offers');
  assert.equal(offers.json.offers.find((o) => o.code === 'monthly').prices.EUR, 2100);
  const s = await w.sub(api);
  assert.equal(s.next_price.amount, 2100);
  const end = new Date(sub.period_end);
  await w.moveTo(plusDays(end, 1));
  let inv = await w.invoices(api);
  assert.equal(inv[inv.length - 1].gross, 1900, 'still the agreed price within the notice');
  await w.moveTo(plusDays(plusMonths(end, 1), 1));
  inv = await w.invoices(api);
  assert.equal(inv[inv.length - 1].gross, 2100, 'the new price after the notice');
  const back = await w.admin.api('POST', '/api/v1/admin/prices', { offer: 'monthly', currency: 'EUR', amount: 1900 });
  assert.equal(back.status, 201);
});
