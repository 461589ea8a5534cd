// Videos in a real browser (CRS-2): Chromium plays a real WebM from the
// Range stream and seeks in it; a granted subscriber downloads the file
// through the personal link and gets the exact bytes; a learner without
// Premium sees why there is no download button.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startCampus } from '../lib/server.mjs';
import { apiToken, signupAndVerify } from '../lib/fixtures.mjs';
import { addVideo, makeWebm, sha256 } from '../lib/media.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required'];

let srv;
let browser;
let v;
before(async () => {
  srv = await startCampus();
  v = addVideo(srv, { data: makeWebm(4), title: 'Test pattern' });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60000 });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'en-GB', acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return { context, page, problems };
}

async function signIn(page, email, password) {
  await page.goto(`${srv.url}/signin`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/signin"] button[type="submit"]')]);
}

test('CRS-2: a visitor plays the video; seeking uses byte ranges (206)', async () => {
  const { context, page, problems } = await newPage();
  const statuses = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname === `/videos/${v.id}/stream`) statuses.push(r.status());
  });
  await page.goto(`${srv.url}${v.page}`);
  const video = page.locator('video');
  await video.waitFor();
  await page.waitForFunction(() => document.querySelector('video').readyState >= 1, null, { timeout: 15000 });
  const duration = await video.evaluate((el) => el.duration);
  assert.ok(duration > 3.5 && duration < 4.5, `duration ${duration}`);
  await video.evaluate((el) => new Promise((res, rej) => {
    el.addEventListener('seeked', res, { once: true });
    el.addEventListener('error', () => rej(new Error(`media error ${el.error && el.error.code}`)), { once: true });
    el.currentTime = 3;
  }));
  assert.ok(statuses.length > 0, 'the browser fetched the stream');
  assert.ok(statuses.every((s) => s === 200 || s === 206), `stream statuses ${statuses}`);
  assert.ok(statuses.includes(206), `Chromium asked for ranges: ${statuses}`);
  assert.match(await page.textContent('main'), /Premium feature/);
  assert.equal(await page.locator('form[action$="/download-link"]').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('CRS-2: a granted subscriber downloads the exact file through the personal link', async () => {
  const u = await signupAndVerify(srv);
  const admin = await apiToken(srv, srv.demo.admin.email, srv.demo.admin.password);
  const g = await admin.api('POST', '/api/v1/premium-grants', { email: u.email, reason: 'browser test' });
  assert.equal(g.status, 201, g.describe());
  const { context, page, problems } = await newPage();
  await signIn(page, u.email, u.password);
  await page.goto(`${srv.url}${v.page}`);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Download for offline viewing' }).click()]);
  assert.match(await page.textContent('h1'), /Your download link/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the video' }).click()]);
  assert.equal(download.suggestedFilename(), 'welcome.webm');
  const file = await download.path();
  assert.equal(sha256(readFileSync(file)), v.sha256, 'sha256 of the downloaded file');
  assert.deepEqual(problems, []);
  await context.close();
});
