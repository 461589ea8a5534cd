// Videos in a real browser (CRS-2): Chromium plays a real WebM from the
// Range stream and seeks in it; a granted subscriber downloads the file
// through the personal link and gets the exact bytes; a learner without
// Premium sees why there is no download button.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchBrowser, newPage as openPage, signIn } from '../lib/browser.mjs';
import { startCampus } from '../lib/server.mjs';
import { apiToken, signupAndVerify } from '../lib/fixtures.mjs';
import { addVideo, makeWebm, sha256 } from '../lib/media.mjs';

let srv;
let browser;
let v;
before(async () => {
  srv = await startCampus();
  v = addVideo(srv, { data: makeWebm(4), title: 'Test pattern' });
  browser = await launchBrowser(['--autoplay-policy=no-user-gesture-required']);
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

// Failed responses are not problems here: the tests make some on purpose.
const newPage = () => openPage(browser, { viewport: { width: 1024, height: 768 }, acceptDownloads: true, responses: false });

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
  await signIn(page, srv, u.email, u.password);
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
