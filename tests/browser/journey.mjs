// A visitor's journey in a real browser (Debian's Chromium through
// playwright-core): sign up, verify by email, sign in with the keyboard,
// switch to French, sign out. Screenshots of the home page go to test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, newPage as openPage, signIn } from '../lib/browser.mjs';
import { startCampus, ROOT } from '../lib/server.mjs';
import { uniqueEmail, birthDate, verificationLink } from '../lib/fixtures.mjs';

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

/** A page that records failed sub-resources, page errors and CSP violations. */
const newPage = (viewport) => openPage(browser, { viewport });

const htmlLang = (page) => page.evaluate(() => document.documentElement.lang);

async function switchLanguage(page, lang) {
  // One form per language with a hidden lang input and a button...
  const own = page.locator(`form[action$="/lang"]:has(input[type="hidden"][name="lang"][value="${lang}"])`);
  if (await own.count()) {
    await Promise.all([page.waitForEvent('framenavigated', (f) => f === page.mainFrame()), own.first().locator('button, input[type="submit"]').first().click()]);
    await page.waitForLoadState('load');
    return;
  }
  // ...or one form with a button per language, a select, or radios.
  const form = page.locator('form[action$="/lang"]').first();
  await form.waitFor();
  const button = form.locator(`button[name="lang"][value="${lang}"], input[type="submit"][name="lang"][value="${lang}"]`);
  if (await button.count()) {
    await Promise.all([page.waitForEvent('framenavigated', (f) => f === page.mainFrame()), button.first().click()]);
    await page.waitForLoadState('load');
    return;
  }
  const select = form.locator('select[name="lang"]');
  if (await select.count()) {
    await select.selectOption(lang);
    // Without JS the user presses the form's button; with JS the change may submit by itself.
    const submit = form.locator('button, input[type="submit"]');
    if (await submit.count()) await Promise.all([page.waitForEvent('framenavigated', (f) => f === page.mainFrame()), submit.first().click()]);
    else await page.waitForLoadState('load');
    return;
  }
  const radio = form.locator(`input[name="lang"][value="${lang}"]`);
  await radio.check();
  await Promise.all([page.waitForEvent('framenavigated', (f) => f === page.mainFrame()), form.locator('button, input[type="submit"]').first().click()]);
  await page.waitForLoadState('load');
}

test('sign up, verify, sign in with the keyboard, switch to French, sign out', async () => {
  const { context, page, problems } = await newPage();
  const email = uniqueEmail('browser');
  const password = 'browser journey pass';
  try {
    await page.goto(`${srv.url}/`);
    assert.equal(await htmlLang(page), 'en');
    // Home → sign-up link
    await page.locator('a[href$="/signup"]').first().click();
    await page.waitForURL(/\/signup$/);
    await page.fill('input[name="name"]', 'Browser Person');
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', password);
    await page.fill('input[name="birth_date"]', birthDate(25));
    await page.selectOption('select[name="country"]', 'FR');
    const lang = page.locator('[name="lang"]').first();
    if ((await lang.evaluate((e) => e.tagName)) === 'SELECT' && (await lang.evaluate((e) => e.closest('form')?.getAttribute('action') || '')).endsWith('/signup')) {
      await lang.selectOption('en');
    }
    // Terms must be ticked by the user; the label is clickable
    const terms = page.locator('input[name="accept_terms"]');
    assert.equal(await terms.isChecked(), false, 'terms unticked by default');
    const termsId = await terms.getAttribute('id');
    await page.locator(`label[for="${termsId}"]`).click();
    assert.equal(await terms.isChecked(), true, 'clicking the label ticks the terms box');
    await Promise.all([page.waitForURL(/\/signup\/done/), page.locator('form[action$="/signup"] [type="submit"]').first().click()]);
    assert.match(await page.textContent('body'), /email/i);

    // The verification email
    const link = await verificationLink(srv, email);
    await page.goto(srv.local(link));
    assert.equal((await page.request.get(srv.local(link))).status() >= 400, true, 'the link is single-use');

    // Sign in with the keyboard only
    await page.goto(`${srv.url}/signin`);
    await page.locator('body').focus();
    let reached = false;
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.getAttribute('name'))) === 'email') { reached = true; break; }
    }
    assert.ok(reached, 'Tab never reaches the email field');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'password', 'Tab from email goes to password');
    await page.keyboard.type(password);
    await Promise.all([page.waitForURL(/\/settings/), page.keyboard.press('Enter')]);
    assert.match(await page.content(), new RegExp(email.replace(/[.+]/g, '\\$&')));
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'campus_session');
    assert.ok(session && session.httpOnly && session.sameSite === 'Lax', `session cookie: ${JSON.stringify(session)}`);
    assert.equal(await page.evaluate(() => document.cookie.includes('campus_session')), false, 'session readable from JS');

    // Switch to French from the header/footer
    await switchLanguage(page, 'fr');
    assert.equal(await htmlLang(page), 'fr', `after the switch: ${page.url()}`);
    await page.goto(`${srv.url}/`);
    assert.equal(await htmlLang(page), 'fr');

    // Sign out (button in a form posting to /signout)
    await Promise.all([page.waitForURL((u) => new URL(u).pathname === '/'), page.locator('form[action$="/signout"] [type="submit"], form[action$="/signout"] button').first().click()]);
    assert.equal(await htmlLang(page), 'fr', 'language kept after sign-out');
    const text = await page.textContent('body');
    assert.ok(text.includes('Se connecter'), `French home after sign-out lacks "Se connecter": ${text.slice(0, 300)}`);
    assert.ok(text.includes('Créer un compte'), 'French home lacks "Créer un compte"');
    await page.goto(`${srv.url}/settings`);
    assert.match(new URL(page.url()).pathname, /^\/signin/, 'signed out: settings redirect to sign-in');
    assert.deepEqual(problems, [], 'failed sub-resources, script errors or CSP violations');
  } finally {
    await page.screenshot({ path: join(OUT, 'journey-last.png') }).catch(() => {});
    await context.close();
  }
});

for (const width of [390, 1280]) {
  test(`home page at ${width}px: screenshot, no horizontal scroll`, async () => {
    const { context, page, problems } = await newPage({ width, height: width < 500 ? 844 : 800 });
    try {
      await page.goto(`${srv.url}/`);
      await page.screenshot({ path: join(OUT, `home-${width}.png`), fullPage: true });
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
      assert.ok(scrollWidth <= clientWidth, `horizontal scroll at ${width}px: scrollWidth ${scrollWidth} > ${clientWidth}`);
      for (const p of ['/signin', '/signup']) {
        await page.goto(`${srv.url}${p}`);
        const w = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(w <= 0, `horizontal scroll on ${p} at ${width}px (${w}px)`);
        if (width === 390) await page.screenshot({ path: join(OUT, `${p.slice(1)}-390.png`), fullPage: true });
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

test('forms work without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await signIn(page, srv, srv.demo.learner.email, srv.demo.learner.password);
    assert.match(new URL(page.url()).pathname, /^\/settings/);
  } finally {
    await context.close();
  }
});
