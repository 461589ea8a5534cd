// Terms of service pages and API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { pageText } from '../lib/html.mjs';
import { currentTermsVersion, assertProblem } from '../lib/fixtures.mjs';

let srv;
before(async () => { srv = await startCampus(); });
after(async () => { await srv?.stop(); });

test('GET /terms and /terms/1 are pages with text', async () => {
  const c = new Client(srv.url);
  const cur = await c.get('/terms');
  assert.equal(cur.status, 200, cur.describe());
  assert.ok(pageText(cur.body).length > 200, 'the terms page has content');
  const v1 = await c.get('/terms/1');
  assert.equal(v1.status, 200, v1.describe());
  assert.ok(pageText(v1.body).length > 200);
});

test('unknown terms versions are 404', async () => {
  const c = new Client(srv.url);
  for (const p of ['/terms/999', '/terms/0', '/terms/abc', '/terms/-1']) {
    const r = await c.get(p);
    assert.equal(r.status, 404, r.describe(200));
  }
});

test('GET /api/v1/terms lists versions; /api/v1/terms/{version} returns one', async () => {
  const c = new Client(srv.url);
  const v = await currentTermsVersion(srv.url);
  assert.ok(v !== undefined);
  const one = await c.api('GET', `/api/v1/terms/${v}`);
  assert.equal(one.status, 200, one.describe());
  assert.match(one.contentType, /^application\/json/);
  assert.equal(String(one.json.version), String(v));
  const first = await c.api('GET', '/api/v1/terms/1');
  assert.equal(first.status, 200, first.describe());
  assertProblem(await c.api('GET', '/api/v1/terms/999'), 404);
});

test('the sign-up form accepts the current terms version only', async () => {
  const r = await new Client(srv.url).get('/signup');
  const v = await currentTermsVersion(srv.url);
  assert.match(r.body, new RegExp(`name=["']?terms_version["']?[^>]*value=["']?${v}\\b|value=["']?${v}["']?[^>]*name=["']?terms_version`));
});
