// The payment simulator's hosted page in a real browser (Debian's Chromium
// through playwright-core): the shopper pays with the keyboard using the
// 3-D Secure test card, completes the challenge and lands back on the
// merchant's return URL; the page works on a phone-sized screen, in French,
// without CSP violations. A screenshot goes to test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../lib/browser.mjs';
import { startCampus, ROOT } from '../lib/server.mjs';
import { firstPaymentBody, simApi } from '../lib/payments.mjs';

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

async function newPage(opts = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', ...opts });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // A form answered 422 (the project's convention for a form with errors) is not a problem.
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 422/.test(m.text())) problems.push(`console: ${m.text()}`); });
  return { context, page, problems };
}

async function startPayment() {
  const body = firstPaymentBody(srv, { returnUrl: `${srv.url}/?from=psp` });
  const r = await simApi(srv, '/v71/payments', body, { key: body.reference });
  assert.equal(r.status, 200, r.describe());
  return { url: r.json.action.url, body };
}

test('3-D Secure card with the keyboard: challenge, Complete, back to the return URL', async () => {
  const { url } = await startPayment();
  const { context, page, problems } = await newPage();
  await page.goto(url);
  await page.getByLabel('Card number').focus();
  await page.keyboard.type('4000 0000 0000 3220');
  await page.keyboard.press('Tab');
  await page.keyboard.type('12/39');
  await page.keyboard.press('Tab');
  await page.keyboard.type('737');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/challenge$/);
  assert.match(await page.locator('h1').innerText(), /3-D Secure/);
  await page.getByRole('button', { name: 'Complete' }).click();
  await page.waitForURL(/from=psp/);
  const back = new URL(page.url());
  assert.equal(back.searchParams.get('resultCode'), 'Authorised');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a wrong number: the error is announced and focusable, the number is not kept', async () => {
  const { url } = await startPayment();
  const { context, page, problems } = await newPage();
  await page.goto(url);
  await page.getByLabel('Card number').fill('4111 1111 1111 1112');
  await page.getByLabel('Expiry date (MM/YY)').fill('12/39');
  await page.getByLabel('Security code (CVC)').fill('737');
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  await page.waitForLoadState();
  assert.equal(await page.getByLabel('Card number').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('Card number').inputValue(), '');
  assert.ok(await page.getByRole('alert').count() > 0, 'an error summary');
  assert.deepEqual(problems, []);
  await context.close();
});

test('phone-sized screen, French: PayPal approve', async () => {
  const { url } = await startPayment();
  const { context, page, problems } = await newPage({ viewport: { width: 375, height: 740 }, locale: 'fr-FR', extraHTTPHeaders: { 'accept-language': 'fr' } });
  await page.goto(url);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no horizontal scroll');
  await page.screenshot({ path: join(OUT, 'payments-sim-fr-mobile.png'), fullPage: true });
  await page.getByRole('button', { name: 'Payer avec PayPal' }).click();
  await page.getByRole('button', { name: 'Approuver' }).click();
  await page.waitForURL(/from=psp/);
  assert.equal(new URL(page.url()).searchParams.get('resultCode'), 'Authorised');
  assert.deepEqual(problems, []);
  await context.close();
});
