// The browser of the browser tests: Debian's Chromium through playwright-core
// with the project's flags, a page that records what went wrong, and the
// sign-in form.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Launches Chromium with ARGS and the extra flags. */
export function launchBrowser(extra = []) {
  return chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...extra], timeout: 60000 });
}

/**
 * A new context (en-GB, the viewport, the other context options) and its
 * page (15 s timeouts). problems collects page errors, Content Security
 * Policy violations and, unless responses is false, failed sub-resources
 * (status >= 400, the favicon aside). cookies are added to the context first.
 */
export async function newPage(browser, { viewport = { width: 1280, height: 800 }, responses = true, cookies = [], ...options } = {}) {
  const context = await browser.newContext({ viewport, locale: 'en-GB', ...options });
  if (cookies.length) await context.addCookies(cookies);
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  if (responses) {
    page.on('response', (r) => {
      const p = new URL(r.url()).pathname;
      if (r.status() >= 400 && r.request().resourceType() !== 'document' && p !== '/favicon.ico') problems.push(`${r.status()} ${p}`);
    });
  }
  return { context, page, problems };
}

/**
 * Signs in on srv's /signin form (then to next, when given) and waits for
 * the page it leads to.
 */
export async function signIn(page, srv, email, password, next) {
  await page.goto(`${srv.url}/signin${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/signin')),
    page.locator('form[action$="/signin"] [type="submit"]').first().click(),
  ]);
}
