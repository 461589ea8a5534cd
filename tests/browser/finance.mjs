// finance in a real browser (issue 4 "Done when": finance can export): a
// finance user opens the finance page from the navigation, sees the year
// as a chart and a table of months (INV-1), downloads the CSV and the FEC
// file from the page (Chromium's download, then the bytes are checked), and
// the page fits a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, newPage, signIn } from '../lib/browser.mjs';
import { billingWorld } from '../lib/billing.mjs';
import { PASSWORD, uniqueEmail } from '../lib/fixtures.mjs';
import { addUser, ROOT } from '../lib/server.mjs';

const OUT = join(ROOT, 'test-results');

let w;
let browser;
let email;
before(async () => {
  mkdirSync(OUT, { recursive: true });
  w = await billingWorld();
  email = uniqueEmail('finance');
  const r = addUser(w.srv.dataDir, { email, role: 'finance', name: 'Fanny Finance', password: PASSWORD, db: w.srv.dbUrl });
  assert.equal(r.status, 0, r.stderr);
  for (const name of ['Zoé Ménard', 'Ada Lovelace']) await w.subscribe(await w.learner({ name }), 'monthly');
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await w?.srv.stop();
});

test('finance: the year at a glance, then the CSV and FEC downloads', async () => {
  const { context, page, problems } = await newPage(browser, { acceptDownloads: true });
  await signIn(page, w.srv, email, PASSWORD);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Finance' }).click();
  await page.waitForURL(/\/finance$/);
  const chart = page.getByRole('img', { name: /Invoiced and credited per month in \d{4}, in euros/ });
  await chart.waitFor();
  assert.ok((await chart.locator('rect.bar').count()) >= 1, 'a bar for the month of the invoices');
  const months = page.getByRole('table', { name: 'Documents in euros by month of issue' });
  assert.match(await months.innerText(), /Year \d{4}\s+2\s+€31\.66\s+€6\.34\s+€38\.00/);
  await page.locator('section[aria-labelledby="h-year"]').screenshot({ path: join(OUT, 'finance-year.png') });

  for (const [link, name, check] of [
    [/\(CSV\)/, /^invoices-\d{4}\.csv$/, (b) => assert.equal(b.toString('utf8').split('\r\n').filter(Boolean).length, 3)],
    [/FEC format/, /^\d{9}FEC\d{4}1231\.txt$/, (b) => assert.ok(b.includes(Buffer.from('Zo\xe9 M\xe9nard', 'latin1')))],
  ]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: link }).click()]);
    assert.match(download.suggestedFilename(), name);
    const file = join(OUT, `finance-${download.suggestedFilename()}`);
    await download.saveAs(file);
    check(readFileSync(file));
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('finance: the page fits a phone', async () => {
  const { context, page, problems } = await newPage(browser, { viewport: { width: 390, height: 844 } });
  await signIn(page, w.srv, email, PASSWORD, '/finance');
  await page.waitForURL(/\/finance$/);
  await page.screenshot({ path: join(OUT, 'finance-390.png'), fullPage: true });
  const overflow = await page.evaluate(() => {
    const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.table-wrap'));
    return { px: document.documentElement.scrollWidth - document.documentElement.clientWidth, wide: wide.slice(0, 3).map((e) => e.outerHTML.slice(0, 80)) };
  });
  assert.ok(overflow.px <= 0, `no sideways scrolling of the page (${overflow.px}px): ${overflow.wide.join(' | ')}`);
  assert.deepEqual(problems, []);
  await context.close();
});
