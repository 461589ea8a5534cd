// A tiny browser-like HTTP client: cookie jar, no automatic redirects,
// urlencoded forms with the page's CSRF token, JSON API calls with a bearer.

import http from 'node:http';
import net from 'node:net';
import { findForm, defaultFormData, csrfFrom } from './html.mjs';

/** Parses one Set-Cookie header into {name, value, attrs} (attrs keys lower-case). */
export function parseSetCookie(sc) {
  const [pair, ...rest] = sc.split(';');
  const i = pair.indexOf('=');
  const attrs = {};
  for (const a of rest) {
    const j = a.indexOf('=');
    const k = (j < 0 ? a : a.slice(0, j)).trim().toLowerCase();
    attrs[k] = j < 0 ? true : a.slice(j + 1).trim();
  }
  return { name: pair.slice(0, i).trim(), value: pair.slice(i + 1).trim(), attrs, raw: sc };
}

function encodeForm(data) {
  if (data instanceof URLSearchParams) return data.toString();
  const p = new URLSearchParams();
  const entries = Array.isArray(data) ? data : Object.entries(data);
  for (const [k, v] of entries) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, x);
    else p.append(k, String(v));
  }
  return p.toString();
}

export class Response {
  constructor(res, body, req) {
    this.status = res.status;
    this.headers = res.headers;
    this.body = body;
    this.req = req;
    this.setCookies = res.headers.getSetCookie ? res.headers.getSetCookie().map(parseSetCookie) : [];
  }
  get text() { return this.body; }
  get location() { return this.headers.get('location'); }
  get contentType() { return (this.headers.get('content-type') || '').toLowerCase(); }
  get json() {
    try { return JSON.parse(this.body); } catch { return undefined; }
  }
  cookie(name) { return this.setCookies.find((c) => c.name === name); }
  /** One line to put in assertion messages. */
  describe(max = 600) {
    const b = this.body.length > max ? `${this.body.slice(0, max)}...` : this.body;
    return `${this.req.method} ${this.req.path} -> ${this.status} ${this.contentType}${this.location ? ` Location: ${this.location}` : ''}\n${b}`;
  }
}

export class Client {
  /** @param {string} base  e.g. http://127.0.0.1:PORT */
  constructor(base, { headers = {} } = {}) {
    this.base = base.replace(/\/$/, '');
    this.jar = new Map();
    this.headers = headers;
    this.token = null;
  }

  cookieHeader() {
    return [...this.jar.values()].map((c) => `${c.name}=${c.value}`).join('; ');
  }

  cookieValue(name) { return this.jar.get(name)?.value; }

  store(res) {
    for (const c of res.setCookies) {
      const maxAge = c.attrs['max-age'];
      const expires = c.attrs.expires ? Date.parse(c.attrs.expires) : NaN;
      if (c.value === '' || (maxAge !== undefined && Number(maxAge) <= 0) || (!Number.isNaN(expires) && expires < Date.now())) {
        this.jar.delete(c.name);
      } else {
        this.jar.set(c.name, c);
      }
    }
  }

  url(path) { return /^https?:/.test(path) ? path : `${this.base}${path}`; }

  /**
   * @param {string} method
   * @param {string} path
   * @param {object} [o] {headers, body, form, json, token}
   */
  async request(method, path, o = {}) {
    const headers = { ...this.headers, ...(o.headers || {}) };
    const cookie = this.cookieHeader();
    if (cookie && !('cookie' in Object.fromEntries(Object.keys(headers).map((k) => [k.toLowerCase(), 1])))) headers.cookie = cookie;
    let body = o.body;
    if (o.form !== undefined) {
      body = encodeForm(o.form);
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    } else if (o.json !== undefined) {
      body = JSON.stringify(o.json);
      headers['content-type'] ??= 'application/json';
    }
    const token = o.token === undefined ? this.token : o.token;
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(this.url(path), { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    const r = new Response(res, text, { method, path, body });
    this.store(r);
    return r;
  }

  get(path, o) { return this.request('GET', path, o); }

  post(path, form, o = {}) { return this.request('POST', path, { ...o, form }); }

  /** JSON API call. */
  api(method, path, json, o = {}) {
    return this.request(method, path, { ...o, json, headers: { accept: 'application/json', ...(o.headers || {}) } });
  }

  /** Follows Location headers with GET (like a browser after a 303), up to `max` hops. */
  async follow(res, max = 5) {
    let r = res;
    for (let i = 0; i < max && r.status >= 300 && r.status < 400 && r.location; i++) r = await this.get(new URL(r.location, this.base + r.req.path).toString());
    return r;
  }

  /** GET `page`, return the csrf value of form `action` (or the first csrf in the page). */
  async csrf(page, action) {
    const r = await this.get(page);
    const t = csrfFrom(r.body, action);
    if (t === undefined) throw new Error(`no csrf input on ${page}${action ? ` in form ${action}` : ''}: ${r.describe(300)}`);
    return t;
  }

  /**
   * Loads `page`, takes the form posting to `action` (default: page path), fills it with
   * its default values (hidden csrf, terms_version, selects...) overridden by `fields`
   * (a field set to undefined is dropped) and posts it.
   */
  async submit(page, fields = {}, { action } = {}) {
    const pageRes = await this.get(page);
    const pageUrl = new URL(page, `${this.base}/`).toString();
    const act = action ?? new URL(pageUrl).pathname;
    let form;
    try {
      form = findForm(pageRes.body, act);
    } catch (e) {
      throw new Error(`${e.message}\n${pageRes.describe(500)}`);
    }
    const data = new Map(defaultFormData(form).map(([k, v]) => [k, v]));
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) data.delete(k);
      else data.set(k, v);
    }
    const t = form.action ? new URL(form.action, pageUrl) : null;
    const target = t ? t.pathname + t.search : act;
    return this.post(target, [...data.entries()]);
  }
}

/**
 * A raw HTTP request with node:http, for things fetch cannot do (huge bodies
 * where the server answers early, arbitrary headers). Resolves {status, headers, body}
 * or {error} when the connection failed without any response.
 */
export function rawRequest(base, { method = 'POST', path = '/', headers = {}, body, timeout = 15000 }) {
  const u = new URL(base);
  return new Promise((resolve) => {
    let done = false;
    const finish = (v) => { if (!done) { done = true; resolve(v); } };
    const req = http.request({ host: u.hostname, port: u.port, method, path, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => finish({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => finish({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.setTimeout(timeout, () => { req.destroy(new Error('timeout')); });
    req.on('error', (e) => finish({ error: e.message }));
    if (body !== undefined) {
      req.write(body, () => {});
    }
    req.end();
  });
}

/** Sends `head` (raw request head text, CRLF-terminated) on a socket, returns the first response line + headers. */
export function rawHead(base, head, { timeout = 10000 } = {}) {
  const u = new URL(base);
  return new Promise((resolve) => {
    const s = net.connect(Number(u.port), u.hostname);
    let buf = '';
    const t = setTimeout(() => { s.destroy(); resolve({ error: 'timeout', raw: buf }); }, timeout);
    s.on('connect', () => s.write(head));
    s.on('data', (d) => {
      buf += d.toString('latin1');
      if (buf.includes('\r\n\r\n')) {
        clearTimeout(t);
        s.destroy();
        const m = /^HTTP\/1\.[01] (\d{3})/.exec(buf);
        resolve({ status: m ? Number(m[1]) : undefined, raw: buf });
      }
    });
    s.on('error', (e) => { clearTimeout(t); resolve({ error: e.message, raw: buf }); });
    s.on('close', () => { clearTimeout(t); const m = /^HTTP\/1\.[01] (\d{3})/.exec(buf); resolve({ status: m ? Number(m[1]) : undefined, raw: buf, closed: true }); });
  });
}
