// billweb: the Premium Solo checkout in HTML (issue 4 §3): the offer page
// with prices in the visitor's currency (SOLO-1, PAY-1), details, terms
// (ACC-1, unticked), the review with everything PAY-2 lists and "Change"
// links that keep the choices, confirm -> the simulator's hosted page
// (PAY-3) -> the status page; promo codes refused with their reason
// (PROMO-1), invitation links (REF-1), minors (ACC-3), CSRF, sign-in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { findForm, pageText, labelTargets } from '../lib/html.mjs';
import { signupAndVerify, signIn, apiToken, birthDate, currentTermsVersion } from '../lib/fixtures.mjs';
import { waitFor } from '../lib/payments.mjs';
import { payHostedPage } from '../lib/billing.mjs';

let srv, admin;
before(async () => {
  srv = await startCampus();
  admin = await apiToken(srv, srv.demo.admin.email, srv.demo.admin.password);
});
after(async () => { await srv?.stop(); });

const NBSP = '\u00a0';

async function member(over = {}) {
  const u = await signupAndVerify(srv, over);
  const { client } = await signIn(srv, u.email, u.password);
  client.email = u.email;
  return client;
}

/** Offer -> details -> terms -> review; returns {review, orderPath}. */
async function toReview(c, { offer = 'monthly', promo = '', country = 'FR', invitation } = {}) {
  let q = `/premium/details?offer=${offer}&promo_code=${encodeURIComponent(promo)}`;
  if (invitation) q += `&invitation=${invitation}`;
  const d = await c.get(q);
  assert.equal(d.status, 200, d.describe());
  const det = await c.submit(q, { name: 'Ada Lovelace', country }, { action: '/premium/details' });
  assert.equal(det.status, 303, det.describe(800));
  const termsPath = new URL(det.location, srv.url).pathname;
  assert.match(termsPath, /^\/premium\/order\/[^/]+\/terms$/);
  const t = await c.submit(termsPath, { accept_terms: '1' });
  assert.equal(t.status, 303, t.describe(800));
  const review = await c.get(t.location);
  assert.equal(review.status, 200, review.describe());
  return { review, orderPath: termsPath.replace(/\/terms$/, '') };
}

test('SOLO-1 PAY-1: /premium shows both offers with tax-inclusive prices; visitors see euros', async () => {
  const r = await new Client(srv.url).get('/premium');
  assert.equal(r.status, 200, r.describe());
  const text = pageText(r.body);
  assert.match(text, /€19\.00/);
  assert.match(text, /€190\.00/);
  assert.match(r.body, /name="offer" value="monthly"/);
  assert.match(r.body, /name="offer" value="annual"/);
  const labels = labelTargets(r.body);
  assert.ok(labels.has('f-promo_code'), 'the promo code field is labelled');
  const d = await new Client(srv.url).get('/premium/details?offer=monthly');
  assert.equal(d.status, 303, 'the details need an account');
  assert.equal(new URL(d.location, srv.url).pathname, '/signin');
});

test('PAY-1: a Swiss account sees CHF; a French-language account reads "19,00 €"', async () => {
  const ch = await member({ country: 'CH' });
  const r = await ch.get('/premium');
  assert.match(pageText(r.body), /CHF/);
  const fr = await member({ lang: 'fr' });
  const f = await fr.get('/premium');
  assert.ok(f.body.includes(`19,00${NBSP}€`), pageText(f.body).slice(0, 600));
  assert.ok(f.body.includes(`190,00${NBSP}€`));
});

test('PAY-2 ACC-1: the review lists offer, period, total with VAT and its rate, renewal, and Change links keeping the choices', async () => {
  const c = await member();
  // ACC-1: the box is not ticked in advance; not ticking it is refused.
  const det = await c.submit('/premium/details?offer=annual&promo_code=', { name: 'Ada Lovelace', country: 'FR' }, { action: '/premium/details' });
  const termsPath = new URL(det.location, srv.url).pathname;
  const tp = await c.get(termsPath);
  assert.match(tp.body, /type="checkbox"[^>]*name="accept_terms"|name="accept_terms"[^>]*type="checkbox"/);
  assert.doesNotMatch(tp.body, /name="accept_terms"[^>]*checked/, 'ACC-1: unticked by default');
  assert.match(tp.body, /href="\/terms\/\d+"/, 'ACC-1: the current version is linked');
  const refused = await c.submit(termsPath, { accept_terms: undefined });
  assert.equal(refused.status, 422, refused.describe());
  assert.match(pageText(refused.body), /accept the terms/i);
  // The review page without an accepted version goes back to the terms.
  const skip = await c.get(termsPath.replace(/terms$/, 'review'));
  assert.equal(skip.status, 303);
  const { review } = await toReview(c, { offer: 'annual' });
  const text = pageText(review.body);
  assert.match(text, /Premium Solo/);
  assert.match(text, /12 months/, 'the period');
  assert.match(text, /Total to pay now\s*€190\.00/, 'the total now');
  assert.match(text, /VAT €31\.67 at 20%/, 'VAT included and its rate');
  assert.match(text, /Renews on .+ for €190\.00, then every year/, 'what renews, when, at what price');
  assert.match(text, /version \d+, accepted/);
  // A "Change" link back to each step, keeping the choices.
  const links = [...review.body.matchAll(/<a class="change" href="([^"]+)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
  assert.ok(links.some((l) => l.startsWith('/premium?offer=annual')), links.join(' '));
  assert.ok(links.some((l) => l.startsWith('/premium/details?offer=annual')), links.join(' '));
  assert.ok(links.some((l) => /\/premium\/order\/.+\/terms$/.test(l)), links.join(' '));
  const back = await c.get(links.find((l) => l.startsWith('/premium?')));
  assert.match(back.body, /value="annual" checked/, 'going back keeps the offer');
  const form = findForm(review.body, review.body.match(/action="(\/premium\/order\/[^"]+\/confirm)"/)[1]);
  assert.ok(form.fields.some((f) => f.name === 'csrf'));
  assert.doesNotMatch(review.body, /guardian_email/, 'adults are not asked for a guardian');
});

test('PAY-3 INV-1 SOLO-3: confirm -> hosted page -> paid; the Premium tab shows the invoice, unsubscribe and undo', async () => {
  const c = await member();
  const { review } = await toReview(c);
  const action = review.body.match(/action="(\/premium\/order\/[^"]+\/confirm)"/)[1];
  const conf = await c.submit(review.req.path, {}, { action });
  assert.equal(conf.status, 303, conf.describe(800));
  assert.match(conf.location, /\/sim\/pay\//, 'PAY-3: to the hosted payment page');
  const back = await payHostedPage(srv, conf.location);
  const ret = new URL(back.location, srv.url);
  const st = await c.follow(await c.get(ret.pathname + ret.search));
  assert.equal(st.status, 200, st.describe());
  const statusPath = new URL(st.req.path, srv.url).pathname;
  assert.match(statusPath, /^\/premium\/order\//);
  const paid = await waitFor(async () => {
    const p = await c.get(statusPath);
    return /Payment received/.test(p.body) && p;
  }, { what: 'the paid order' });
  assert.match(paid.body, /href="\/settings\/premium"/);
  const tab = await c.get('/settings/premium');
  assert.equal(tab.status, 200, tab.describe());
  const text = pageText(tab.body);
  assert.match(text, /Active/);
  assert.match(text, /Next payment\s*€19\.00 on/);
  const inv = tab.body.match(/href="(\/api\/v1\/invoices\/([^"/]+)\/pdf)"/);
  assert.ok(inv, 'INV-1: an invoice with its PDF link');
  const pdf = await c.get(inv[1]);
  assert.equal(pdf.status, 200);
  assert.match(pdf.headers.get('content-type'), /application\/pdf/);
  assert.match(text, /Charge\s*€19\.00\s*Succeeded/, 'INV-2: the charge with its status');
  assert.match(text, /Your invitation link/);
  // SOLO-3
  const cancel = await c.submit('/settings/premium', {}, { action: '/settings/premium/cancel' });
  assert.equal(cancel.status, 303, cancel.describe(800));
  const after1 = await c.get(cancel.location);
  assert.match(pageText(after1.body), /Cancelling at term/);
  assert.match(pageText(after1.body), /Keep my subscription/);
  const undo = await c.submit('/settings/premium', {}, { action: '/settings/premium/undo' });
  assert.equal(undo.status, 303, undo.describe(800));
  const after2 = await c.get(undo.location);
  assert.match(pageText(after2.body), /Active/);
  // Already Premium: a second checkout is refused plainly.
  assert.match(pageText((await c.get('/premium')).body), /You are Premium Solo already\./);
  const again = await c.submit('/premium/details?offer=monthly&promo_code=', { name: 'Ada', country: 'FR' }, { action: '/premium/details' });
  assert.equal(again.status, 409, again.describe());
});

test('PROMO-1: an unknown or expired code is refused with its reason on the offer page, choices kept', async () => {
  const c = await member();
  const q = '/premium/details?offer=annual&promo_code=NOPE42';
  const r = await c.submit(q, { name: 'Ada Lovelace', country: 'FR' }, { action: '/premium/details' });
  assert.equal(r.status, 422, r.describe());
  assert.match(pageText(r.body), /unknown code/);
  assert.match(r.body, /value="annual" checked/);
  assert.match(r.body, /id="f-promo_code"[^>]*value="NOPE42"/);
  const now = Date.now();
  const p = await admin.api('POST', '/api/v1/admin/promo-codes', {
    code: `OLD${now}`, starts_at: new Date(now - 10 * 86400_000).toISOString(), ends_at: new Date(now - 86400_000).toISOString(),
    offers: ['monthly', 'annual'], kind: 'percent', percent: 20, periods: 1,
  });
  assert.equal(p.status, 201, p.describe());
  const e = await c.submit(`/premium/details?offer=monthly&promo_code=OLD${now}`, { name: 'Ada Lovelace', country: 'FR' }, { action: '/premium/details' });
  assert.equal(e.status, 422);
  assert.match(pageText(e.body), /This promo code has expired\./);
  const ok = await admin.api('POST', '/api/v1/admin/promo-codes', {
    code: `NEW${now}`, starts_at: new Date(now - 86400_000).toISOString(), ends_at: new Date(now + 10 * 86400_000).toISOString(),
    offers: ['monthly'], kind: 'percent', percent: 50, periods: 2,
  });
  assert.equal(ok.status, 201, ok.describe());
  const { review } = await toReview(c, { offer: 'monthly', promo: `NEW${now}` });
  const text = pageText(review.body);
  assert.match(text, new RegExp(`Promo code\\s*NEW${now}`));
  assert.match(text, /Total to pay now\s*€9\.50/, 'the promotional price now');
  assert.match(text, /Reductions\s*−€9\.50/);
});

test('form errors: a missing offer or name is said on the form', async () => {
  const c = await member();
  const r = await c.get('/premium/details?offer=weekly');
  assert.equal(r.status, 422);
  assert.match(pageText(r.body), /choose monthly or annual/);
  const n = await c.submit('/premium/details?offer=monthly&promo_code=', { name: '' }, { action: '/premium/details' });
  assert.equal(n.status, 422, n.describe());
  assert.match(n.body, /aria-invalid="true"/);
});

test('CSRF: the checkout forms refuse a POST without the token', async () => {
  const c = await member();
  const r = await c.post('/premium/details', { offer: 'monthly', name: 'X', country: 'FR' });
  assert.equal(r.status, 403, r.describe());
  const p = await c.post('/settings/premium/cancel', {});
  assert.equal(p.status, 403, p.describe());
});

test("orders are their owner's: another account gets 404", async () => {
  const a = await member();
  const { orderPath } = await toReview(a);
  const b = await member();
  const r = await b.get(`${orderPath}/terms`);
  assert.equal(r.status, 404);
});

test('ACC-3: a minor gives a guardian email on the review; the order waits for the consent', async () => {
  const c = await member({ birth_date: birthDate(15) });
  const { review } = await toReview(c);
  assert.match(review.body, /name="guardian_email"/);
  const action = review.body.match(/action="(\/premium\/order\/[^"]+\/confirm)"/)[1];
  const bad = await c.submit(review.req.path, { guardian_email: 'nope' }, { action });
  assert.equal(bad.status, 422, bad.describe());
  const r = await c.submit(review.req.path, { guardian_email: 'parent@example.test' }, { action });
  assert.equal(r.status, 303, r.describe(800));
  const st = await c.get(r.location);
  assert.match(pageText(st.body), /Waiting for your parent or guardian/);
  const mail = await srv.waitForMail((m) => m.to.includes('parent@example.test'));
  const link = mail.links.find((l) => /guardian-consent\?token=/.test(l));
  assert.ok(link, 'the guardian gets a single-use link');
  const g = new Client(srv.url);
  const page = await g.get(srv.local(link));
  assert.equal(page.status, 200, page.describe());
  const ok = await g.submit(srv.local(link), {}, { action: '/guardian-consent' });
  assert.equal(ok.status, 200, ok.describe());
  assert.match(pageText(ok.body), /consent is recorded/);
  const again = await g.submit(srv.local(link), {}, { action: '/guardian-consent' });
  assert.equal(again.status, 404, 'single use');
  const st2 = await c.get(r.location);
  assert.match(pageText(st2.body), /has consented/);
});

test('REF-1: an invitation link is honoured through sign-up: the first month is free', async () => {
  const sponsor = await apiToken(srv, srv.demo.learner.email, srv.demo.learner.password);
  const inv = await sponsor.api('GET', '/api/v1/invitation');
  assert.equal(inv.status, 200, inv.describe());
  const c = await member();
  const land = await c.get(`/invite/${inv.json.code}`);
  assert.equal(land.status, 303);
  const page = await c.get(land.location);
  assert.match(pageText(page.body), /first month of Premium Solo is free/);
  const { review } = await toReview(c, { offer: 'monthly' });
  const text = pageText(review.body);
  assert.match(text, /Invitation\s*your first month is free/);
  assert.match(text, /Total to pay now\s*€0\.00/);
});

/** Subscribes c monthly through the pages and the simulator; returns when paid. */
async function subscribeThroughPages(c) {
  const { review } = await toReview(c);
  const action = review.body.match(/action="(\/premium\/order\/[^"]+\/confirm)"/)[1];
  const conf = await c.submit(review.req.path, {}, { action });
  assert.equal(conf.status, 303, conf.describe(800));
  const back = await payHostedPage(srv, conf.location);
  const ret = new URL(back.location, srv.url);
  const st = await c.follow(await c.get(ret.pathname + ret.search));
  const statusPath = new URL(st.req.path, srv.url).pathname;
  await waitFor(async () => /Payment received/.test((await c.get(statusPath)).body), { what: 'the paid order' });
}

test('SOLO-6: withdrawal is offered before any use and refunds; after a new sign-in it is refused citing art. 6.1', async () => {
  const u = await signupAndVerify(srv);
  const { client: c } = await signIn(srv, u.email, u.password);
  await subscribeThroughPages(c);
  const tab = await c.get('/settings/premium');
  assert.match(pageText(tab.body), /You may withdraw until/);
  const w = await c.submit('/settings/premium', {}, { action: '/settings/premium/withdraw' });
  assert.equal(w.status, 303, w.describe(800));
  const after1 = pageText((await c.get(w.location)).body);
  assert.match(after1, /Withdrawn/);
  assert.match(after1, /You withdrew/);

  const v = await signupAndVerify(srv);
  const first = await signIn(srv, v.email, v.password);
  await subscribeThroughPages(first.client);
  const again = await signIn(srv, v.email, v.password); // SOLO-6: the first sign-in after the order is a use
  const t2 = pageText((await again.client.get('/settings/premium')).body);
  assert.match(t2, /Withdrawal is no longer possible: you have used Premium services since your order \(art\. 6\.1/);
  assert.doesNotMatch(t2, /Withdraw and get a refund/);
  // The action is refused too (the use case decides), with the same reason.
  const csrf = await again.client.csrf('/settings/premium', '/settings/premium/cancel');
  const r = await again.client.post('/settings/premium/withdraw', { csrf });
  assert.equal(r.status, 409, r.describe());
  assert.match(pageText(r.body), /art\. 6\.1/);
});
