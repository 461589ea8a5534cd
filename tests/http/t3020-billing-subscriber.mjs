// The subscriber's and staff's actions on a Premium Solo subscription:
// SOLO-3 cancel at term and undo, SOLO-6 withdrawal before and after the
// first use, SOLO-4 the annual reminder, SOLO-5 force majeure, staff
// refunds with credit notes (INV-1), ACC-3 guardian consent, finance
// exports (CSV, FEC), INV-1 immutability of the numbering.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { billingWorld, plusDays, plusMonths } from '../lib/billing.mjs';
import { Client } from '../lib/client.mjs';
import { PASSWORD, signIn, birthDate, tokenOf, assertProblem } from '../lib/fixtures.mjs';

let w;
before(async () => { w = await billingWorld(); await w.moveTo(new Date(Date.now() + 60_000)); });
after(async () => { await w?.srv.stop(); });

const mailTo = (api, re) => w.srv.waitForMail((m) => m.to.toLowerCase().includes(api.email) && re.test(m.subject));

test('SOLO-3: cancel at term keeps access until the period ends, no further charge; undo before then', async () => {
  const api = await w.learner();
  const { sub } = await w.subscribe(api, 'monthly');
  let r = await api.api('POST', '/api/v1/subscription/cancel', {});
  assert.equal(r.status, 200, r.describe());
  assert.equal(r.json.cancel_at_term, true);
  assert.equal(r.json.state, 'cancelling');
  assert.equal(r.json.premium, true, 'access until the period ends');
  await mailTo(api, /ends at term/);
  assertProblem(await api.api('POST', '/api/v1/subscription/cancel', {}), 409);
  r = await api.api('POST', '/api/v1/subscription/undo-cancel', {});
  assert.equal(r.status, 200, r.describe());
  assert.equal(r.json.state, 'active');
  r = await api.api('POST', '/api/v1/subscription/cancel', {});
  assert.equal(r.status, 200, r.describe());
  await w.moveTo(plusDays(new Date(sub.period_end), 1));
  const s = await w.sub(api);
  assert.equal(s.state, 'terminated');
  assert.equal(s.end_reason, 'at_term');
  assert.equal(s.premium, false);
  assert.equal((await w.invoices(api)).length, 1, 'no further invoice');
  assert.equal((await w.transactions(api)).filter((t) => t.kind === 'charge').length, 1, 'no further charge');
  assertProblem(await api.api('POST', '/api/v1/subscription/undo-cancel', {}), 409);
});

test('SOLO-6: withdrawal before any use: withdrawn, full refund, credit note referring to the invoice', async () => {
  const api = await w.learner();
  await w.subscribe(api, 'monthly');
  const r = await api.api('POST', '/api/v1/subscription/withdraw', {});
  assert.equal(r.status, 200, r.describe());
  assert.equal(r.json.state, 'withdrawn');
  assert.equal(r.json.premium, false);
  const list = await waitInvoices(api, 2);
  const cn = list.find((i) => i.kind === 'credit_note');
  assert.ok(cn, 'INV-1: a credit note');
  assert.match(cn.number, /^AV-\d{4}-\d{6}$/);
  assert.equal(cn.gross, -1900);
  const tx = await w.transactions(api);
  assert.ok(tx.some((t) => t.kind === 'refund' && t.amount === -1900 && t.status === 'succeeded'));
  const pdf = await api.request('GET', `/api/v1/invoices/${cn.number}/pdf`);
  assert.equal(pdf.status, 200);
});

async function waitInvoices(api, n) {
  for (let i = 0; i < 80; i++) {
    const list = await w.invoices(api);
    if (list.length >= n) return list;
    await new Promise((res) => setTimeout(res, 100));
  }
  return w.invoices(api);
}

test('SOLO-6: after the first sign-in following the order, withdrawal is refused citing art. 6.1', async () => {
  const api = await w.learner();
  await w.subscribe(api, 'monthly');
  await signIn(w.srv, api.email, PASSWORD);
  const r = await api.api('POST', '/api/v1/subscription/withdraw', {});
  const p = assertProblem(r, 409);
  assert.match(p.detail, /art\. 6\.1/);
  assert.equal((await w.sub(api)).state, 'active', 'nothing changed');
});

test('SOLO-4: one month before an annual period ends, one reminder, in the subscriber language', async () => {
  const api = await w.learner({ lang: 'fr' });
  const { sub } = await w.subscribe(api, 'annual');
  const end = new Date(sub.period_end);
  await w.moveTo(plusMonths(end, -1));
  await w.moveTo(plusDays(plusMonths(end, -1), 2));
  const mails = () => w.srv.mailsTo(api.email).filter((m) => /renouvelé dans un mois/.test(m.subject));
  await mailTo(api, /renouvelé dans un mois/);
  assert.equal(mails().length, 1, 'once per period');
  await w.moveTo(plusDays(end, 1));
  const s = await w.sub(api);
  assert.equal(s.period, 1, 'renewed for a year (SOLO-2)');
  assert.equal((await w.invoices(api)).length, 2);
});

test('SOLO-5: staff terminate at once with a recorded reason; nothing further is charged', async () => {
  const api = await w.learner();
  const { sub } = await w.subscribe(api, 'monthly');
  const staff = w.admin;
  assertProblem(await staff.api('POST', `/api/v1/subscriptions/${sub.id}/terminate`, {}), 422);
  assertProblem(await api.api('POST', `/api/v1/subscriptions/${sub.id}/terminate`, { reason: 'x' }), 403);
  const r = await staff.api('POST', `/api/v1/subscriptions/${sub.id}/terminate`, { reason: 'Hospitalised for months' });
  assert.equal(r.status, 200, r.describe());
  assert.equal(r.json.state, 'terminated');
  assert.equal(r.json.end_reason, 'force_majeure');
  assert.equal(r.json.reason, 'Hospitalised for months');
  await w.moveTo(plusDays(new Date(sub.period_end), 2));
  assert.equal((await w.invoices(api)).length, 1, 'no renewal');
  const audit = await staff.api('GET', `/api/v1/audit?subject_type=subscription&subject_id=${sub.id}`);
  assert.ok(JSON.stringify(audit.json).includes('Hospitalised'), 'DATA-1: the reason is in the audit log');
});

test('staff refund: credit note and refund transaction', async () => {
  const api = await w.learner();
  const { sub } = await w.subscribe(api, 'monthly');
  const r = await w.admin.api('POST', `/api/v1/subscriptions/${sub.id}/refund`, { reason: 'goodwill' });
  assert.equal(r.status, 202, r.describe());
  const list = await waitInvoices(api, 2);
  assert.ok(list.some((i) => i.kind === 'credit_note' && i.gross === -1900));
  assertProblem(await w.admin.api('POST', `/api/v1/subscriptions/${sub.id}/refund`, { reason: 'again' }), 409);
});

test('ACC-3: a minor waits for the guardian consent link, then pays', async () => {
  const api = await w.learner({ birth_date: birthDate(16) });
  const start = await w.checkout(api, 'monthly');
  assert.equal(start.status, 201, start.describe());
  const id = start.json.id;
  assertProblem(await api.api('POST', `/api/v1/checkout/${id}/confirm`, { accept_terms: true, terms_version: w.terms }), 422);
  const guardian = `parent-${Date.now()}@example.test`;
  let r = await api.api('POST', `/api/v1/checkout/${id}/confirm`, { accept_terms: true, terms_version: w.terms, guardian_email: guardian });
  assert.equal(r.status, 202, r.describe());
  assert.equal(r.json.state, 'awaiting_guardian');
  assertProblem(await api.api('POST', `/api/v1/checkout/${id}/confirm`, { accept_terms: true, terms_version: w.terms, guardian_email: guardian }), 409);
  const m = await w.srv.waitForMail((x) => x.to.toLowerCase().includes(guardian));
  const link = m.links.find((l) => /guardian-consent\?token=/.test(l));
  assert.ok(link);
  // The emailed link opens a page with a button: opening it consents to nothing.
  const page = new Client(w.srv.url);
  const g = await page.get(w.srv.local(link));
  assert.equal(g.status, 200, g.describe());
  assert.match(g.body, /I consent/);
  r = await page.submit(w.srv.local(link), { token: tokenOf(link) }, { action: '/guardian-consent' });
  assert.equal(r.status, 200, r.describe());
  assert.match(r.body, /Consent recorded/);
  assertProblem(await w.admin.api('POST', '/api/v1/guardian-consents', { token: tokenOf(link) }), 404);
  r = await api.api('POST', `/api/v1/checkout/${id}/confirm`, { accept_terms: true, terms_version: w.terms });
  assert.equal(r.status, 202, r.describe());
  await w.payOnPage(r.json.redirect_url);
  await w.subWhen(api, (s) => s.state === 'active');
});

test('ACC-1: no order without accepting the current terms', async () => {
  const api = await w.learner();
  const start = await w.checkout(api, 'monthly');
  assertProblem(await api.api('POST', `/api/v1/checkout/${start.json.id}/confirm`, { accept_terms: false, terms_version: w.terms }), 422);
  assertProblem(await api.api('POST', `/api/v1/checkout/${start.json.id}/confirm`, { accept_terms: true, terms_version: 999 }), 422);
  assertProblem(await api.api('POST', '/api/v1/checkout', { offer: 'weekly' }), 422);
  const other = await w.learner();
  assertProblem(await other.api('GET', `/api/v1/checkout/${start.json.id}`), 404);
});

test('finance: CSV and FEC exports list the invoices; learners may not', async () => {
  const api = await w.learner();
  await w.subscribe(api, 'monthly');
  const fin = w.admin;
  const year = new Date((await fin.api('POST', '/api/v1/test-clock', { now: new Date(Date.now() + 400 * 86400_000 * 3).toISOString() })).json.now).getUTCFullYear();
  const all = [];
  for (const y of [year - 3, year - 2, year - 1, year]) {
    const csv = await fin.request('GET', `/api/v1/finance/invoices.csv?year=${y}`);
    assert.equal(csv.status, 200, csv.describe());
    assert.match(csv.body, /^number,date,customer,email,net,vat,total,currency,status\r\n/);
    all.push(csv.body);
  }
  assert.ok(all.join('').includes(api.email));
  const fec = await fin.request('GET', `/api/v1/finance/fec?year=${year - 3}`);
  assert.equal(fec.status, 200, fec.describe());
  assert.match(fec.body, /^JournalCode\tJournalLib\tEcritureNum/);
  assertProblem(await api.api('GET', '/api/v1/finance/invoices.csv'), 403);
  // A year that is not one is refused by both exports, with the same problem.
  for (const p of ['/api/v1/finance/invoices.csv?year=abc', '/api/v1/finance/fec?year=1999']) {
    const r = await fin.api('GET', p);
    assertProblem(r, 400);
    assert.equal(r.json.detail, 'year is a year from 2000 to 9999, such as 2026.');
  }
});
