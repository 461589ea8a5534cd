// billweb: Premium Solo in a real browser (Debian's Chromium through
// playwright-core), issue 4 "Tests and measures": a new learner signs up,
// subscribes monthly from the Premium entry of the navigation, reviews the
// order (PAY-2), accepts the terms (ACC-1), pays on the simulator's hosted
// page with the 3-D Secure test card and completes the challenge (PAY-3),
// sees the confirmation, finds the invoice in the Premium tab (INV-1),
// opens its PDF (checked with pdftotext: it shows the invoice number),
// unsubscribes (SOLO-3: "cancelling at term") and undoes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { launchBrowser } from '../lib/browser.mjs';
import { startCampus, ROOT } from '../lib/server.mjs';
import { uniqueEmail, birthDate, verificationLink, PASSWORD } from '../lib/fixtures.mjs';

const OUT = join(ROOT, 'test-results');

let srv;
let browser;
before(async () => {
  mkdirSync(OUT, { recursive: true });
  srv = await startCampus();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('subscribe monthly with the 3-D Secure card, see the invoice PDF, unsubscribe, undo', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  // Sign up and verify the email address.
  const email = uniqueEmail('bw');
  await page.goto(`${srv.url}/signup`);
  await page.getByLabel('Full name').fill('Ada Lovelace');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Date of birth').fill(birthDate(30));
  await page.getByLabel('Country').selectOption('FR');
  await page.locator('input[name="accept_terms"]').check();
  await Promise.all([page.waitForURL((u) => u.pathname !== '/signup'), page.locator('form[action="/signup"] button[type="submit"]').click()]);
  const link = await verificationLink(srv, email);
  await page.goto(srv.local(link));
  await page.goto(`${srv.url}/signin`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/signin'), page.locator('form[action="/signin"] button[type="submit"]').click()]);

  // The Premium entry of the navigation -> the offers.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Premium' }).click();
  await page.waitForURL(/\/premium$/);
  assert.match(await page.locator('main').innerText(), /€19\.00/);
  await page.getByRole('radio', { name: /monthly/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(/\/premium\/details/);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(/\/terms$/);
  // ACC-1: not ticked in advance.
  const box = page.getByLabel(/I have read and I accept version \d+ of the terms/);
  assert.equal(await box.isChecked(), false);
  await box.check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(/\/review\?terms=\d+/);
  const review = await page.locator('main').innerText();
  assert.match(review, /Total to pay now\s*€19\.00/);
  assert.match(review, /VAT €3\.17 at 20%/);
  assert.match(review, /Renews on/);
  await page.screenshot({ path: join(OUT, 'billweb-review.png'), fullPage: true });
  await page.getByRole('button', { name: 'Confirm and pay €19.00' }).click();

  // PAY-3: the hosted payment page, the 3-D Secure card and its challenge.
  await page.waitForURL(/\/sim\/pay\//);
  await page.getByLabel('Card number').fill('4000 0000 0000 3220');
  await page.getByLabel('Expiry date (MM/YY)').fill('12/39');
  await page.getByLabel('Security code (CVC)').fill('737');
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  await page.waitForURL(/\/challenge$/);
  assert.match(await page.locator('h1').innerText(), /3-D Secure/);
  await page.getByRole('button', { name: 'Complete' }).click();

  // Back on campus: the order's page, paid (it refreshes while pending).
  await page.waitForURL(/\/premium\/order\/[^/]+$/);
  await page.getByText('Payment received.').waitFor({ timeout: 20000 });
  await page.getByRole('link', { name: 'See my subscription' }).click();
  await page.waitForURL(/\/settings\/premium$/);
  const tab = await page.locator('main').innerText();
  assert.match(tab, /Active/);
  assert.match(tab, /Next payment\s*€19\.00 on/);

  // INV-1: the invoice and its PDF.
  const pdfLink = page.locator('a[href^="/api/v1/invoices/"][href$="/pdf"]').first();
  const href = await pdfLink.getAttribute('href');
  const number = decodeURIComponent(href.split('/')[4]);
  assert.match(tab, new RegExp(number));
  const res = await context.request.get(`${srv.url}${href}`);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-type'], /application\/pdf/);
  const file = join(OUT, `billweb-${number}.pdf`);
  writeFileSync(file, await res.body());
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  assert.ok(text.includes(number), `the PDF shows ${number}: ${text.slice(0, 300)}`);

  // SOLO-3: unsubscribe, see "cancelling at term", undo.
  await page.getByRole('button', { name: 'Unsubscribe' }).click();
  await page.waitForURL(/done=cancel/);
  assert.match(await page.locator('main').innerText(), /Cancelling at term/);
  await page.screenshot({ path: join(OUT, 'billweb-cancelling.png'), fullPage: true });
  await page.getByRole('button', { name: 'Keep my subscription' }).click();
  await page.waitForURL(/done=undo/);
  const back = await page.locator('main').innerText();
  assert.match(back, /Active/);
  assert.doesNotMatch(back, /Cancelling at term/);
  assert.deepEqual(errors, []);
  await context.close();
});
