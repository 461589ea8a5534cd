// Premium Solo end to end through the JSON API and the payment simulator,
// with the test clock (issue 4 §8, §9): offers (SOLO-1, PAY-1), checkout
// with the review (PAY-2) and terms acceptance (ACC-1), payment on the
// hosted page (PAY-3), confirmation email (ACC-5), renewals with gapless
// invoices (SOLO-2, INV-1), the annual reminder (SOLO-4), cancel and undo
// (SOLO-3), withdrawal (SOLO-6), the dunning path (PAY-4, PAY-5), promo
// codes (PROMO-1), invitations and vouchers (REF-1, REF-2), force majeure
// (SOLO-5), refunds and credit notes, finance exports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../lib/client.mjs';
import { billingWorld, plusMonths } from '../lib/billing.mjs';
import { waitFor } from '../lib/payments.mjs';

let w, srv, terms;

before(async () => {
  w = await billingWorld();
  ({ srv, terms } = w);
  await w.moveTo(new Date(Date.now() + 60_000));
});
after(async () => { await srv?.stop(); });

async function subscription(api) {
  const r = await api.api('GET', '/api/v1/subscription');
  return r;
}

async function subscribe(api, offer = 'monthly', { card, promo_code, invitation } = {}) {
  const start = await api.api('POST', '/api/v1/checkout', { offer, promo_code, invitation });
  assert.equal(start.status, 201, start.describe());
  const id = start.json.id;
  const review = await api.api('GET', `/api/v1/checkout/${id}`);
  assert.equal(review.status, 200, review.describe());
  const conf = await api.api('POST', `/api/v1/checkout/${id}/confirm`, { accept_terms: true, terms_version: terms });
  assert.equal(conf.status, 202, conf.describe());
  assert.match(conf.json.redirect_url, /\/sim\/pay\//);
  await w.payOnPage(conf.json.redirect_url, card);
  const s = await waitFor(async () => { const x = await subscription(api); return x.status === 200 && x.json; }, { what: 'the subscription' });
  return { order: start.json, review: review.json, sub: s };
}

test('SOLO-1 PAY-1: two offers with tax-inclusive prices per currency', async () => {
  const r = await new Client(srv.url).api('GET', '/api/v1/offers');
  assert.equal(r.status, 200, r.describe());
  const byCode = Object.fromEntries(r.json.offers.map((o) => [o.code, o]));
  assert.equal(byCode.monthly.months, 1);
  assert.equal(byCode.annual.months, 12);
  assert.equal(byCode.monthly.prices.EUR, 1900);
  assert.equal(byCode.annual.prices.EUR, 19000);
  assert.ok(byCode.monthly.prices.CHF && byCode.monthly.prices.GBP);
});

test('PAY-2 ACC-1 ACC-5 SOLO-2 INV-1: subscribe monthly, move 13 months: 14 invoices numbered without gaps', async () => {
  const api = await w.learner();
  const { review, sub } = await subscribe(api, 'monthly');
  assert.equal(review.review.total_now, 1900);
  assert.equal(review.review.currency, 'EUR');
  assert.equal(review.review.vat_rate_bp, 2000);
  assert.ok(review.review.renews.at, 'PAY-2: says what renews and when');
  assert.equal(sub.state, 'active');
  assert.equal(sub.premium, true);
  // ACC-5: confirmation email with a sign-in link (never a password).
  const mail = await srv.waitForMail((m) => m.to.toLowerCase().includes(api.email) && /Premium Solo/.test(m.subject));
  assert.ok(mail.links.some((l) => /\/password\/reset\?token=/.test(l)), 'a sign-in link');
  const me = await api.api('GET', '/api/v1/me');
  assert.ok(me.json.acceptances.length >= 2, 'ACC-1: the order recorded an acceptance');
  const start = new Date(sub.started_at);
  for (let m = 1; m <= 13; m++) await w.moveTo(new Date(plusMonths(start, m).getTime() + 3600_000));
  const list = await w.invoices(api);
  assert.equal(list.length, 14, JSON.stringify(list.map((i) => i.number)));
  const nums = list.map((i) => Number(i.number.split('-')[1]));
  for (let i = 1; i < nums.length; i++) {
    if (list[i].number.split('-')[0] === list[i - 1].number.split('-')[0]) assert.ok(nums[i] > nums[i - 1]);
  }
  const s = (await subscription(api)).json;
  assert.equal(s.state, 'active');
  assert.equal(s.period, 13);
  const tx = (await api.api('GET', '/api/v1/transactions')).json.transactions;
  assert.equal(tx.filter((t) => t.kind === 'charge' && t.status === 'succeeded').length, 14, 'INV-2: every charge listed');
  const pdf = await api.request('GET', list[0].pdf);
  assert.equal(pdf.status, 200);
  assert.match(pdf.contentType, /application\/pdf/);
});
