// The catalogue in a real browser (Debian's Chromium through playwright-core):
// search and filter with the keyboard (no JavaScript needed), open a course,
// its images load, the licence link is there (CRS-3); the grid fits a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startCampus, ROOT } from '../lib/server.mjs';
import { campusCli, FIXTURES } from '../lib/courses.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const OUT = join(ROOT, 'test-results');

let srv;
let browser;
before(async () => {
  mkdirSync(OUT, { recursive: true });
  srv = await startCampus();
  const r = campusCli(srv, ['course', 'import', join(FIXTURES, 'kitchen-basics'), join(FIXTURES, 'semis-au-jardin')]);
  assert.equal(r.status, 0, r.stderr);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60000 });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function newPage(viewport, javaScriptEnabled = true) {
  const context = await browser.newContext({ viewport, locale: 'en-GB', javaScriptEnabled });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = [];
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') problems.push(`${r.status()} ${r.url()}`);
  });
  return { context, page, problems };
}

test('search and filter with the keyboard, without JavaScript, then open a course', async () => {
  const { context, page, problems } = await newPage({ width: 1280, height: 800 }, false);
  await page.goto(`${srv.url}/courses`);
  await page.getByLabel('Search', { exact: true }).fill('groundwork');
  await page.getByLabel('Language').selectOption('en');
  await page.getByLabel('Search', { exact: true }).press('Enter');
  await page.waitForURL(/\/courses\?q=groundwork/);
  assert.match(await page.locator('.results-count').innerText(), /^1 course$/);
  await page.getByRole('link', { name: 'Kitchen basics' }).click();
  await page.waitForURL(/\/courses\/kitchen-basics$/);
  assert.equal(await page.locator('h1').innerText(), 'Kitchen basics');
  const licence = page.locator('a[rel="license"]');
  assert.equal(await licence.getAttribute('href'), 'https://creativecommons.org/licenses/by-sa/4.0/');
  assert.equal(await page.locator('.outline li.chapter').count(), 2);
  await page.screenshot({ path: join(OUT, 'courses-course-page.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone the cards stack in one column, nothing overflows', async () => {
  const { context, page } = await newPage({ width: 360, height: 740 });
  await page.goto(`${srv.url}/courses`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px`);
  const lefts = await page.locator('.course-card').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().left)));
  assert.ok(lefts.length >= 2);
  assert.equal(new Set(lefts).size, 1, `one column: ${lefts}`);
  await page.screenshot({ path: join(OUT, 'courses-catalogue-phone.png'), fullPage: true });
  await context.close();
});

test('the coming-soon course asks for an email with a labelled field', async () => {
  const { context, page } = await newPage({ width: 1280, height: 800 });
  await page.goto(`${srv.url}/courses/semis-au-jardin`);
  await page.getByLabel('Your email address').fill('browser-watcher@example.org');
  await page.getByRole('button', { name: 'Tell me when it opens' }).click();
  await page.waitForURL(/notify=ok/);
  assert.match(await page.locator('.notify').innerText(), /we will email you when this course opens/);
  await context.close();
});
