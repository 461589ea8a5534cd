// Certificates of achievement (CERT-1): issue to a granted subscriber who
// passed every exercise, once; preview without a code for a non-subscriber;
// what is missing for someone who does not qualify; the public verification
// page, the PDF (pdftotext, pdfinfo), the Open Badge VC-JWT verified with
// node's crypto against the key published at /issuer; 404 for unknown codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCampus, CAMPUS_BIN, ROOT } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { signupAndVerify, signIn, apiToken, assertProblem } from '../lib/fixtures.mjs';
import { pdfTool } from '../lib/pdf.mjs';

let srv;
let courseDir;
const SLUG = 'cert-test';
const TITLE = 'Certificates & badges 101';

const campus = (args) => {
  const r = spawnSync(CAMPUS_BIN, [...args, '--data', srv.dataDir, ...(srv.dbUrl ? ['--db', srv.dbUrl] : [])], { encoding: 'utf8', cwd: ROOT, timeout: 60000 });
  assert.equal(r.status, 0, `campus ${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
  return r;
};

/* A course with one chapter and two weighted quizzes (pass mark 70 %). */
function writeCourse(dir) {
  mkdirSync(join(dir, 'chapters'), { recursive: true });
  mkdirSync(join(dir, 'quizzes'), { recursive: true });
  writeFileSync(join(dir, 'course.ini'), `[course]
slug = ${SLUG}
title = ${TITLE}
lang = en
summary = A short course to test certificates.
level = beginner
category = testing
duration_minutes = 20
author = Test Author
licence = CC-BY-SA-4.0
pass_mark = 70

[quiz:sums]
title = Sums
after = intro
weight = 1
pass_mark = 50

[quiz:sky]
title = The sky
after = intro
weight = 3
pass_mark = 50
`);
  writeFileSync(join(dir, 'chapters', '01-intro.md'), '# Introduction\n\nTwo quizzes follow.\n');
  writeFileSync(join(dir, 'quizzes', 'sums.gift'), '::Q1:: 2 + 2 = ? {=4 ~3 ~5}\n\n::Q2:: 3 + 3 = ? {=6 ~5 ~7}\n');
  writeFileSync(join(dir, 'quizzes', 'sky.gift'), '::S1:: The sky is blue on a clear day. {T}\n');
}

before(async () => {
  srv = await startCampus();
  courseDir = mkdtempSync(join(tmpdir(), 'campus-cert-course-'));
  writeCourse(courseDir);
  campus(['course', 'import', courseDir]);
});
after(async () => {
  await srv?.stop();
  if (courseDir) rmSync(courseDir, { recursive: true, force: true });
});

/* A verified learner with a session (HTML) and a token (API). */
async function learner(over = {}) {
  const u = await signupAndVerify(srv, over);
  const { client } = await signIn(srv, u.email, u.password);
  const api = await apiToken(srv, u.email, u.password);
  return { ...u, client, api };
}

async function attempt(api, quiz, answers) {
  const r = await api.api('POST', `/api/v1/courses/${SLUG}/quizzes/${quiz}/attempts`, { answers });
  assert.equal(r.status, 201, r.describe());
  return r.json;
}

async function passAll(api) {
  const a = await attempt(api, 'sums', [0, 0]);
  assert.equal(a.passed, true, JSON.stringify(a));
  const b = await attempt(api, 'sky', ['true']);
  assert.equal(b.passed, true, JSON.stringify(b));
}

const grant = (email) => campus(['premium', 'grant', email, '--reason', 'certificate tests']);

const codeIn = (html) => /\/certificates\/([A-Z2-7]{12})/.exec(html)?.[1];

async function fetchBytes(path) {
  const res = await fetch(srv.url + path);
  return { res, buf: Buffer.from(await res.arrayBuffer()) };
}

test('campus init made the issuer key DATA/issuer.key, private (0600)', () => {
  const f = join(srv.dataDir, 'issuer.key');
  assert.equal(statSync(f).mode & 0o777, 0o600);
  assert.match(readFileSync(f, 'utf8'), /^[0-9a-f]{64}\n$/);
});

test('CERT-1 a granted subscriber who passed every exercise gets one certificate, emailed, audited', async () => {
  const u = await learner({ name: 'Grace Hopper' });
  grant(u.email);
  await passAll(u.api);
  const before = srv.mailsTo(u.email).length;
  const r = await u.client.get(`/courses/${SLUG}/certificate`);
  assert.equal(r.status, 200, r.describe());
  const code = codeIn(r.body);
  assert.ok(code, `no certificate code on the page: ${r.describe(2000)}`);
  assert.match(r.body, /Grace Hopper/);
  assert.match(r.body, /Certificates &amp; badges 101/);
  assert.match(r.body, /100%/, 'overall score shown');
  const mail = await srv.waitForMail((m) => m.to.toLowerCase().includes(u.email.toLowerCase()) && /certificate/i.test(m.subject), { after: 0 });
  assert.ok(mail.text.includes(`/certificates/${code}`), `the email links to the verification page: ${mail.text}`);

  // Issued once: the page, the API claim and the list all give the same code, and no second email.
  const again = await u.client.get(`/courses/${SLUG}/certificate`);
  assert.equal(codeIn(again.body), code);
  const claim = await u.api.api('POST', `/api/v1/courses/${SLUG}/certificate`);
  assert.equal(claim.status, 200, claim.describe());
  assert.equal(claim.json.code, code);
  const mine = await u.api.api('GET', '/api/v1/certificates');
  assert.equal(mine.status, 200, mine.describe());
  assert.deepEqual(mine.json.certificates.map((c) => c.code), [code]);
  const c = mine.json.certificates[0];
  assert.equal(c.holder, 'Grace Hopper');
  assert.equal(c.score_bp, 10000);
  assert.equal(c.pass_mark, 70);
  assert.equal(c.status, 'valid');
  await new Promise((res) => setTimeout(res, 300));
  assert.equal(srv.mailsTo(u.email).filter((m) => /certificate/i.test(m.subject)).length, 1, 'one email only');
  assert.ok(srv.mailsTo(u.email).length >= before + 1);

  // My certificates page.
  const page = await u.client.get('/certificates');
  assert.equal(page.status, 200, page.describe());
  assert.ok(page.body.includes(code));

  // DATA-1: the issue is in the audit log.
  const admin = await apiToken(srv, srv.demo.admin.email, srv.demo.admin.password);
  const audit = await admin.api('GET', '/api/v1/audit?subject_type=certificate');
  assert.equal(audit.status, 200, audit.describe());
  const items = audit.json.items ?? audit.json.entries ?? audit.json;
  assert.ok(JSON.stringify(items).includes('certificate.issue'), `no certificate.issue in ${audit.describe(1500)}`);
});

test('CERT-1 the API claim issues with 201 and a Location; a second claim gives the same certificate', async () => {
  const u = await learner({ name: 'Alan Turing' });
  grant(u.email);
  await passAll(u.api);
  const first = await u.api.api('POST', `/api/v1/courses/${SLUG}/certificate`);
  assert.equal(first.status, 201, first.describe());
  assert.match(first.json.code, /^[A-Z2-7]{12}$/);
  assert.equal(first.headers.get('location'), `/api/v1/certificates/${first.json.code}`);
  const second = await u.api.api('POST', `/api/v1/courses/${SLUG}/certificate`);
  assert.equal(second.status, 200, second.describe());
  assert.equal(second.json.code, first.json.code);
  const pub = await new Client(srv.url).api('GET', `/api/v1/certificates/${first.json.code}`);
  assert.equal(pub.status, 200, pub.describe());
  assert.equal(pub.json.holder, 'Alan Turing');
  assert.equal(pub.json.course.slug, SLUG);
});

test('CERT-1 a non-subscriber who qualifies sees the preview with name and score, no code, no PDF', async () => {
  const u = await learner({ name: 'Katherine Johnson' });
  await passAll(u.api);
  const r = await u.client.get(`/courses/${SLUG}/certificate`);
  assert.equal(r.status, 200, r.describe());
  assert.match(r.body, /Katherine Johnson/);
  assert.match(r.body, /100%/);
  assert.match(r.body, /Premium required/);
  assert.equal(codeIn(r.body), undefined, 'a preview carries no certificate link');
  assert.doesNotMatch(r.body, /\/pdf"/);
  const claim = await u.api.api('POST', `/api/v1/courses/${SLUG}/certificate`);
  assertProblem(claim, 403);
  assert.equal(claim.json.standing.decision, 'preview');
  assert.equal(claim.json.standing.preview.holder, 'Katherine Johnson');
  assert.equal(claim.json.standing.preview.score_bp, 10000);
  const mine = await u.api.api('GET', '/api/v1/certificates');
  assert.deepEqual(mine.json.certificates, []);
});

test('CERT-1 someone who does not qualify sees what is missing', async () => {
  const u = await learner();
  grant(u.email);
  // Sums passed at 50 %, the sky quiz (weight 3) not attempted: 1 of 2 not passed, overall 12.5 %.
  await attempt(u.api, 'sums', [0, 1]);
  const r = await u.client.get(`/courses/${SLUG}/certificate`);
  assert.equal(r.status, 200, r.describe());
  assert.match(r.body, /Not yet/);
  assert.match(r.body, /1 of 2 are not passed yet/);
  assert.match(r.body, /12.5%/);
  assert.match(r.body, /needs 70%/);
  assert.match(r.body, /not attempted/);
  assert.match(r.body, /href="\/courses\/cert-test\/quizzes\/sky"/);
  assert.equal(codeIn(r.body), undefined);
  const claim = await u.api.api('POST', `/api/v1/courses/${SLUG}/certificate`);
  assertProblem(claim, 409);
  assert.equal(claim.json.standing.decision, 'not_yet');
  assert.deepEqual(claim.json.standing.exercises.map((e) => [e.slug, e.passed, e.attempted]), [['sums', true, true], ['sky', false, false]]);
  assert.equal(claim.json.standing.overall_bp, 1250);
});

test('CERT-1 the certificate page of an unknown course is 404; anonymous visitors are sent to sign in', async () => {
  const u = await learner();
  const r = await u.client.get('/courses/no-such-course/certificate');
  assert.equal(r.status, 404, r.describe());
  const anon = await new Client(srv.url).get(`/courses/${SLUG}/certificate`);
  assert.equal(anon.status, 303, anon.describe());
  const api = await new Client(srv.url).api('POST', `/api/v1/courses/${SLUG}/certificate`);
  assertProblem(api, 401);
});

test('CERT-1 verification page, PDF and signed Open Badge check out', async () => {
  const u = await learner({ name: "Zoë O'Neil & Ada" });
  grant(u.email);
  await passAll(u.api);
  const claim = await u.api.api('POST', `/api/v1/courses/${SLUG}/certificate`);
  assert.equal(claim.status, 201, claim.describe());
  const code = claim.json.code;

  // The public page, without signing in.
  const anon = new Client(srv.url);
  const page = await anon.get(`/certificates/${code}`);
  assert.equal(page.status, 200, page.describe());
  assert.ok(page.body.includes('Zoë O&#39;Neil &amp; Ada') || page.body.includes('Zoë O&#x27;Neil &amp; Ada'), `the name, escaped: ${page.describe(3000)}`);
  assert.ok(page.body.includes(TITLE.replace('&', '&amp;')));
  assert.match(page.body, /Valid/);
  assert.match(page.body, /<meta property="og:title" content="[^"]*Certificates &amp; badges 101/);
  assert.match(page.body, new RegExp(`<meta property="og:url" content="[^"]*/certificates/${code}"`));
  assert.ok(page.body.includes(`href="/certificates/${code}/pdf"`));
  assert.ok(page.body.includes(`href="/certificates/${code}/badge"`));
  const li = /href="(https:\/\/www\.linkedin\.com\/profile\/add\?[^"]+)"/.exec(page.body);
  assert.ok(li, 'an Add to LinkedIn profile link');
  const lu = new URL(li[1].replaceAll('&amp;', '&'));
  assert.equal(lu.searchParams.get('startTask'), 'CERTIFICATION_NAME');
  assert.equal(lu.searchParams.get('name'), TITLE);
  assert.equal(lu.searchParams.get('certId'), code);
  assert.match(lu.searchParams.get('certUrl'), new RegExp(`/certificates/${code}$`));
  assert.equal(lu.searchParams.get('issueYear'), String(new Date().getUTCFullYear()));
  assert.match(lu.searchParams.get('issueMonth'), /^([1-9]|1[0-2])$/);
  assert.ok(lu.searchParams.get('organizationName'));

  // The PDF: public, cacheable, inline, one page with the name and the code.
  const { res, buf } = await fetchBytes(`/certificates/${code}/pdf`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.match(res.headers.get('content-disposition'), new RegExp(`^inline; filename="certificate-${code}\\.pdf"$`));
  assert.match(res.headers.get('cache-control'), /public/);
  assert.equal(buf.subarray(0, 5).toString(), '%PDF-');
  assert.match(pdfTool('pdfinfo', buf), /Pages:\s+1\n/);
  const text = pdfTool('pdftotext', buf, ['-enc', 'UTF-8']).replace(/\s+/g, ' ');
  assert.ok(text.includes("Zoë O'Neil & Ada"), text);
  assert.ok(text.includes('Certificate of achievement'), text);
  assert.ok(text.includes(code), text);

  // The badge: a compact JWS signed with the key of the issuer profile.
  const b = await fetch(`${srv.url}/certificates/${code}/badge`);
  assert.equal(b.status, 200);
  assert.equal(b.headers.get('content-type'), 'application/vc+jwt');
  const jwt = (await b.text()).trim();
  const [h64, p64, s64] = jwt.split('.');
  const header = JSON.parse(Buffer.from(h64, 'base64url'));
  const payload = JSON.parse(Buffer.from(p64, 'base64url'));
  assert.equal(header.alg, 'EdDSA');
  const iss = await fetch(`${srv.url}/issuer`);
  assert.equal(iss.status, 200);
  const profile = await iss.json();
  assert.deepEqual(profile.type, ['Profile']);
  assert.equal(payload.iss, profile.id);
  assert.equal(payload.vc.issuer.id, profile.id);
  const vm = profile.verificationMethod.find((m) => m.id === header.kid);
  assert.ok(vm, `the JWT kid ${header.kid} is a verificationMethod of the issuer profile`);
  assert.equal(vm.publicKeyJwk.kty, 'OKP');
  assert.equal(vm.publicKeyJwk.crv, 'Ed25519');
  assert.equal(vm.publicKeyJwk.d, undefined, 'no private key published');
  const key = crypto.createPublicKey({ key: vm.publicKeyJwk, format: 'jwk' });
  assert.ok(crypto.verify(null, Buffer.from(`${h64}.${p64}`), key, Buffer.from(s64, 'base64url')), 'Ed25519 signature verifies');
  // A changed payload does not verify.
  const forged = Buffer.from(JSON.stringify({ ...payload, jti: 'x' })).toString('base64url');
  assert.ok(!crypto.verify(null, Buffer.from(`${h64}.${forged}`), key, Buffer.from(s64, 'base64url')));
  assert.ok(payload.vc.type.includes('OpenBadgeCredential'));
  assert.match(payload.jti, new RegExp(`/certificates/${code}$`));
  assert.match(payload.vc.credentialSubject.achievement.name, /Certificates & badges 101/);
  assert.ok(!JSON.stringify(payload).includes(u.email), 'the public badge does not disclose the email address');

  // The key is stable: the profile is the same on a second request.
  const again = await (await fetch(`${srv.url}/issuer`)).json();
  assert.deepEqual(again, profile);
});

test('CERT-1 a French learner gets the certificate in French', async () => {
  const u = await learner({ name: 'Marie Curie', lang: 'fr' });
  grant(u.email);
  await passAll(u.api);
  const claim = await u.api.api('POST', `/api/v1/courses/${SLUG}/certificate`);
  assert.equal(claim.status, 201, claim.describe());
  assert.equal(claim.json.lang, 'fr');
  const { buf } = await fetchBytes(`/certificates/${claim.json.code}/pdf`);
  const text = pdfTool('pdftotext', buf, ['-enc', 'UTF-8']).replace(/\s+/g, ' ');
  assert.ok(text.includes('Certificat de réussite'), text);
  assert.ok(text.includes('Marie Curie'), text);
});

test('unknown or malformed certificate codes are 404 (page, PDF, badge, API)', async () => {
  const anon = new Client(srv.url);
  for (const code of ['AAAAAAAAAAAA', 'not-a-code', 'A'.repeat(300)]) {
    const r = await anon.get(`/certificates/${code}`);
    assert.equal(r.status, 404, r.describe());
    assert.match(r.contentType, /text\/html/);
    for (const sub of ['pdf', 'badge']) {
      const s = await anon.get(`/certificates/${code}/${sub}`);
      assert.equal(s.status, 404, s.describe());
      assert.notEqual(s.headers.get('cache-control'), 'public, max-age=86400');
    }
    assertProblem(await anon.api('GET', `/api/v1/certificates/${code}`), 404);
  }
});

test('CERT-1 a revoked certificate says so on its page and in the API; its badge is gone (410)', async () => {
  const u = await learner({ name: 'Revoked Person' });
  grant(u.email);
  await passAll(u.api);
  const claim = await u.api.api('POST', `/api/v1/courses/${SLUG}/certificate`);
  assert.equal(claim.status, 201, claim.describe());
  const code = claim.json.code;
  const r = campus(['certificate', 'revoke', code, '--reason', 'Issued by mistake during a test']);
  assert.match(r.stdout, new RegExp(`certificate ${code} revoked`));
  const page = await new Client(srv.url).get(`/certificates/${code}`);
  assert.equal(page.status, 200, page.describe());
  assert.match(page.body, /Revoked/);
  assert.doesNotMatch(page.body, /Valid:/);
  const api = await new Client(srv.url).api('GET', `/api/v1/certificates/${code}`);
  assert.equal(api.json.status, 'revoked');
  const badge = await fetch(`${srv.url}/certificates/${code}/badge`);
  assert.equal(badge.status, 410);
  await srv.waitForMail((m) => m.to.toLowerCase().includes(u.email.toLowerCase()) && /revoked/i.test(m.subject));
  // Revoking twice, without a reason, or an unknown code: refused.
  for (const args of [['certificate', 'revoke', code, '--reason', 'again'], ['certificate', 'revoke', code], ['certificate', 'revoke', 'AAAAAAAAAAAA', '--reason', 'x']]) {
    const x = spawnSync(CAMPUS_BIN, [...args, '--data', srv.dataDir, ...(srv.dbUrl ? ['--db', srv.dbUrl] : [])], { encoding: 'utf8', cwd: ROOT, timeout: 60000 });
    assert.notEqual(x.status, 0, `campus ${args.join(' ')} should fail`);
    assert.ok(x.stderr.length > 0);
  }
  // The learner still sees it, revoked, rather than a new one.
  const again = await u.api.api('POST', `/api/v1/courses/${SLUG}/certificate`);
  assert.equal(again.status, 200, again.describe());
  assert.equal(again.json.code, code);
  assert.equal(again.json.status, 'revoked');
});
