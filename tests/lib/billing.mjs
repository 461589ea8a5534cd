// Helpers of the billing scenario tests (t30xx): learners with API tokens,
// checkout through the simulator's hosted page, the test clock.
import assert from 'node:assert/strict';
import { Client } from './client.mjs';
import { apiToken, apiSignupBody, currentTermsVersion, tokenOf, verificationLink } from './fixtures.mjs';
import { waitFor } from './payments.mjs';
import { startCampus } from './server.mjs';

export const DAY = 86400_000;
export function plusDays(d, n) { return new Date(d.getTime() + n * DAY); }
export function plusMonths(d, n) { const x = new Date(d); x.setUTCMonth(x.getUTCMonth() + n); return x; }

/**
 * Pays on the simulator's hosted page at url (absolute, or a path on srv)
 * with a test card, as a shopper would: the page, then the form. Returns
 * the simulator's answer (a 303 back to the merchant, or to the challenge).
 */
export async function payHostedPage(srv, url, number = '4111 1111 1111 1111') {
  const u = new URL(url, srv.url);
  const c = new Client(srv.url);
  const page = await c.get(u.pathname);
  assert.equal(page.status, 200, page.describe());
  const r = await c.post(u.pathname, { number, expiry: '12/39', cvc: '737' });
  assert.equal(r.status, 303, r.describe());
  return r;
}

/** A campus with the manual clock, an admin client and the terms version. */
export async function billingWorld() {
  const srv = await startCampus({ clock: 'manual' });
  const admin = await apiToken(srv, srv.demo.admin.email, srv.demo.admin.password);
  const terms = await currentTermsVersion(srv.url);
  const w = {
    srv, admin, terms,
    async moveTo(t) {
      const r = await admin.api('POST', '/api/v1/test-clock', { now: t.toISOString() });
      assert.equal(r.status, 200, r.describe());
      return new Date(r.json.now);
    },
    async learner(over = {}) {
      const body = apiSignupBody(terms, over);
      const c = new Client(srv.url);
      const r = await c.api('POST', '/api/v1/accounts', body);
      assert.equal(r.status, 201, r.describe());
      const link = await verificationLink(srv, body.email);
      const v = await c.api('POST', '/api/v1/email-verifications', { token: tokenOf(link) });
      assert.equal(v.status, 200, v.describe());
      const api = await apiToken(srv, body.email, body.password);
      api.email = body.email;
      api.id = r.json.id;
      return api;
    },
    payOnPage(url, number) { return payHostedPage(srv, url, number); },
    async sub(api) {
      const r = await api.api('GET', '/api/v1/subscription');
      assert.equal(r.status, 200, r.describe());
      return r.json;
    },
    /** Waits until the subscription satisfies pred (notifications are applied by jobs). */
    async subWhen(api, pred, what = 'subscription state') {
      return waitFor(async () => { const r = await api.api('GET', '/api/v1/subscription'); return r.status === 200 && pred(r.json) && r.json; }, { what });
    },
    async checkout(api, offer = 'monthly', extra = {}) {
      const start = await api.api('POST', '/api/v1/checkout', { offer, ...extra });
      return start;
    },
    async subscribe(api, offer = 'monthly', { card, ...extra } = {}) {
      const start = await w.checkout(api, offer, extra);
      assert.equal(start.status, 201, start.describe());
      const conf = await api.api('POST', `/api/v1/checkout/${start.json.id}/confirm`, { accept_terms: true, terms_version: terms });
      assert.ok([200, 202].includes(conf.status), conf.describe());
      if (conf.json.redirect_url) await w.payOnPage(conf.json.redirect_url, card);
      const sub = await w.subWhen(api, (s) => s.state === 'active', 'the new subscription');
      return { order: start.json, sub };
    },
    async invoices(api) {
      const r = await api.api('GET', '/api/v1/invoices');
      assert.equal(r.status, 200, r.describe());
      return r.json.invoices;
    },
    async transactions(api) {
      const r = await api.api('GET', '/api/v1/transactions');
      assert.equal(r.status, 200, r.describe());
      return r.json.transactions;
    },
    /** The staff view of a subscription (with its stored method id). */
    async staffSub(id) {
      const r = await admin.api('GET', '/api/v1/subscriptions');
      assert.equal(r.status, 200, r.describe());
      return r.json.subscriptions.find((s) => s.id === id);
    },
    /** Makes the simulator refuse every later charge of the stored method. */
    async declineStored(subId) {
      const s = await w.staffSub(subId);
      assert.ok(s.stored_method_id, 'a stored method');
      const r = await admin.api('POST', `/sim/adyen/stored-methods/${encodeURIComponent(s.stored_method_id)}/decline`, {});
      assert.ok(r.status < 300, r.describe());
    },
  };
  return w;
}
