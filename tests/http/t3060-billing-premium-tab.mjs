// The Premium tab with plain HTML forms (issue 4 §3, §5): become Premium
// Solo → choose monthly → review (PAY-2, with a way back) → accept the
// terms (ACC-1, unticked by default) → the simulator's hosted page (PAY-3)
// → the tab shows the plan, the next payment, the invoice (INV-1);
// unsubscribe and undo (SOLO-3). French too (ACC-4).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { billingWorld } from '../lib/billing.mjs';
import { signupAndVerify, signIn, PASSWORD } from '../lib/fixtures.mjs';
import { findForm, labelTargets } from '../lib/html.mjs';
import { waitFor } from '../lib/payments.mjs';

let w;
before(async () => { w = await billingWorld(); await w.moveTo(new Date(Date.now() + 60_000)); });
after(async () => { await w?.srv.stop(); });

test('PAY-2 ACC-1 SOLO-3 INV-1: subscribe, see the invoice, unsubscribe and undo in the Premium tab', async () => {
  const f = await signupAndVerify(w.srv);
  const { client: c } = await signIn(w.srv, f.email, PASSWORD);
  let r = await c.get('/settings/premium');
  assert.equal(r.status, 200, r.describe());
  assert.match(r.body, /Become Premium Solo/);
  const labels = labelTargets(r.body);
  const form = findForm(r.body, '/settings/premium/checkout');
  for (const x of form.fields.filter((y) => y.type === 'radio' || y.name === 'promo_code')) assert.ok(labels.has(x.id), `${x.name} is labelled`);
  r = await c.submit('/settings/premium', { offer: 'monthly' }, { action: '/settings/premium/checkout' });
  assert.equal(r.status, 303, r.describe());
  const review = r.location;
  r = await c.get(review);
  assert.equal(r.status, 200, r.describe());
  assert.match(r.body, /Total to pay now/);
  assert.match(r.body, /19\.00/);
  assert.match(r.body, /href="\/settings\/premium"/, 'PAY-2: a way back');
  assert.doesNotMatch(r.body, /name="accept_terms"[^>]*checked/, 'ACC-1: unticked by default');
  r = await c.submit(review, {});
  assert.equal(r.status, 422, 'ACC-1: refused without the box');
  r = await c.submit(review, { accept_terms: 'on' });
  assert.equal(r.status, 303, r.describe());
  assert.match(r.location, /\/sim\/pay\//);
  await w.payOnPage(r.location);
  const tab = await waitFor(async () => { const x = await c.get('/settings/premium'); return /Unsubscribe/.test(x.body) && /\d{4}-\d{6}/.test(x.body) && x; }, { what: 'the subscribed tab' });
  assert.match(tab.body, /Next payment/);
  assert.match(tab.body, /\/api\/v1\/invoices\/\d{4}-\d{6}\/pdf/);
  const pdfLink = /\/api\/v1\/invoices\/(\d{4}-\d{6})\/pdf/.exec(tab.body)[0];
  const pdf = await c.get(pdfLink);
  assert.equal(pdf.status, 200);
  assert.match(pdf.contentType, /pdf/);
  r = await c.submit('/settings/premium', {}, { action: '/settings/premium/cancel' });
  assert.equal(r.status, 303, r.describe());
  r = await c.get('/settings/premium');
  assert.match(r.body, /Keep my subscription/);
  assert.match(r.body, /Ends on/);
  r = await c.submit('/settings/premium', {}, { action: '/settings/premium/undo-cancel' });
  assert.equal(r.status, 303, r.describe());
  r = await c.get('/settings/premium');
  assert.match(r.body, /Unsubscribe/);
  // SOLO-6: no sign-in nor Premium use since the order: withdrawal allowed.
  r = await c.submit('/settings/premium', {}, { action: '/settings/premium/withdraw' });
  assert.equal(r.status, 303, r.describe());
  r = await c.get('/settings/premium');
  assert.match(r.body, /Become Premium Solo/);
  assert.match(r.body, /AV-\d{4}-\d{6}|Invoices/);
});

test('ACC-4: the tab in French', async () => {
  const f = await signupAndVerify(w.srv, { lang: 'fr' });
  const { client: c } = await signIn(w.srv, f.email, PASSWORD);
  const r = await c.get('/settings/premium');
  assert.equal(r.status, 200);
  assert.match(r.body, /Devenir Premium Solo/);
  assert.match(r.body, /19,00/);
});
