// Shared flows for the HTTP and browser suites: unique accounts, sign-up and
// verification through the HTML forms or the API, sign-in, API tokens.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client } from './client.mjs';

export const PASSWORD = 'correct horse battery';

export function uniqueEmail(tag = 'user') {
  return `${tag}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}@example.test`;
}

/** YYYY-MM-DD for someone `years` old today (minus a few days). */
export function birthDate(years) {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - 3);
  return d.toISOString().slice(0, 10);
}

export function signupFields(over = {}) {
  return { name: 'Ada Lovelace', email: uniqueEmail('signup'), password: PASSWORD, birth_date: birthDate(30), country: 'FR', lang: 'en', accept_terms: 'on', ...over };
}

/** The current terms version, from GET /api/v1/terms (array, or {items|terms|data: [...]}, items {version, current?}). */
export async function currentTermsVersion(base) {
  const c = new Client(base);
  const r = await c.api('GET', '/api/v1/terms');
  assert.equal(r.status, 200, r.describe());
  const j = r.json;
  const list = Array.isArray(j) ? j : (j.items || j.terms || j.data || j.versions || []);
  assert.ok(Array.isArray(list) && list.length > 0, `GET /api/v1/terms returned no list: ${r.body}`);
  const cur = list.find((t) => t.current === true || t.is_current === true);
  if (cur) return cur.version;
  if (j.current !== undefined && typeof j.current !== 'object') return j.current;
  if (j.current && j.current.version !== undefined) return j.current.version;
  return list.map((t) => t.version).sort((a, b) => Number(b) - Number(a))[0];
}

export function apiSignupBody(termsVersion, over = {}) {
  return { name: 'Grace Hopper', email: uniqueEmail('api'), password: PASSWORD, birth_date: birthDate(30), country: 'FR', lang: 'en', accept_terms: true, terms_version: termsVersion, ...over };
}

/** Finds the verification link (…/verify?token=…) in the latest mail to `email`. */
export async function verificationLink(srv, email) {
  const m = await srv.waitForMail((x) => x.to && x.to.toLowerCase().includes(email.toLowerCase()) && x.links.some((l) => /\/verify\?token=/.test(l)));
  return m.links.find((l) => /\/verify\?token=/.test(l));
}

export async function resetLink(srv, email, after = 0) {
  const m = await srv.waitForMail((x) => x.to && x.to.toLowerCase().includes(email.toLowerCase()) && x.links.some((l) => /\/password\/reset\?token=/.test(l)), { after });
  return m.links.find((l) => /\/password\/reset\?token=/.test(l));
}

export function tokenOf(link) {
  return new URL(link).searchParams.get('token');
}

/** Signs up through the HTML form and verifies through the emailed link. Returns the fields used. */
export async function signupAndVerify(srv, over = {}) {
  const c = new Client(srv.url);
  const f = signupFields(over);
  const r = await c.submit('/signup', f);
  assert.equal(r.status, 303, `sign-up: ${r.describe()}`);
  const link = await verificationLink(srv, f.email);
  const v = await c.get(srv.local(link));
  assert.equal(v.status, 200, `verify: ${v.describe()}`);
  return f;
}

/** Signs in through the HTML form; returns {client, res}. Asserts the 303. */
export async function signIn(srv, email, password, { client, next } = {}) {
  const c = client || new Client(srv.url);
  const res = await c.submit('/signin', { email, password, ...(next ? { next } : {}) });
  assert.equal(res.status, 303, `sign-in as ${email}: ${res.describe()}`);
  assert.ok(c.cookieValue('campus_session'), `sign-in as ${email} set no campus_session cookie: ${JSON.stringify(res.setCookies.map((x) => x.raw))}`);
  return { client: c, res };
}

/**
 * Asserts that signing in with these credentials fails as a wrong credential
 * (any 4xx but 403/429; t0300 pins the exact status), so that one status
 * mismatch does not fail every test that checks an old password is dead.
 */
export async function assertSignInRefused(srv, email, password, why = '') {
  const r = await new Client(srv.url).submit('/signin', { email, password });
  assert.ok(r.status >= 400 && r.status < 500 && r.status !== 403 && r.status !== 429, `sign-in should be refused${why ? ` (${why})` : ''}: ${r.describe(200)}`);
  return r;
}

/** Personal API token for an existing account. */
export async function apiToken(srv, email, password) {
  const c = new Client(srv.url);
  const r = await c.api('POST', '/api/v1/tokens', { email, password, name: 'tests' });
  assert.equal(r.status, 201, `POST /api/v1/tokens for ${email}: ${r.describe()}`);
  assert.equal(typeof r.json?.token, 'string', r.describe());
  c.token = r.json.token;
  return c;
}

/** Asserts an RFC 9457 problem body. */
export function assertProblem(r, status) {
  if (status !== undefined) {
    if (Array.isArray(status)) assert.ok(status.includes(r.status), `expected one of ${status}: ${r.describe()}`);
    else assert.equal(r.status, status, r.describe());
  }
  assert.match(r.contentType, /^application\/problem\+json/, `Content-Type of a problem: ${r.describe()}`);
  const j = r.json;
  assert.ok(j && typeof j === 'object', `problem body is not JSON: ${r.describe()}`);
  assert.equal(j.status, r.status, `problem.status must equal the HTTP status: ${r.describe()}`);
  assert.equal(typeof j.title, 'string', `problem.title: ${r.describe()}`);
  assert.ok(typeof j.type === 'string', `problem.type: ${r.describe()}`);
  assert.ok(typeof j.detail === 'string', `problem.detail: ${r.describe()}`);
  return j;
}

/** Asserts a 422 validation problem with an error for `field` (or for any of an array of fields). */
export function assertFieldError(r, field) {
  const j = assertProblem(r, 422);
  assert.ok(Array.isArray(j.errors), `validation problem without errors[]: ${r.describe()}`);
  for (const e of j.errors) assert.ok(typeof e.field === 'string' && typeof e.detail === 'string', `errors[] item needs {field, detail}: ${JSON.stringify(e)}`);
  const want = Array.isArray(field) ? field : field ? [field] : [];
  if (want.length) assert.ok(j.errors.some((e) => want.includes(e.field)), `no error for field ${want.join(' or ')}: ${r.describe()}`);
  return j;
}

export const SCRIPT = '<script>alert(1)</script>';
export const SQLI = "' OR 1=1 --";
