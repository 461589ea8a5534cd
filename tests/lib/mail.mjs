// Reads the campus mail spool: one RFC 5322 .eml file per message in
// DATA/mail/. Decodes quoted-printable / base64 bodies (UTF-8), RFC 2047
// encoded headers and multipart/* trees, and extracts the links.

import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { decodeEntities } from './html.mjs';

function splitHeadBody(raw) {
  const m = /\r?\n\r?\n/.exec(raw);
  if (!m) return [raw, ''];
  return [raw.slice(0, m.index), raw.slice(m.index + m[0].length)];
}

function parseHeaders(head) {
  const headers = new Map();
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const k = line.slice(0, i).trim().toLowerCase();
    const v = line.slice(i + 1).trim();
    if (!headers.has(k)) headers.set(k, []);
    headers.get(k).push(v);
  }
  return headers;
}

/** "text/plain; charset=utf-8; boundary=x" -> {type, params} */
export function parseContentType(v) {
  const parts = (v || 'text/plain').split(';');
  const params = {};
  for (const p of parts.slice(1)) {
    const i = p.indexOf('=');
    if (i < 0) continue;
    params[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return { type: parts[0].trim().toLowerCase(), params };
}

export function decodeQP(s) {
  const soft = s.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded-words in a header value. */
export function decodeHeader(v) {
  if (!v) return v;
  return v
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _cs, enc, text) => {
      if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
      return decodeQP(text.replace(/_/g, ' '));
    });
}

function decodeBody(body, cte) {
  const e = (cte || '7bit').toLowerCase();
  if (e === 'quoted-printable') return decodeQP(body);
  if (e === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

function walk(raw, out) {
  const [head, body] = splitHeadBody(raw);
  const headers = parseHeaders(head);
  const ct = parseContentType(headers.get('content-type')?.[0]);
  out.types.push(ct.type);
  if (ct.type.startsWith('multipart/')) {
    const b = ct.params.boundary;
    if (!b) return headers;
    const chunks = body.split(new RegExp(`\\r?\\n?--${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    for (const chunk of chunks.slice(1)) {
      if (chunk.startsWith('--')) break;
      walk(chunk.replace(/^[ \t]*\r?\n/, ''), out);
    }
    return headers;
  }
  const text = decodeBody(body, headers.get('content-transfer-encoding')?.[0]);
  if (ct.type === 'text/html' && out.html === undefined) out.html = text;
  else if (ct.type === 'text/plain' && out.text === undefined) out.text = text;
  return headers;
}

export function extractLinks(text, html) {
  const links = new Set();
  const re = /https?:\/\/[^\s"'<>()]+/g;
  for (const m of (text || '').match(re) || []) links.add(m.replace(/[.,;:!?]+$/, ''));
  for (const m of (html || '').matchAll(/href\s*=\s*["']([^"']+)["']/gi)) links.add(decodeEntities(m[1]));
  for (const m of (html ? decodeEntities(html) : '').match(re) || []) links.add(m.replace(/[.,;:!?]+$/, ''));
  return [...links];
}

export function parseEml(raw, file) {
  const out = { types: [], text: undefined, html: undefined };
  const headers = walk(raw, out);
  const h = (k) => decodeHeader(headers.get(k)?.[0]);
  return {
    file,
    headers,
    from: h('from'),
    to: h('to'),
    subject: h('subject'),
    date: h('date'),
    contentType: parseContentType(headers.get('content-type')?.[0]).type,
    partTypes: out.types,
    text: out.text ?? '',
    html: out.html ?? '',
    links: extractLinks(out.text, out.html),
    raw,
  };
}

/** All messages in DIR/mail (recursively one level, *.eml), oldest first. */
export function readSpool(dataDir) {
  const dir = join(dataDir, 'mail');
  if (!existsSync(dir)) return [];
  const files = [];
  // The spool writes a hidden temporary file and renames it: skip dot-files,
  // and tolerate files that vanish between readdir and stat/read.
  const visit = (d, depth) => {
    for (const name of readdirSync(d)) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      let st;
      try { st = statSync(p); } catch { continue; }
      if (st.isDirectory() && depth < 2) visit(p, depth + 1);
      else if (st.isFile() && name.endsWith('.eml')) files.push({ p, t: st.mtimeMs, name });
    }
  };
  visit(dir, 0);
  files.sort((a, b) => a.t - b.t || a.name.localeCompare(b.name));
  const out = [];
  for (const { p } of files) {
    let raw;
    try { raw = readFileSync(p, 'utf8'); } catch { continue; }
    out.push(parseEml(raw, p));
  }
  return out;
}

/** Address part of a To header ("Name <a@b>" -> "a@b"), lower-cased. */
export function addressOf(v) {
  const m = /<([^>]+)>/.exec(v || '');
  return (m ? m[1] : v || '').trim().toLowerCase();
}
