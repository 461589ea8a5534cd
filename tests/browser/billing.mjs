// Premium Solo in a real browser (issue 4, "Tests and measures"): sign up,
// become Premium Solo monthly from the Premium tab, review (PAY-2), accept
// the terms (ACC-1), pay on the simulator's hosted page with the 3-D
// Secure card, see the invoice PDF (INV-1), unsubscribe and undo (SOLO-3).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startCampus } from '../lib/server.mjs';
import { signupAndVerify, PASSWORD } from '../lib/fixtures.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let srv;
let browser;
before(async () => {
  srv = await startCampus();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60000 });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('subscribe monthly with the 3-D Secure card, open the invoice PDF, unsubscribe, undo', async () => {
  const f = await signupAndVerify(srv);
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${srv.url}/signin`);
  await page.fill('input[name="email"]', f.email);
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/signin')), page.locator('form[action$="/signin"] [type="submit"]').first().click()]);
  await page.goto(`${srv.url}/settings/premium`);
  assert.equal(new URL(page.url()).pathname, '/settings/premium');
  await page.getByLabel(/monthly/).check();
  await page.getByRole('button', { name: 'Continue to the review' }).click();
  await page.waitForURL(/\/settings\/premium\/review\//);
  assert.match(await page.textContent('main'), /Total to pay now/);
  assert.equal(await page.getByLabel(/I have read and accept/).isChecked(), false, 'ACC-1: unticked');
  await page.getByLabel(/I have read and accept/).check();
  await page.getByRole('button', { name: 'Confirm and pay' }).click();
  await page.waitForURL(/\/sim\/pay\//);
  await page.getByLabel('Card number').fill('4000 0000 0000 3220');
  await page.getByLabel('Expiry date (MM/YY)').fill('12/39');
  await page.getByLabel('Security code (CVC)').fill('737');
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  await page.waitForURL(/\/challenge$/);
  await page.getByRole('button', { name: 'Complete' }).click();
  await page.waitForLoadState('load');
  // The authorisation arrives as a notification: reload until the tab shows it.
  for (let i = 0; i < 40; i++) {
    await page.goto(`${srv.url}/settings/premium`);
    if (await page.getByRole('button', { name: 'Unsubscribe' }).count()) break;
    await page.waitForTimeout(250);
  }
  await page.getByRole('button', { name: 'Unsubscribe' }).waitFor();
  const href = await page.locator('a[href$="/pdf"]').first().getAttribute('href');
  const pdf = await page.request.get(`${srv.url}${href}`);
  assert.equal(pdf.status(), 200);
  assert.match(pdf.headers()['content-type'], /application\/pdf/);
  await page.getByRole('button', { name: 'Unsubscribe' }).click();
  await page.getByRole('button', { name: 'Keep my subscription' }).waitFor();
  await page.getByRole('button', { name: 'Keep my subscription' }).click();
  await page.getByRole('button', { name: 'Unsubscribe' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
