// The reference for the invoice PDF benchmark (DESIGN.md: campus must be
// >= 50x faster than printing the same invoice from HTML with headless
// Chromium). One browser, one page, N invoices printed with page.pdf(), the
// way a web stack would do it; prints "chromium: N in X s = Y per second".
import { chromium } from 'playwright-core';

const n = Number(process.argv[2] || 50);
const html = (i) => `<!doctype html><html lang="fr"><head><meta charset="utf-8"><style>
body{font-family:"DejaVu Sans",sans-serif;font-size:10pt;color:#1f2933;margin:0}
header{background:#1e3a5f;color:#fff;padding:24px 40px;display:flex;justify-content:space-between}
h1{margin:0;font-size:18pt} .num{text-align:right} main{padding:24px 40px}
.parties{display:flex;gap:40px} .parties div{flex:1} small{color:#52606d;text-transform:uppercase;font-size:7pt}
table{width:100%;border-collapse:collapse;margin-top:24px} th,td{padding:6px 4px;border-bottom:1px solid #d9e2ec;text-align:left}
td.r,th.r{text-align:right} .totals{width:45%;margin-left:auto} footer{position:fixed;bottom:20px;left:40px;right:40px;font-size:7pt;color:#52606d}
</style></head><body><header><h1>Campus Learning SAS</h1><div class="num"><h1>FACTURE</h1>N° 2026-${String(100000 + i)}</div></header>
<main><div class="parties"><div><small>Vendeur</small><br><b>Campus Learning SAS</b><br>12 rue de la Paix<br>75002 Paris<br>France<br>N° TVA : FR12345678901</div>
<div><small>Client</small><br><b>Élodie Dupré</b><br>3 place Bellecour<br>69002 Lyon<br>Pays : FR<br>E-mail : elodie.dupre@example.org</div></div>
<p><small>Date d'émission</small> 3 mars 2026 — <small>Période de service</small> du 3 mars 2026 au 2 mars 2027</p>
<table><tr><th>Désignation</th><th class="r">Qté</th><th class="r">Prix unitaire TTC</th><th class="r">TVA</th><th class="r">Total TTC</th></tr>
<tr><td>Premium subscription, yearly</td><td class="r">1</td><td class="r">999,00 €</td><td class="r">20 %</td><td class="r">999,00 €</td></tr>
<tr><td>Printed course book « Statistique descriptive »</td><td class="r">2</td><td class="r">117,75 €</td><td class="r">5,5 %</td><td class="r">235,50 €</td></tr></table>
<table class="totals"><tr><td>Total HT</td><td class="r">1 055,72 €</td></tr><tr><td>TVA 20 % sur 832,50 €</td><td class="r">166,50 €</td></tr>
<tr><td>TVA 5,5 % sur 223,22 €</td><td class="r">12,28 €</td></tr><tr><th>Total TTC</th><th class="r">1 234,50 €</th></tr></table>
<p>Payée le 3 mars 2026 — Moyen de paiement : carte bancaire</p></main>
<footer>Montants en EUR, TVA incluse. Retard de paiement : indemnité forfaitaire de 40,00 €, majorée de 10 % du principal impayé par mois entier de retard.</footer></body></html>`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const page = await browser.newPage();
await page.setContent(html(0));
await page.pdf({ format: 'A4' }); // warm-up
const t0 = process.hrtime.bigint();
let bytes = 0;
for (let i = 0; i < n; i++) {
  await page.setContent(html(i));
  bytes += (await page.pdf({ format: 'A4', printBackground: true })).length;
}
const s = Number(process.hrtime.bigint() - t0) / 1e9;
await browser.close();
console.log(`chromium: ${n} in ${s.toFixed(2)} s = ${(n / s).toFixed(1)} per second (${(bytes / n / 1024).toFixed(1)} KiB a PDF on average)`);
