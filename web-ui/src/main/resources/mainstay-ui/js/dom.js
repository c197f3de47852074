// Tiny DOM helpers: h('tag.class', {attrs}, ...children). Text is always set as text, never as HTML.
export function h(spec, attrs = {}, ...children) {
  const [tag, ...classes] = spec.split('.');
  const el = document.createElement(tag || 'div');
  if (classes.length) el.className = classes.join(' ');
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k in el && k !== 'list' && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export const FINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export function statusPill(status) {
  return h('span.pill.s-' + status.toLowerCase(), { title: status }, status.toLowerCase());
}

export function ms(n) {
  if (n === null || n === undefined) return '—';
  if (n < 1000) return `${Math.round(n)} ms`;
  if (n < 60_000) return `${(n / 1000).toFixed(n < 10_000 ? 2 : 1)} s`;
  if (n < 3_600_000) return `${Math.floor(n / 60_000)} m ${Math.round((n % 60_000) / 1000)} s`;
  return `${(n / 3_600_000).toFixed(1)} h`;
}

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  const ago = Date.now() - d.getTime();
  const rel = ago < 0 ? 'in ' + ms(-ago) : ago < 5000 ? 'just now' : ms(ago) + ' ago';
  return h('time', { datetime: iso, title: d.toLocaleString() }, rel);
}

export function shortId(id) { return id ? id.slice(0, 8) + '…' + id.slice(-4) : ''; }

/** A payload (JSON text from the API, already redacted and cut) shown pretty-printed. */
export function payload(value, label) {
  if (value === undefined) return h('p.muted', {}, 'none');
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return h('pre.payload', { 'aria-label': label ?? 'payload' }, text);
}

export function toast(message, kind = 'ok') {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.className = 'toast-' + kind;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 4000);
}

export function errorBox(e) {
  return h('div.error-box', { role: 'alert' }, h('strong', {}, e.code ?? 'ERROR'), ' ', e.message);
}
