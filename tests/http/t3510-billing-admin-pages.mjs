// billweb: the admin, staff and finance pages of Premium Solo (issue 4 §2,
// §5, §6): role checks on every page and action, offers and prices with
// the notice rule (SOLO-1, PAY-1), promo codes with their limits and
// redemptions (PROMO-1), a subscriber's timeline from the audit log,
// force-majeure termination with a recorded reason (SOLO-5), refunds with
// a credit note (INV-1), and the finance exports (CSV, FEC).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus, addUser } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { pageText } from '../lib/html.mjs';
import { signIn, apiToken, apiSignupBody, currentTermsVersion, verificationLink, tokenOf, uniqueEmail, PASSWORD } from '../lib/fixtures.mjs';
import { waitFor } from '../lib/payments.mjs';

let srv, admin, staff, learner, finance, terms, sub, clock, femail;

before(async () => {
  srv = await startCampus({ clock: 'manual' });
  const adminApi = await apiToken(srv, srv.demo.admin.email, srv.demo.admin.password);
  const clk = await adminApi.api('POST', '/api/v1/test-clock', { now: new Date(Date.now() + 60_000).toISOString() });
  assert.equal(clk.status, 200, clk.describe());
  clock = { api: adminApi, now: new Date(clk.json.now) };
  terms = await currentTermsVersion(srv.url);
  admin = (await signIn(srv, srv.demo.admin.email, srv.demo.admin.password)).client;
  staff = (await signIn(srv, srv.demo.staff.email, srv.demo.staff.password)).client;
  learner = (await signIn(srv, srv.demo.learner.email, srv.demo.learner.password)).client;
  femail = uniqueEmail('finance');
  const r = addUser(srv.dataDir, { email: femail, role: 'finance', name: 'Fin Ance', password: PASSWORD, db: srv.dbUrl });
  assert.equal(r.status, 0, String(r.stderr));
  finance = (await signIn(srv, femail, PASSWORD)).client;
  sub = await paidSubscriber();
});
after(async () => { await srv?.stop(); });

/** A subscriber who paid a monthly subscription, through the JSON API. */
async function paidSubscriber() {
  const body = apiSignupBody(terms, { name: 'Paid Person' });
  const c = new Client(srv.url);
  assert.equal((await c.api('POST', '/api/v1/accounts', body)).status, 201);
  const link = await verificationLink(srv, body.email);
  assert.equal((await c.api('POST', '/api/v1/email-verifications', { token: tokenOf(link) })).status, 200);
  const api = await apiToken(srv, body.email, body.password);
  const start = await api.api('POST', '/api/v1/checkout', { offer: 'monthly' });
  assert.equal(start.status, 201, start.describe());
  const conf = await api.api('POST', `/api/v1/checkout/${start.json.id}/confirm`, { accept_terms: true, terms_version: terms });
  assert.equal(conf.status, 202, conf.describe());
  const u = new URL(conf.json.redirect_url);
  const p = new Client(srv.url);
  await p.get(u.pathname);
  const paid = await p.post(u.pathname, { number: '4111 1111 1111 1111', expiry: '12/39', cvc: '737' });
  assert.equal(paid.status, 303, paid.describe());
  const s = await waitFor(async () => { const x = await api.api('GET', '/api/v1/subscription'); return x.status === 200 && x.json.state === 'active' && x.json; }, { what: 'active' });
  return { email: body.email, api, id: s.id };
}

test('roles: each page refuses the wrong role (403) and visitors go to sign-in', async () => {
  const pages = [['/admin/offers', [admin]], ['/admin/promo-codes', [admin]], ['/staff/subscribers', [admin, staff, finance]], ['/finance', [admin, finance]]];
  for (const [path, allowed] of pages) {
    const anon = await new Client(srv.url).get(path);
    assert.equal(anon.status, 303, `${path} anonymous`);
    for (const c of [admin, staff, learner, finance]) {
      const r = await c.get(path);
      assert.equal(r.status, allowed.includes(c) ? 200 : 403, `${path}: ${r.describe()}`);
    }
  }
  // The actions too, even with a valid CSRF token of the learner's session.
  const csrf = await learner.csrf('/settings', '/settings/profile');
  for (const path of ['/admin/prices', '/admin/promo-codes', `/staff/subscribers/${sub.id}/terminate`, `/staff/subscribers/${sub.id}/refund`]) {
    const r = await learner.post(path, { csrf, reason: 'x', offer: 'monthly', currency: 'EUR', amount: '1.00' });
    assert.equal(r.status, 403, `${path}: ${r.describe()}`);
  }
  // Finance may not terminate (SOLO-5 is staff's).
  const fc = await finance.csrf(`/staff/subscribers/${sub.id}`, `/staff/subscribers/${sub.id}/refund`);
  const t = await finance.post(`/staff/subscribers/${sub.id}/terminate`, { csrf: fc, reason: 'no' });
  assert.equal(t.status, 403);
});

test('CSRF: admin forms refuse a POST without the token', async () => {
  const r = await admin.post('/admin/prices', { offer: 'monthly', currency: 'EUR', amount: '20.00' });
  assert.equal(r.status, 403, r.describe());
});

test('SOLO-1 PAY-1: /admin/offers lists prices per currency; a bad price is refused; a new price says the notice rule', async () => {
  const page = await admin.get('/admin/offers');
  const text = pageText(page.body);
  for (const s of ['€19.00', '€190.00', 'CHF', '£']) assert.ok(text.includes(s), s);
  assert.match(text, /at least \d+ days from now/, 'the notice rule for existing subscribers');
  const bad = await admin.submit('/admin/offers', { offer: 'monthly', currency: 'EUR', amount: 'lots' }, { action: '/admin/prices' });
  assert.equal(bad.status, 422);
  assert.match(pageText(bad.body), /an amount such as 19\.00/);
  const cur = await admin.submit('/admin/offers', { offer: 'monthly', currency: 'EURO', amount: '21.00' }, { action: '/admin/prices' });
  assert.equal(cur.status, 422, cur.describe());
  assert.match(pageText(cur.body), /currency: three capital letters/);
  const ok = await admin.submit('/admin/offers', { offer: 'annual', currency: 'gbp', amount: '175,50' }, { action: '/admin/prices' });
  assert.equal(ok.status, 303, ok.describe(800));
  const after1 = await admin.get('/admin/offers');
  assert.match(pageText(after1.body), /£175\.50/);
});

test('SOLO-1 PAY-2: a price scheduled for a later day applies to new orders from that day only', async () => {
  const day = new Date(clock.now.getTime() + 10 * 86400_000).toISOString().slice(0, 10);
  const bad = await admin.submit('/admin/offers', { offer: 'monthly', currency: 'EUR', amount: '25.00', effective: 'tomorrow' }, { action: '/admin/prices' });
  assert.equal(bad.status, 422);
  const far = await admin.submit('/admin/offers', { offer: 'monthly', currency: 'EUR', amount: '25.00', effective: '2099-01-01' }, { action: '/admin/prices' });
  assert.equal(far.status, 422);
  assert.match(pageText(far.body), /at most a year ahead/);
  const ok = await admin.submit('/admin/offers', { offer: 'monthly', currency: 'EUR', amount: '25.00', effective: day }, { action: '/admin/prices' });
  assert.equal(ok.status, 303, ok.describe(800));
  const list = pageText((await admin.get('/admin/offers')).body);
  assert.match(list, /€25\.00\s*\S.* \(planned\)/);
  const offers = pageText((await new Client(srv.url).get('/premium')).body);
  assert.match(offers, /€19\.00/, 'new orders pay the current price until the day');
  assert.doesNotMatch(offers, /€25\.00/);
  const api = await apiToken(srv, srv.demo.admin.email, srv.demo.admin.password);
  const audit = await api.api('GET', '/api/v1/audit?limit=20');
  if (audit.status === 200) assert.match(audit.body, /effective_at/);
});

test('PROMO-1: create a promo code with window, offers, percent, periods and a limit; errors are said', async () => {
  const code = `SPRING${Date.now() % 100000}`;
  const bad = await admin.submit('/admin/promo-codes', { code: 'no spaces', starts: '2026-01-01', ends: '2026-12-31', kind: 'percent', percent: '20', periods: '1' }, { action: '/admin/promo-codes' });
  assert.equal(bad.status, 422, bad.describe());
  assert.match(pageText(bad.body), /letters, digits, - and _ only/);
  assert.match(bad.body, /value="no spaces"/, 'the form keeps what was typed');
  const dates = await admin.submit('/admin/promo-codes', { code, starts: 'soon', ends: '2026-12-31', kind: 'percent', percent: '20', periods: '1' }, { action: '/admin/promo-codes' });
  assert.equal(dates.status, 422);
  const ok = await admin.submit('/admin/promo-codes', { code, starts: '2026-01-01', ends: '2030-12-31', kind: 'percent', percent: '20', periods: '3', max_redemptions: '50', offer_annual: undefined }, { action: '/admin/promo-codes' });
  assert.equal(ok.status, 303, ok.describe(800));
  const list = await admin.get('/admin/promo-codes');
  const text = pageText(list.body);
  assert.match(text, new RegExp(`${code}\\s*1 January 2026 to 31 December 2030\\s*20%\\s*3\\s*monthly\\s*0 / 50`));
  const api = await apiToken(srv, srv.demo.admin.email, srv.demo.admin.password);
  const j = await api.api('GET', '/api/v1/admin/promo-codes');
  const p = j.json.promo_codes.find((x) => x.code === code);
  assert.equal(p.percent_bp, 2000);
  assert.equal(p.max_redemptions, 50);
});

test("staff: search by email, the subscriber's timeline, SOLO-5 termination needs a reason, refund gives a credit note", async () => {
  const found = await staff.get(`/staff/subscribers?email=${encodeURIComponent(sub.email.toUpperCase())}`);
  assert.equal(found.status, 200);
  assert.ok(found.body.includes(`href="/staff/subscribers/${sub.id}"`), found.describe(1500));
  const none = await staff.get('/staff/subscribers?email=nobody%40example.test');
  assert.match(pageText(none.body), /No subscription|Aucun abonnement/); // the demo staff reads French
  const tl = await staff.get(`/staff/subscribers/${sub.id}`);
  const text = pageText(tl.body);
  assert.match(text, /Paid Person/);
  assert.match(text, /billing\.order\.start/, 'the order from the audit log');
  assert.match(text, /(Invoice|Facture)\s*\d{4}-\d+ · (€19\.00|19,00\s€)/, 'the invoice'); // the demo staff reads French
  const noReason = await staff.submit(`/staff/subscribers/${sub.id}`, { reason: '' }, { action: `/staff/subscribers/${sub.id}/terminate` });
  assert.equal(noReason.status, 422, noReason.describe());
  assert.match(pageText(noReason.body), /reason/);
  // The refund is of the latest payment: a renewal, one month later.
  const moved = await clock.api.api('POST', '/api/v1/test-clock', { now: new Date(clock.now.getTime() + 32 * 86400_000).toISOString() });
  assert.equal(moved.status, 200, moved.describe());
  await waitFor(async () => (await sub.api.api('GET', '/api/v1/invoices')).json.invoices.length === 2, { what: 'the renewal invoice' });
  // Browser sessions do not last a month: sign in again.
  finance = (await signIn(srv, femail, PASSWORD)).client;
  staff = (await signIn(srv, srv.demo.staff.email, srv.demo.staff.password)).client;
  const rf = await finance.submit(`/staff/subscribers/${sub.id}`, { reason: 'goodwill' }, { action: `/staff/subscribers/${sub.id}/refund` });
  assert.equal(rf.status, 303, pageText(rf.body).slice(0, 1500));
  await waitFor(async () => {
    const inv = await sub.api.api('GET', '/api/v1/invoices');
    return inv.json.invoices.some((i) => i.kind === 'credit_note');
  }, { what: 'the credit note' });
  const term = await staff.submit(`/staff/subscribers/${sub.id}`, { reason: 'hospitalised for months' }, { action: `/staff/subscribers/${sub.id}/terminate` });
  assert.equal(term.status, 303, term.describe(800));
  const after1 = await staff.get(term.location);
  assert.match(pageText(after1.body), /Terminated|Résilié/);
  assert.match(pageText(after1.body), /hospitalised for months/, 'SOLO-5: the reason is recorded');
  const s = await sub.api.api('GET', '/api/v1/subscription');
  assert.equal(s.json.state, 'terminated');
  // The subscriber's Premium tab says it plainly.
  const tab = await sub.api.get('/settings/premium');
  assert.ok(tab.status === 200 || tab.status === 303);
});

test('finance: the year of invoices and credit notes, CSV and FEC downloads', async () => {
  const page = await finance.get('/finance');
  assert.equal(page.status, 200);
  const text = pageText(page.body);
  assert.match(text, /Credit note/);
  const csv = page.body.match(/href="(\/api\/v1\/finance\/invoices\.csv\?year=\d+)"/);
  const fec = page.body.match(/href="(\/api\/v1\/finance\/fec\?year=\d+)"/);
  assert.ok(csv && fec);
  const c = await finance.get(csv[1]);
  assert.equal(c.status, 200, c.describe());
  assert.match(c.headers.get('content-type'), /text\/csv/);
  const f = await finance.get(fec[1]);
  assert.equal(f.status, 200, f.describe());
  assert.match(f.headers.get('content-disposition'), /FEC/);
  assert.equal((await finance.get('/finance?year=abc')).status, 400);
});
