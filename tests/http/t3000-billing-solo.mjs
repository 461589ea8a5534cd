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
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { apiToken, apiSignupBody, currentTermsVersion, tokenOf, verificationLink, birthDate, assertProblem } from '../lib/fixtures.mjs';
import { waitFor } from '../lib/payments.mjs';

let srv, admin, terms;
let clockNow;

before(async () => {
  srv = await startCampus({ clock: 'manual' });
  admin = await apiToken(srv, srv.demo.admin.email, srv.demo.admin.password);
  terms = await currentTermsVersion(srv.url);
  const r = await admin.api('POST', '/api/v1/test-clock', { now: new Date(Date.now() + 60_000).toISOString() });
  assert.equal(r.status, 200, r.describe());
  clockNow = new Date(r.json.now);
});
after(async () => { await srv?.stop(); });

/** Moves the test clock to t (Date) and runs the due jobs. */
async function moveTo(t) {
  const r = await admin.api('POST', '/api/v1/test-clock', { now: t.toISOString() });
  assert.equal(r.status, 200, r.describe());
  clockNow = new Date(r.json.now);
}
function plusDays(d, n) { return new Date(d.getTime() + n * 86400_000); }
function plusMonths(d, n) { const x = new Date(d); x.setUTCMonth(x.getUTCMonth() + n); return x; }

/** A verified learner with an API client. */
async function learner(over = {}) {
  const body = apiSignupBody(terms, over);
  const c = new Client(srv.url);
  const r = await c.api('POST', '/api/v1/accounts', body);
  assert.equal(r.status, 201, r.describe());
  const link = await verificationLink(srv, body.email);
  const v = await c.api('POST', '/api/v1/email-verifications', { token: tokenOf(link) });
  assert.equal(v.status, 200, v.describe());
  const api = await apiToken(srv, body.email, body.password);
  api.email = body.email;
  return api;
}

/** Pays a hosted page with a test card; returns the simulator's answer. */
async function payOnPage(url, number = '4111 1111 1111 1111') {
  const u = new URL(url);
  const c = new Client(srv.url);
  const page = await c.get(u.pathname);
  assert.equal(page.status, 200, page.describe());
  const r = await c.post(u.pathname, { number, expiry: '12/39', cvc: '737' });
  assert.equal(r.status, 303, r.describe());
  return r;
}

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
  await payOnPage(conf.json.redirect_url, card);
  const s = await waitFor(async () => { const x = await subscription(api); return x.status === 200 && x.json; }, { what: 'the subscription' });
  return { order: start.json, review: review.json, sub: s };
}

async function invoices(api) {
  const r = await api.api('GET', '/api/v1/invoices');
  assert.equal(r.status, 200, r.describe());
  return r.json.invoices;
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
  const api = await learner();
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
  for (let m = 1; m <= 13; m++) await moveTo(new Date(plusMonths(start, m).getTime() + 3600_000));
  const list = await invoices(api);
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
