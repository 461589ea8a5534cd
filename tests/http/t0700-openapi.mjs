// The OpenAPI 3.1 document matches the routes the server answers, both ways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { apiToken } from '../lib/fixtures.mjs';

// Every JSON route the server is expected to answer (with --clock manual).
// Add a line here for each new JSON route; the test fails if the document and
// the server disagree.
const PROBES = [
  ['GET', '/healthz'],
  ['GET', '/api/v1/openapi.json'],
  ['POST', '/api/v1/accounts'],
  ['POST', '/api/v1/email-verifications'],
  ['POST', '/api/v1/tokens'],
  ['GET', '/api/v1/me'],
  ['PATCH', '/api/v1/me'],
  ['POST', '/api/v1/me/password'],
  ['POST', '/api/v1/password-resets'],
  ['POST', '/api/v1/password-resets/confirm'],
  ['GET', '/api/v1/terms'],
  ['GET', '/api/v1/terms/1'],
  ['POST', '/api/v1/test-clock'],
];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const PARAM_VALUES = { version: '1' };

let srv;
let doc;
let admin;
let noRoute; // the router's own 404 body, to tell "no such route" from "no such resource"
const unrouted = (r) => r.status === 405 || (r.status === 404 && (!noRoute || (r.json?.type === noRoute.type && r.json?.detail === noRoute.detail)));
before(async () => {
  srv = await startCampus({ clock: 'manual' });
  const r = await new Client(srv.url).api('GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200, r.describe());
  doc = r.json;
  admin = await apiToken(srv, srv.demo.admin.email, srv.demo.admin.password);
  const nr = await admin.api('POST', '/api/v1/no-such-route-at-all', {});
  assert.equal(nr.status, 404, nr.describe());
  noRoute = nr.json;
});
after(async () => { await srv?.stop(); });

function serverPrefix(servers) {
  const s = Array.isArray(servers) && servers[0]?.url;
  if (!s) return '';
  try { return new URL(s, 'http://x').pathname.replace(/\/$/, ''); } catch { return ''; }
}

/** [{method, template, full, op}] for every documented operation. */
function operations() {
  const out = [];
  const docPrefix = serverPrefix(doc.servers);
  for (const [p, item] of Object.entries(doc.paths || {})) {
    const prefix = item.servers ? serverPrefix(item.servers) : docPrefix;
    for (const m of METHODS) {
      if (item[m]) out.push({ method: m.toUpperCase(), template: p, full: `${prefix}${p}`, op: item[m] });
    }
  }
  return out;
}

function matches(template, path) {
  const re = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+').replace(/\{[^}]+\}/g, '[^/]+')}$`);
  return re.test(path);
}

test('GET /api/v1/openapi.json is JSON', async () => {
  const r = await new Client(srv.url).api('GET', '/api/v1/openapi.json');
  assert.match(r.contentType, /^application\/(vnd\.oai\.openapi\+)?json/);
});

test('basic OpenAPI 3.1 structure', () => {
  assert.match(String(doc.openapi), /^3\.1\.\d+$/, `openapi: ${doc.openapi}`);
  assert.equal(typeof doc.info?.title, 'string', 'info.title');
  assert.equal(typeof doc.info?.version, 'string', 'info.version');
  assert.ok(doc.paths && typeof doc.paths === 'object', 'paths object');
  const ops = operations();
  assert.ok(ops.length >= 10, `only ${ops.length} operations documented`);
  const ids = new Set();
  for (const { method, template, op } of ops) {
    assert.ok(template.startsWith('/'), `path ${template} must start with /`);
    assert.ok(op.responses && Object.keys(op.responses).length > 0, `${method} ${template} has no responses`);
    for (const code of Object.keys(op.responses)) assert.match(code, /^([1-5]\d\d|[1-5]XX|default)$/, `${method} ${template}: response key ${code}`);
    if (op.operationId) {
      assert.ok(!ids.has(op.operationId), `duplicate operationId ${op.operationId}`);
      ids.add(op.operationId);
    }
    for (const name of template.match(/\{([^}]+)\}/g) || []) {
      const n = name.slice(1, -1);
      const params = [...(op.parameters || []), ...(doc.paths[template].parameters || [])].map((x) => (x.$ref ? resolveRef(x.$ref) : x));
      assert.ok(params.some((x) => x && x.name === n && x.in === 'path' && x.required === true), `${method} ${template}: path parameter ${n} not declared (in: path, required: true)`);
    }
  }
});

function resolveRef(ref) {
  if (!ref.startsWith('#/')) return undefined;
  return ref.slice(2).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).reduce((o, k) => (o == null ? undefined : o[k]), doc);
}

test('hardening: every local $ref resolves', () => {
  const bad = [];
  const walk = (v, where) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${where}/${i}`));
    else if (v && typeof v === 'object') {
      if (typeof v.$ref === 'string' && v.$ref.startsWith('#') && resolveRef(v.$ref) === undefined) bad.push(`${where}: ${v.$ref}`);
      for (const [k, x] of Object.entries(v)) walk(x, `${where}/${k}`);
    }
  };
  walk(doc, '#');
  assert.deepEqual(bad, []);
});

test('every documented operation is answered (not 404/405)', async () => {
  const missing = [];
  for (const { method, full } of operations()) {
    const path = full.replace(/\{([^}]+)\}/g, (_, n) => PARAM_VALUES[n] ?? '1');
    const body = ['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined;
    const r = await admin.api(method, path, body);
    if (unrouted(r)) missing.push(`${method} ${path} -> ${r.status} ${r.body.slice(0, 120)}`);
  }
  assert.deepEqual(missing, [], 'documented but not answered');
});

test('every JSON route the server answers is documented', async () => {
  const ops = operations();
  const undocumented = [];
  const unanswered = [];
  for (const [method, path] of PROBES) {
    const body = ['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined;
    const r = await admin.api(method, path, body);
    if (unrouted(r)) unanswered.push(`${method} ${path} -> ${r.status}`);
    if (!ops.some((o) => o.method === method && matches(o.full, path))) undocumented.push(`${method} ${path}`);
  }
  assert.deepEqual(unanswered, [], 'probes the server does not answer (update PROBES if a route was renamed)');
  assert.deepEqual(undocumented, [], 'answered but not in openapi.json');
});

test('hardening: documented operations describe their error responses as problem+json', () => {
  const bad = [];
  for (const { method, template, full, op } of operations()) {
    if (full === '/healthz') continue; // its 503 is the health body itself
    for (const [code, resp0] of Object.entries(op.responses)) {
      if (!/^[45]/.test(code)) continue;
      const resp = resp0.$ref ? resolveRef(resp0.$ref) : resp0;
      const types = Object.keys(resp?.content || {});
      if (types.length && !types.includes('application/problem+json')) bad.push(`${method} ${template} ${code}: ${types}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('hardening: undocumented methods on documented paths are 405 (or 404), never 2xx', async () => {
  const wrong = [];
  for (const [p, item] of Object.entries(doc.paths || {})) {
    if (p.includes('{')) continue;
    const full = `${serverPrefix(item.servers || doc.servers)}${p}`;
    for (const m of ['DELETE', 'PUT']) {
      if (item[m.toLowerCase()]) continue;
      const r = await admin.api(m, full, {});
      if (r.status < 300) wrong.push(`${m} ${full} -> ${r.status}`);
    }
  }
  assert.deepEqual(wrong, []);
});
