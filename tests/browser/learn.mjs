// Learning in a real browser (Debian's Chromium through playwright-core):
// a learner starts a course from its page, reads two chapters and marks
// them done, takes the quiz with labels only (radios, checkboxes, text,
// selects), sees the score and feedback, then finds the course and the
// SVG activity chart on the dashboard. No CSP violation or failed
// sub-resource on the way. Screenshots go to test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startCampus, ROOT } from '../lib/server.mjs';
import { importCourses } from '../lib/learn_course.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const OUT = join(ROOT, 'test-results');

let srv, browser, courseDir;
before(async () => {
  mkdirSync(OUT, { recursive: true });
  srv = await startCampus();
  courseDir = importCourses(srv, [{ slug: 'learn-test' }]);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60000 });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  if (courseDir) rmSync(courseDir, { recursive: true, force: true });
});

test('learn: start a course, read and mark two chapters, pass the quiz, see the dashboard chart', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') problems.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });

  await page.goto(`${srv.url}/signin?next=/courses/learn-test`);
  await page.getByLabel(/email/i).fill(srv.demo.learner.email);
  await page.getByLabel(/password/i).fill(srv.demo.learner.password);
  await Promise.all([page.waitForURL(/\/courses\/learn-test$/), page.keyboard.press('Enter')]);

  await page.getByRole('link', { name: 'Start the course' }).click();
  await page.waitForURL(/\/chapters\/one$/);
  await page.getByRole('heading', { name: 'Chapter One' }).waitFor();
  for (const next of ['two', 'basics']) {
    await page.getByRole('button', { name: 'Mark as done' }).click();
    await page.getByText('You marked this chapter as done.').waitFor();
    await page.locator('a[rel="next"]').click();
    await page.waitForURL(new RegExp(`/${next}$`));
  }

  // The quiz, through its labels only.
  await page.getByRole('group', { name: /What is 2 \+ 2/ }).getByLabel('4', { exact: true }).check();
  const q2 = page.getByRole('group', { name: /Pick the even numbers/ });
  await q2.getByLabel('2', { exact: true }).check();
  await q2.getByLabel('4', { exact: true }).check();
  await page.getByRole('group', { name: /printf/ }).getByLabel('Your answer').fill('C');
  await page.getByRole('group', { name: /Pi to two/ }).getByLabel(/Your answer/).fill('3.14');
  const q5 = page.getByRole('group', { name: /Match the sounds/ });
  await q5.getByLabel('cat').selectOption({ label: 'meow' });
  await q5.getByLabel('dog').selectOption({ label: 'woof' });
  await page.screenshot({ path: join(OUT, 'learn-quiz.png'), fullPage: true });
  await page.getByRole('button', { name: 'Submit my answers' }).click();
  await page.getByRole('heading', { name: 'Your score: 100%' }).waitFor();
  assert.ok(await page.getByText('Right, four.').isVisible(), 'the GIFT feedback is shown');

  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.waitForURL(/\/dashboard$/);
  const chart = page.locator('svg[role="img"]');
  assert.ok(await chart.isVisible(), 'the activity chart is visible');
  const box = await chart.boundingBox();
  assert.ok(box && box.width > 200 && box.height > 40, `chart size ${JSON.stringify(box)}`);
  assert.equal(await page.locator('progress').first().getAttribute('value'), '75');
  await page.screenshot({ path: join(OUT, 'learn-dashboard.png'), fullPage: true });

  // Narrow screens: the quiz stays usable without horizontal scrolling.
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(`${srv.url}/courses/learn-test/quizzes/basics`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `horizontal overflow of ${overflow}px on a phone`);
  assert.deepEqual(problems, []);
  await context.close();
});
