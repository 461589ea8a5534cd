// Reading a PDF the server gave back, with the poppler tools.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs tool (pdfinfo, pdftotext: its text goes to standard output) with
 * args on the PDF bytes buf, written to a temporary file that is removed
 * after; asserts that it succeeded and returns its standard output.
 */
export function pdfTool(tool, buf, args = []) {
  const dir = mkdtempSync(join(tmpdir(), 'campus-pdf-'));
  try {
    const f = join(dir, 'document.pdf');
    writeFileSync(f, buf);
    const r = spawnSync(tool, [...args, f, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${tool}: ${r.stderr}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
