// finance: the year on the finance page and the complete exports (issue 4
// §6, INV-1). Exports are written a page of documents at a time
// (billing/finance_export.c): the CSV lists every invoice and credit note,
// the FEC every EUR one with continuous entry numbers, in ISO 8859-15; the
// API and `campus finance export` give the same bytes; a year of more
// documents than a page is complete (2,100 renewals seeded and billed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { billingWorld } from '../lib/billing.mjs';
import { assertProblem } from '../lib/fixtures.mjs';
import { CAMPUS_BIN, DB_URL, ROOT, createPgDatabase, run } from '../lib/server.mjs';
import { waitFor } from '../lib/payments.mjs';

let w;
before(async () => { w = await billingWorld(); });
after(async () => { await w?.srv.stop(); });

/** The raw bytes of an API download (Latin-9 must not go through a text decoder). */
async function download(path) {
  const res = await fetch(`${w.srv.url}${path}`, { headers: { authorization: `Bearer ${w.admin.token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

function dbArgs() { return w.srv.dbUrl ? ['--db', w.srv.dbUrl] : []; }

/** FEC records (CR LF, TAB) as arrays of 18 fields, header first. */
function fecRecords(bytes) {
  const text = bytes.toString('latin1');
  assert.ok(text.endsWith('\r\n'));
  return text.slice(0, -2).split('\r\n').map((l) => l.split('\t'));
}

/** Checks what A. 47 A-1 asks of the entries; returns them by number. */
function checkFec(records) {
  assert.equal(records[0][0], 'JournalCode');
  const byNum = new Map();
  for (const r of records.slice(1)) {
    assert.equal(r.length, 18, r.join('|'));
    const num = Number(r[2]);
    if (!byNum.has(num)) byNum.set(num, []);
    byNum.get(num).push(r);
  }
  const nums = [...byNum.keys()];
  nums.forEach((n, i) => assert.equal(n, i + 1, 'EcritureNum continuous from 1'));
  let lastDate = '';
  for (const [num, lines] of byNum) {
    const cents = (s) => Number(s.replace(',', '.')) * 100;
    const debit = lines.reduce((s, l) => s + cents(l[11]), 0);
    const credit = lines.reduce((s, l) => s + cents(l[12]), 0);
    assert.equal(Math.round(debit), Math.round(credit), `entry ${num} balanced`);
    assert.ok(lines[0][3] >= lastDate, `entry ${num} not before the previous one`);
    lastDate = lines[0][3];
  }
  return byNum;
}

test('INV-1: the year on the finance page and its exports, CSV and FEC, API and command line', async () => {
  const fr = await w.learner({ name: 'Zoé Ménard', country: 'FR' });
  const ch = await w.learner({ name: 'Heidi Keller', country: 'CH' });
  const { sub } = await w.subscribe(fr, 'monthly');
  await w.subscribe(ch, 'monthly');
  const r = await w.admin.api('POST', `/api/v1/subscriptions/${sub.id}/refund`, { reason: 'goodwill' });
  assert.equal(r.status, 202, r.describe());
  await waitFor(async () => (await w.invoices(fr)).length === 2, { what: 'the credit note' });
  const docs = [...(await w.invoices(fr)), ...(await w.invoices(ch))];
  const year = Number(docs[0].issued_at.slice(0, 4));

  // CSV: every document of the year, each once.
  const csv = await download(`/api/v1/finance/invoices.csv?year=${year}`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.equal(csv.headers.get('content-disposition'), `attachment; filename="invoices-${year}.csv"`);
  const rows = csv.bytes.toString('utf8').split('\r\n').filter(Boolean);
  assert.equal(rows[0], 'number,date,customer,email,net,vat,total,currency,status');
  for (const d of docs) {
    const row = rows.find((l) => l.startsWith(`${d.number},`));
    assert.ok(row, `${d.number} in the CSV`);
    assert.ok(row.includes(`,${(d.gross / 100).toFixed(2)},${d.currency},`), row);
  }
  assert.equal(new Set(rows.slice(1).map((l) => l.split(',')[0])).size, rows.length - 1, 'no document twice');

  // FEC: the EUR documents only, balanced, numbered 1..n, Latin-9.
  const fec = await download(`/api/v1/finance/fec?year=${year}`);
  assert.equal(fec.status, 200);
  assert.match(fec.headers.get('content-type'), /iso-8859-15/);
  const entries = checkFec(fecRecords(fec.bytes));
  const refs = [...entries.values()].map((l) => l[0][8]);
  for (const d of docs) {
    if (d.currency === 'EUR') assert.ok(refs.includes(d.number), `${d.number} in the FEC`);
    else assert.ok(!refs.includes(d.number), `${d.number} (${d.currency}) not in the FEC`);
  }
  assert.ok(fec.bytes.includes(Buffer.from('Zo\xe9 M\xe9nard', 'latin1')), 'the name in ISO 8859-15');

  // The command line writes the same bytes, under the standard names.
  const dir = mkdtempSync(join(tmpdir(), 'campus-fin-'));
  try {
    for (const [format, api] of [['csv', csv], ['fec', fec]]) {
      const out = join(dir, `x.${format}`);
      const c = run(['finance', 'export', '--data', w.srv.dataDir, ...dbArgs(), '--year', String(year), '--format', format, '--out', out]);
      assert.equal(c.status, 0, c.stderr);
      assert.match(c.stdout, /finance export: \d+ documents of \d{4}/);
      assert.ok(readFileSync(out).equals(api.bytes), `${format}: the same bytes as the API`);
      assert.ok(!existsSync(`${out}.part`));
    }
    const bad = run(['finance', 'export', '--data', w.srv.dataDir, ...dbArgs(), '--year', '1999', '--out', join(dir, 'bad')]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /--year: a year from 2000 to 9999/);
    assert.ok(!existsSync(join(dir, 'bad')) && !existsSync(join(dir, 'bad.part')), 'nothing written');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // The page: the chart, the months in euros, other currencies apart.
  const page = await w.admin.get(`/finance?year=${year}`);
  assert.equal(page.status, 200);
  assert.match(page.body, /<svg class="chart fin-chart" role="img"/);
  assert.match(page.body, /<caption>Documents in euros by month of issue<\/caption>/);
  assert.match(page.body, /<th scope="row">CHF<\/th><td class="num">1<\/td>/);
  const month = new Date(docs[0].issued_at).toLocaleString('en-GB', { month: 'long', timeZone: 'Europe/Paris' });
  assert.match(page.body, new RegExp(`<th scope="row">${month}</th><td class="num">[1-9]\\d*</td>`));
  assert.match(page.body, /the exports list them all/);
  // The subscriptions as they stand: a bar per state, what renews monthly.
  assert.match(page.body, /<svg class="chart fin-states" role="img"[^>]*><title id="fin-st-t">\d+ subscriptions by state<\/title><desc id="fin-st-d">[^<]*Active: [1-9]/);
  assert.match(page.body, /Renewing every month, VAT included: (CHF|€)/);

  // Bad input: a specific error, nothing else.
  assertProblem(await w.admin.api('GET', '/api/v1/finance/fec?year=20x6'), 400);
  assertProblem(await w.admin.api('GET', '/api/v1/finance/invoices.csv?year=1999'), 400);
  assertProblem(await fr.api('GET', `/api/v1/finance/fec?year=${year}`), 403);
});

test('INV-1: a year of more documents than a page (2,100 renewals) is exported whole', async () => {
  // Its own database, billed by `campus billing run` (no server: the seeded
  // renewals are due in June 2026 and must be renewed once).
  const data = mkdtempSync(join(tmpdir(), 'campus-fin-big-'));
  const pg = DB_URL ? createPgDatabase(DB_URL) : null;
  const db = pg ? ['--db', pg.url] : [];
  try {
    const init = run(['init', '--data', data, ...db]);
    assert.equal(init.status, 0, init.stderr);
    const url = pg ? pg.url : `sqlite:${join(data, 'campus.db')}`;
    const seed = spawnSync(join(ROOT, 'bench/billing_seed.sh'), [url, '2100'], { encoding: 'utf8', cwd: ROOT, timeout: 120000 });
    assert.equal(seed.status, 0, seed.stderr);
    const bill = run(['billing', 'run', '--data', data, ...db, '--now', '2026-06-01T00:00:00Z'], { timeout: 600000 });
    assert.equal(bill.status, 0, bill.stderr);
    assert.match(bill.stdout, /2100 renewals/);
    const out = join(data, 'fec.txt');
    const f = run(['finance', 'export', '--data', data, ...db, '--year', '2026', '--format', 'fec', '--out', out]);
    assert.equal(f.status, 0, f.stderr);
    const entries = checkFec(fecRecords(readFileSync(out)));
    assert.equal(entries.size, 2100, 'one entry per invoice, numbered 1..2100');
    const numbers = new Set([...entries.values()].map((l) => l[0][8]));
    assert.equal(numbers.size, 2100, 'each invoice once');
    const c = spawnSync(CAMPUS_BIN, ['finance', 'export', '--data', data, ...db, '--year', '2026', '--out', '-'], { cwd: ROOT, maxBuffer: 64 << 20 });
    assert.equal(c.status, 0, String(c.stderr));
    const rows = c.stdout.toString('utf8').split('\r\n').filter(Boolean);
    assert.equal(rows.length, 2101, 'the header and 2,100 invoices');
    assert.equal(new Set(rows.slice(1).map((l) => l.split(',')[0])).size, 2100);
  } finally {
    rmSync(data, { recursive: true, force: true });
    pg?.drop();
  }
});
