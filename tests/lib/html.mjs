// Minimal HTML helpers for the HTTP suite: enough to read server-rendered
// forms (inputs, selects, labels), the CSRF token and error messages without
// a DOM library. Not a general HTML parser.

const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" };

export function decodeEntities(s) {
  return String(s).replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+[0-9]*);/gi, (m, e) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) ? String.fromCodePoint(cp) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

/** Attributes of one start tag ("<input a=b c>") as a plain object, lower-case names, decoded values. */
export function parseAttrs(tag) {
  const attrs = {};
  const inner = tag.replace(/^<[a-zA-Z0-9-]+/, '').replace(/\/?>$/, '');
  const re = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g;
  let m;
  while ((m = re.exec(inner)) !== null) {
    const v = m[2] ?? m[3] ?? m[4];
    attrs[m[1].toLowerCase()] = v === undefined ? '' : decodeEntities(v);
  }
  return attrs;
}

/** All start tags named `name` in html, as {attrs, index, tag}. */
export function findTags(html, name) {
  const out = [];
  const re = new RegExp(`<${name}\\b(?:[^>"']|"[^"]*"|'[^']*')*>`, 'gi');
  let m;
  while ((m = re.exec(html)) !== null) out.push({ attrs: parseAttrs(m[0]), index: m.index, tag: m[0] });
  return out;
}

/** Fields of a chunk of HTML: inputs, selects (with options), textareas, buttons. */
export function parseFields(html) {
  const fields = [];
  for (const { attrs } of findTags(html, 'input')) {
    fields.push({ tag: 'input', type: (attrs.type || 'text').toLowerCase(), name: attrs.name, value: attrs.value ?? '',
      checked: 'checked' in attrs, id: attrs.id, attrs });
  }
  const selRe = /<select\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)<\/select>/gi;
  let m;
  while ((m = selRe.exec(html)) !== null) {
    const attrs = parseAttrs(`<select ${m[1]}>`);
    const options = findTags(m[2], 'option').map(({ attrs: o, index }) => {
      const rest = m[2].slice(index);
      const label = rest.replace(/^<option\b[^>]*>/i, '').split(/<\/option>|<option\b/i)[0];
      const text = decodeEntities(label.replace(/<[^>]*>/g, '')).trim();
      return { value: o.value ?? text, selected: 'selected' in o, text };
    });
    const sel = options.find((o) => o.selected) ?? options[0];
    fields.push({ tag: 'select', type: 'select', name: attrs.name, value: sel ? sel.value : '', id: attrs.id, options, attrs });
  }
  const taRe = /<textarea\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)<\/textarea>/gi;
  while ((m = taRe.exec(html)) !== null) {
    const attrs = parseAttrs(`<textarea ${m[1]}>`);
    fields.push({ tag: 'textarea', type: 'textarea', name: attrs.name, value: decodeEntities(m[2]), id: attrs.id, attrs });
  }
  for (const { attrs } of findTags(html, 'button')) {
    fields.push({ tag: 'button', type: (attrs.type || 'submit').toLowerCase(), name: attrs.name, value: attrs.value ?? '', id: attrs.id, attrs });
  }
  return fields;
}

/** Every <form> in the page: {action, method, attrs, html, fields}. */
export function parseForms(html) {
  const forms = [];
  const re = /<form\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)<\/form>/gi;
  let m;
  while ((m = re.exec(html)) !== null) {
    const attrs = parseAttrs(`<form ${m[1]}>`);
    forms.push({ action: attrs.action ?? '', method: (attrs.method || 'get').toLowerCase(), attrs, html: m[2], fields: parseFields(m[2]) });
  }
  return forms;
}

/** The form whose action path equals `action` (query ignored); throws with a useful message otherwise. */
export function findForm(html, action) {
  const forms = parseForms(html);
  const norm = (a) => {
    try { return new URL(a, 'http://x').pathname; } catch { return a; }
  };
  const f = forms.find((x) => norm(x.action) === action);
  if (!f) {
    throw new Error(`no <form action="${action}"> in page; forms found: ${JSON.stringify(forms.map((x) => `${x.method} ${x.action}`))}`);
  }
  return f;
}

/** Value of the hidden csrf input: of the form with `action` when given, else the first in the page. */
export function csrfFrom(html, action) {
  const scope = action ? findForm(html, action).html : html;
  const f = parseFields(scope).find((x) => x.tag === 'input' && x.name === 'csrf');
  return f ? f.value : undefined;
}

/** The name=value pairs a browser would submit for a form, before the user touches it. */
export function defaultFormData(form) {
  const out = [];
  for (const f of form.fields) {
    if (!f.name || 'disabled' in (f.attrs || {})) continue;
    if (f.tag === 'button' || ['submit', 'button', 'reset', 'image', 'file'].includes(f.type)) continue;
    if ((f.type === 'checkbox' || f.type === 'radio') && !f.checked) continue;
    out.push([f.name, f.type === 'checkbox' && f.value === '' ? 'on' : f.value]);
  }
  return out;
}

/** Ids that some <label for> points at. */
export function labelTargets(html) {
  return new Set(findTags(html, 'label').map((t) => t.attrs.for).filter(Boolean));
}

/** Text of the elements that carry an error (class contains "error", or role="alert"), joined. Empty if none. */
export function errorText(html) {
  const texts = [];
  const re = /<([a-z0-9]+)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
  let m;
  while ((m = re.exec(html)) !== null) {
    const attrs = parseAttrs(`<${m[1]} ${m[2]}>`);
    const cls = (attrs.class || '').split(/\s+/);
    const isErr = cls.some((c) => c === 'error' || /(^|[-_])error($|[-_])/.test(c)) || attrs.role === 'alert';
    if (!isErr || m[1].toLowerCase() === 'input') continue;
    const close = new RegExp(`</${m[1]}>`, 'i');
    const rest = html.slice(m.index + m[0].length);
    const end = rest.search(close);
    const inner = end >= 0 ? rest.slice(0, end) : rest.slice(0, 400);
    texts.push(decodeEntities(inner.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim());
  }
  return texts.filter(Boolean).join(' | ');
}

export function hasErrorElement(html) {
  return /class\s*=\s*["'][^"']*\berror\b[^"']*["']/i.test(html) || /role\s*=\s*["']?alert\b/i.test(html);
}

/** <html lang="..."> value or undefined. */
export function htmlLang(html) {
  const t = findTags(html, 'html')[0];
  return t ? t.attrs.lang : undefined;
}

/** Visible-ish text of a page (tags stripped, entities decoded, scripts/styles removed). */
export function pageText(html) {
  return decodeEntities(html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/** Replace the values of csrf inputs (and meta csrf) so two renderings can be compared. */
export function withoutCsrf(html) {
  return html
    .replace(/(<input\b[^>]*\bname\s*=\s*["']?csrf["']?[^>]*\bvalue\s*=\s*["'])[^"']*(["'])/gi, '$1X$2')
    .replace(/(<input\b[^>]*\bvalue\s*=\s*["'])[^"']*(["'][^>]*\bname\s*=\s*["']?csrf\b)/gi, '$1X$2')
    .replace(/(<meta\b[^>]*\bname\s*=\s*["']csrf[^"']*["'][^>]*\bcontent\s*=\s*["'])[^"']*(["'])/gi, '$1X$2');
}
