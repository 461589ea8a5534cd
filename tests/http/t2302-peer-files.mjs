// Homework files (CRS-1): accepted types by content and extension, stored
// under DATA/uploads with random names outside any web root, a replaced
// file deleted, downloads as attachments with the sniffed type only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { startCampus } from '../lib/server.mjs';
import { addCourse, newLearner, submitForm } from '../lib/peer.mjs';

let srv;
let l;
const HW = '/courses/files-course/homework/essay';
const uploads = () => (existsSync(join(srv.dataDir, 'uploads')) ? readdirSync(join(srv.dataDir, 'uploads')) : []);

before(async () => {
  srv = await startCampus();
  addCourse(srv, 'files-course', 'essay');
  l = await newLearner(srv, 'files');
});
after(async () => { await srv?.stop(); });

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

test('CRS-1: a PDF is stored under a random name; replacing it by a ZIP deletes the PDF', async () => {
  const r = await submitForm(l.web, HW, { answer: 'See the attached file.', file: { name: '../../My Essay "final".pdf', data: PDF } });
  assert.equal(r.status, 303, r.describe());
  let files = uploads();
  assert.equal(files.length, 1);
  assert.match(files[0], /^[0-9a-f]{64}\.pdf$/, 'a random name, nothing of the learner\'s');
  const page = await l.web.get(HW);
  const id = /\/submissions\/(\d+)\/file/.exec(page.body)[1];
  const f = await l.web.get(`/submissions/${id}/file`);
  assert.equal(f.status, 200);
  assert.equal(f.contentType, 'application/pdf');
  // Only the last segment, in safe characters (the client may percent-encode the quotes).
  assert.match(f.headers.get('content-disposition'), /^attachment; filename="My_Essay_[A-Za-z0-9_]*final[A-Za-z0-9_]*\.pdf"$/);
  // Never reachable as a static file.
  for (const p of [`/uploads/${files[0]}`, `/static/${files[0]}`, `/static/../uploads/${files[0]}`]) {
    assert.ok([400, 404].includes((await l.web.get(p)).status), p);
  }
  const z = await submitForm(l.web, HW, { answer: 'Now as a zip.', file: { name: 'work.ZIP', data: ZIP } });
  assert.equal(z.status, 303, z.describe());
  files = uploads();
  assert.equal(files.length, 1, 'the replaced PDF is deleted');
  assert.match(files[0], /\.zip$/);
  const g = await l.web.get(`/submissions/${id}/file`);
  assert.equal(g.contentType, 'application/zip');
});

test('CRS-1: a PNG with its real signature is accepted; a refused upload leaves nothing behind', async () => {
  const before = uploads().length;
  const bad = await submitForm(l.web, HW, { answer: 'x', file: { name: 'photo.jpg', data: PNG } });
  assert.equal(bad.status, 422, bad.describe());
  assert.match(bad.body, /does not match its extension/);
  assert.match(bad.body, /aria-invalid="true"/);
  assert.equal(uploads().length, before);
  const ok = await submitForm(l.web, HW, { answer: 'x', file: { name: 'photo.png', data: PNG } });
  assert.equal(ok.status, 303, ok.describe());
  assert.equal(uploads().length, 1);
});
