// The catalogue (GET /courses, GET /api/v1/courses): full-text search,
// filters, pages of 12 in a stable order, the count, the empty state; the
// course page (CRS-3 author and licence link, outline links, CRS-4 coming
// soon); course images.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startCampus } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { findForm, labelTargets } from '../lib/html.mjs';
import { assertProblem, SCRIPT } from '../lib/fixtures.mjs';
import { campusCli, fixtureCopy, FIXTURES } from '../lib/courses.mjs';

let srv;
let base; // courses present before the fixtures (the demo catalogue)
const tmp = [];
const anon = () => new Client(srv.url);

before(async () => {
  srv = await startCampus();
  base = (await anon().api('GET', '/api/v1/courses')).json.total;
  const dirs = [join(FIXTURES, 'kitchen-basics'), join(FIXTURES, 'semis-au-jardin')];
  // Fourteen more courses, so that the catalogue has several pages.
  for (let i = 0; i < 14; i++) {
    const d = fixtureCopy('kitchen-basics', {
      slug: `zz-page-${String(i).padStart(2, '0')}`,
      title: `Zz pagination ${String(i).padStart(2, '0')}`,
      category: 'paging',
      duration_minutes: 20 + i,
      summary: `Filler course number ${i} about ${i % 2 ? 'marmalade' : 'chutney'}.`,
    });
    tmp.push(d);
    dirs.push(d);
  }
  const r = campusCli(srv, ['course', 'import', ...dirs]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
});
after(async () => {
  await srv?.stop();
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

function slugsOf(html) {
  return [...html.matchAll(/<li class="course-card"><h2 lang="(?:en|fr)"><a href="\/courses\/([a-z0-9-]+)"/g)].map((m) => m[1]);
}

test('anonymous catalogue: filter form that works without JS (GET, labelled), cards, count', async () => {
  const r = await anon().get('/courses');
  assert.equal(r.status, 200, r.describe());
  const form = findForm(r.body, '/courses');
  assert.equal((form.method || 'get').toLowerCase(), 'get');
  const labels = labelTargets(r.body);
  for (const name of ['q', 'category', 'level', 'lang', 'duration']) {
    const f = form.fields.find((x) => x.name === name);
    assert.ok(f, `filter ${name}`);
    assert.ok(labels.has(f.id), `filter ${name} has a label`);
  }
  assert.match(r.body, new RegExp(`${base + 16} courses`));
  assert.equal(slugsOf(r.body).length, 12, 'pages of 12');
});

test('full-text search: a word of a chapter, of a summary', async () => {
  let r = await anon().get('/courses?q=groundwork');
  assert.deepEqual(slugsOf(r.body), ['kitchen-basics']);
  r = await anon().get('/courses?q=godets'); // only in a chapter
  assert.deepEqual(slugsOf(r.body), ['semis-au-jardin']);
  r = await anon().get('/courses?q=marmalade');
  assert.equal(slugsOf(r.body).length, 7);
  assert.match(r.body, /7 courses/);
  r = await anon().get('/courses?q=repiquer');
  assert.deepEqual(slugsOf(r.body), ['semis-au-jardin']);
  const api = await anon().api('GET', '/api/v1/courses?q=repiquer');
  assert.equal(api.status, 200);
  assert.deepEqual(api.json.courses.map((c) => c.slug), ['semis-au-jardin']);
  assert.equal(api.json.total, 1);
});

test('search text is data: quotes, operators and markup neither break nor inject', async () => {
  for (const q of ['"', 'AND OR NOT', '*', 'a"b', SCRIPT, "' OR 1=1 --", 'NEAR(', '((']) {
    const r = await anon().get(`/courses?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200, `q=${q}: ${r.describe(200)}`);
    assert.ok(!r.body.includes('<script>alert(1)'), 'the query is escaped');
    const a = await anon().api('GET', `/api/v1/courses?q=${encodeURIComponent(q)}`);
    assert.equal(a.status, 200, `api q=${q}: ${a.describe(200)}`);
  }
});

test('filters: category, level, language, duration bands', async () => {
  let r = await anon().api('GET', '/api/v1/courses?category=paging');
  assert.equal(r.json.total, 14);
  r = await anon().api('GET', '/api/v1/courses?lang=fr&level=intermediate');
  assert.ok(r.json.courses.some((c) => c.slug === 'semis-au-jardin'));
  assert.ok(r.json.courses.every((c) => c.lang === 'fr' && c.level === 'intermediate'));
  r = await anon().api('GET', '/api/v1/courses?duration=short&category=paging');
  assert.equal(r.json.total, 14); // 20..33 minutes
  r = await anon().api('GET', '/api/v1/courses?duration=long');
  assert.ok(r.json.courses.some((c) => c.slug === 'semis-au-jardin')); // 200 minutes
  assert.ok(r.json.courses.every((c) => c.duration_minutes >= 180));
  r = await anon().api('GET', '/api/v1/courses?duration=medium');
  assert.ok(r.json.courses.every((c) => c.duration_minutes >= 60 && c.duration_minutes < 180));
  const page = await anon().get('/courses?category=paging&duration=short');
  assert.match(page.body, /14 courses/);
  assert.match(page.body, /<option value="paging" selected>/);
  assert.match(page.body, /<option value="short" selected>/);
});

test('pagination: 12 per page, stable order, pages link with the filters; past the end', async () => {
  const p1 = await anon().api('GET', '/api/v1/courses?category=paging');
  const p2 = await anon().api('GET', '/api/v1/courses?category=paging&page=2');
  assert.equal(p1.json.page_size, 12);
  assert.equal(p1.json.pages, 2);
  assert.equal(p1.json.courses.length, 12);
  assert.equal(p2.json.courses.length, 2);
  const all = [...p1.json.courses, ...p2.json.courses].map((c) => c.slug);
  assert.deepEqual(all, [...all].sort(), 'title order (titles sort like slugs here)');
  assert.equal(new Set(all).size, 14);
  const again = await anon().api('GET', '/api/v1/courses?category=paging');
  assert.deepEqual(again.json.courses.map((c) => c.slug), p1.json.courses.map((c) => c.slug), 'stable');
  const html = await anon().get('/courses?category=paging');
  assert.match(html.body, /href="\/courses\?category=paging&amp;page=2"/);
  assert.match(html.body, /Page 1 of 2/);
  const beyond = await anon().api('GET', '/api/v1/courses?category=paging&page=9');
  assert.equal(beyond.json.courses.length, 0);
  assert.equal(beyond.json.total, 14);
});

test('empty state, and bad filters: ignored on the page, 422 on the API', async () => {
  const r = await anon().get('/courses?q=xylophonequartz');
  assert.equal(r.status, 200);
  assert.match(r.body, /0 courses/);
  assert.match(r.body, /No course matches your search/);
  assert.match(r.body, /href="\/courses"/);
  const bad = await anon().get('/courses?level=wizard&page=abc');
  assert.equal(bad.status, 200);
  for (const q of ['level=wizard', 'lang=de', 'duration=forever', 'page=0', 'page=x', 'category=Bad!', `q=${'a'.repeat(201)}`]) {
    assertProblem(await anon().api('GET', `/api/v1/courses?${q}`), 422);
  }
});

test('French catalogue: labels and counts in French', async () => {
  const c = new Client(srv.url, { headers: { 'accept-language': 'fr' } });
  const r = await c.get('/courses?q=repiquer');
  assert.match(r.body, /Chercher/);
  assert.match(r.body, /1 cours</);
  assert.match(r.body, /Bientôt/);
});

test('CRS-3 course page: author, licence with its creativecommons.org link, level, duration, pass mark', async () => {
  const r = await anon().get('/courses/kitchen-basics');
  assert.equal(r.status, 200, r.describe());
  assert.match(r.body, /<h1>Kitchen basics<\/h1>/);
  assert.match(r.body, /Test Author Alpha/);
  assert.match(r.body, /<a rel="license" href="https:\/\/creativecommons\.org\/licenses\/by-sa\/4\.0\/">CC BY-SA 4\.0<\/a>/);
  assert.match(r.body, /Beginner/);
  assert.match(r.body, /45 min/);
  assert.match(r.body, /60%/);
  const fr = await anon().get('/courses/semis-au-jardin');
  assert.match(fr.body, /href="https:\/\/creativecommons\.org\/licenses\/by-nc-sa\/4\.0\/">CC BY-NC-SA 4\.0/);
  const api = await anon().api('GET', '/api/v1/courses/kitchen-basics');
  assert.equal(api.json.licence.url, 'https://creativecommons.org/licenses/by-sa/4.0/');
  assert.equal(api.json.author, 'Test Author Alpha');
});

test('course page outline: chapters, videos under their chapter, exercises after theirs, URL map', async () => {
  const r = await anon().get('/courses/kitchen-basics');
  const i = (s) => r.body.indexOf(s);
  const knives = i('href="/courses/kitchen-basics/chapters/knives"');
  const video = i('href="/courses/kitchen-basics/videos/intro"');
  const quiz = i('href="/courses/kitchen-basics/quizzes/knives"');
  const stocks = i('href="/courses/kitchen-basics/chapters/stocks"');
  const homework = i('href="/courses/kitchen-basics/homework/menu"');
  for (const [n, v] of Object.entries({ knives, video, quiz, stocks, homework })) assert.ok(v > 0, `${n} link`);
  assert.ok(knives < video && video < quiz && quiz < stocks && stocks < homework, 'outline order');
  const api = (await anon().api('GET', '/api/v1/courses/kitchen-basics')).json;
  assert.deepEqual(api.outline.map((x) => `${x.type}:${x.slug}`), ['chapter:knives', 'quiz:knives', 'chapter:stocks', 'homework:menu']);
  assert.equal(api.outline[0].videos[0].url, '/courses/kitchen-basics/videos/intro');
  assert.deepEqual(api.outline[3].rubric[0], { criterion: 'Balance', points: 4 });
  assertProblem(await anon().api('GET', '/api/v1/courses/no-such-course'), 404);
  assert.equal((await anon().get('/courses/no-such-course')).status, 404);
  assert.equal((await anon().get('/courses/Bad%20Slug')).status, 404);
});

test('CRS-4 coming soon: projected date shown, chapters not linked, API says not open', async () => {
  const r = await anon().get('/courses/semis-au-jardin');
  assert.match(r.body, /Coming soon/);
  assert.match(r.body, /1 March 2031/);
  assert.ok(!r.body.includes('/courses/semis-au-jardin/chapters/'), 'no chapter link before opening');
  assert.match(r.body, /Préparer la terre/);
  assert.match(r.body, /action="\/courses\/semis-au-jardin\/notify"/);
  const api = (await anon().api('GET', '/api/v1/courses/semis-au-jardin')).json;
  assert.equal(api.open, false);
  assert.equal(api.opens_on, '2031-03-01');
  const open = (await anon().api('GET', '/api/v1/courses/kitchen-basics')).json;
  assert.equal(open.open, true);
  assert.equal(open.opens_on, null);
  const card = await anon().get('/courses?q=repiquer');
  assert.match(card.body, /Coming soon · 1 March 2031/);
});

test('course images: from DATA/media, right type, cached; safe names only; no videos here', async () => {
  const chapter = await anon().get('/courses/kitchen-basics/media/knife.svg');
  assert.equal(chapter.status, 200);
  assert.match(chapter.contentType, /^image\/svg\+xml/);
  assert.match(chapter.headers.get('cache-control'), /public, max-age=\d+/);
  assert.ok(chapter.headers.get('etag'));
  assert.match(chapter.body, /<svg/);
  const again = await anon().get('/courses/kitchen-basics/media/knife.svg', { headers: { 'if-none-match': chapter.headers.get('etag') } });
  assert.equal(again.status, 304);
  for (const p of ['/courses/kitchen-basics/media/intro.webm', '/courses/kitchen-basics/media/..%2Fcampus.db',
    '/courses/kitchen-basics/media/.hidden.svg', '/courses/kitchen-basics/media/nope.svg', '/courses/..%2F..%2Fetc/media/passwd.svg']) {
    const x = await anon().get(p);
    assert.equal(x.status, 404, `${p}: ${x.status}`);
  }
});
