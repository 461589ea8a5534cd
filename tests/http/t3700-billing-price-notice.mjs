// PAY-2 ("Nothing is charged beyond the confirmed price without a new
// explicit consent"), issue 4 §2: a new price reaches existing subscribers
// only after notice: each is emailed the new price and the date of the
// first renewal at it, the Premium tab shows it, the renewal before that
// date is charged the old price and the one after it the new price.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { billingWorld, plusDays, plusMonths } from '../lib/billing.mjs';
import { PASSWORD, signIn } from '../lib/fixtures.mjs';

let w;
after(async () => { await w?.srv.stop(); });

test('PAY-2: a price change is emailed to subscribers and applies only from the first renewal after the notice', async () => {
  w = await billingWorld();
  await w.moveTo(new Date(Date.now() + 60_000));
  const api = await w.learner({ lang: 'fr' });
  const { sub } = await w.subscribe(api, 'monthly');
  assert.equal(sub.price, 1900);
  const start = new Date(sub.started_at);
  // Two days later (so that the 30 days of notice end after the first renewal).
  await w.moveTo(plusDays(start, 2));
  const set = await w.admin.api('POST', '/api/v1/admin/prices', { offer: 'monthly', currency: 'EUR', amount: 2300 });
  assert.equal(set.status, 201, set.describe());
  assert.ok(set.json.subscribers_noticed >= 1, set.describe());
  const mail = await w.srv.waitForMail((m) => m.to.toLowerCase().includes(api.email) && /nouveau prix/i.test(m.subject));
  assert.match(mail.text, /19\.00 EUR/, 'the old price');
  assert.match(mail.text, /23\.00 EUR/, 'the new price');
  const renewal2 = plusMonths(start, 2);
  const s1 = await w.sub(api);
  assert.equal(s1.next_price.amount, 2300);
  assert.ok(new Date(s1.next_price.from) >= plusDays(start, 31), 'not before the notice');
  // The Premium tab shows the change and its date.
  const { client } = await signIn(w.srv, api.email, PASSWORD);
  const tab = await client.get('/settings/premium');
  assert.equal(tab.status, 200, tab.describe());
  assert.match(tab.text, /23[.,]00/, 'the new price on the Premium tab');
  // The date in the email and on the tab is the day of the second renewal,
  // in the platform's zone (the UTC day differs in the last hour(s) of a
  // Paris day).
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', day: 'numeric' }).format(renewal2);
  assert.match(mail.text, new RegExp(`\\b${day}\\b`), 'the date of the first renewal at the new price');
  // First renewal: before the notice ends, the old price.
  await w.moveTo(new Date(plusMonths(start, 1).getTime() + 3600_000));
  await w.subWhen(api, (s) => s.period === 1, 'the first renewal');
  let inv = await w.invoices(api);
  assert.equal(inv.find((i) => i.period === 1 && i.kind !== 'credit_note').gross, 1900, 'PAY-2: old price before the notice date');
  // Second renewal: after it, the new price.
  await w.moveTo(new Date(renewal2.getTime() + 3600_000));
  await w.subWhen(api, (s) => s.period === 2, 'the second renewal');
  inv = await w.invoices(api);
  assert.equal(inv.find((i) => i.period === 2 && i.kind !== 'credit_note').gross, 2300, 'PAY-2: new price from the date given');
  const s2 = await w.sub(api);
  assert.equal(s2.price, 2300);
});
