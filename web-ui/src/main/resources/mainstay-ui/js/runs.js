import { api } from './api.js';
import { h, statusPill, ms, when, shortId, errorBox, toast, FINAL } from './dom.js';

const STATUSES = ['', 'PENDING', 'RUNNING', 'SUSPENDED', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED'];
const FILTERS = ['workflow', 'status', 'since', 'until', 'idempotencyKey', 'tag', 'attr'];

/**
 * The API query of the filters: the attribute box ("customer=c-42 amount>=100", space-separated)
 * becomes one attr.* parameter each, the whole filter in the key (the API reads attr.amount>=100 so).
 */
export function apiQuery(filters) {
  const query = {};
  for (const k of FILTERS) {
    if (!filters[k]) continue;
    if (k === 'attr') for (const f of filters.attr.split(/[\s,]+/).filter(Boolean)) query['attr.' + f] = '';
    else query[k] = filters[k];
  }
  return query;
}

/** datetime-local value (local time) to an ISO instant, and back. */
const toIso = (v) => v ? new Date(v).toISOString() : '';
const toLocal = (iso) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
};

export function renderRuns(root, params) {
  const filters = Object.fromEntries(FILTERS.map(k => [k, params.get(k) ?? '']));
  const cursors = [];           // cursors of the pages before this one (for "previous")
  let cursor = params.get('cursor') ?? '';
  let timer = null;

  const input = (name, label, attrs = {}) => h('label', {}, h('span', {}, label),
    h('input', { name, value: name === 'since' || name === 'until' ? toLocal(filters[name]) : filters[name], ...attrs }));
  const form = h('form.filters', { role: 'search', onsubmit: (e) => { e.preventDefault(); apply(); } },
    input('workflow', 'Workflow', { placeholder: 'any', 'data-filter-first': true, autocomplete: 'off' }),
    h('label', {}, h('span', {}, 'Status'), h('select', { name: 'status' },
      STATUSES.map(s => h('option', { value: s, selected: s === filters.status }, s ? s.toLowerCase() : 'any')))),
    input('since', 'Created after', { type: 'datetime-local' }),
    input('until', 'Created before', { type: 'datetime-local' }),
    input('idempotencyKey', 'Idempotency key', { placeholder: 'exact', autocomplete: 'off' }),
    input('tag', 'Tag', { placeholder: 'e.g. tenant:acme', autocomplete: 'off' }),
    input('attr', 'Attributes', { placeholder: 'e.g. customer=c-42 amount>=100', autocomplete: 'off',
      title: 'Search attributes the runs set (ctx.setAttribute): name=value, or >, >=, <, <= for numbers and times; separate with spaces' }),
    h('div.actions', {},
      h('button', { type: 'submit' }, 'Apply'),
      h('button.secondary', { type: 'button', onclick: () => { location.hash = '#/runs'; } }, 'Clear'),
      // only for a query that selects (the API refuses one without workflow, status, tag or attribute) live runs
      (filters.workflow || filters.status || filters.tag || filters.attr) && !FINAL.has(filters.status)
        ? h('button.danger', { type: 'button', 'data-bulk-cancel': true, onclick: () => cancelMatching() }, 'Cancel matching…')
        : null));
  const live = h('input', { type: 'checkbox', checked: true, id: 'live', onchange: () => schedule() });
  const table = h('div.table-wrap');
  const pager = h('div.pager');
  root.append(
    h('div.page-head', {}, h('h1', {}, 'Runs'),
      h('label.live', { for: 'live' }, live, ' Live refresh')),
    form, table, pager);

  function apply() {
    const data = new FormData(form);
    const next = new URLSearchParams();
    for (const k of FILTERS) {
      let v = (data.get(k) ?? '').toString().trim();
      if (k === 'since' || k === 'until') v = toIso(v);
      if (v) next.set(k, v);
    }
    location.hash = '#/runs' + (next.toString() ? '?' + next : '');
  }

  /** Counts first (a dry run), then cancels once confirmed: the count is what the person agrees to. */
  async function cancelMatching() {
    const query = apiQuery(filters);
    try {
      const dry = await api.cancelRuns(query, true);
      if (dry.matched === 0) { toast('No live run matches these filters'); return; }
      if (!confirm(`Cancel ${dry.matched}${dry.more ? '+' : ''} live runs matching these filters? Runs a worker holds end after their cleanup.`)) return;
      const done = await api.cancelRuns(query, false);
      toast(`Cancelled ${done.cancelled} of ${done.matched} runs` + (done.more ? '; more match: cancel again' : ''));
      load();
    } catch (e) { toast(e.message, 'err'); }
  }

  async function load() {
    const query = { limit: '50', ...apiQuery(filters) };
    if (cursor) query.cursor = cursor;
    try {
      const page = await api.runs(query);
      table.replaceChildren(page.runs.length ? runTable(page.runs)
        : h('p.empty', {}, 'No runs match. Start one with ', h('code', {}, 'mainstay run <workflow>'), '.'));
      pager.replaceChildren(
        h('button.secondary', { disabled: cursors.length === 0, onclick: () => { cursor = cursors.pop(); load(); } }, '← Newer'),
        h('span.muted', {}, `${page.runs.length} shown`),
        h('button.secondary', { disabled: !page.nextCursor, onclick: () => { cursors.push(cursor); cursor = page.nextCursor; load(); } }, 'Older →'));
    } catch (e) {
      table.replaceChildren(errorBox(e));
    }
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    if (live.checked && !cursor) timer = setTimeout(load, 2000);
  }

  load();
  return () => clearTimeout(timer);
}

function runTable(runs) {
  const withAttributes = runs.some(r => Object.keys(r.attributes ?? {}).length);
  const heads = ['Run', 'Workflow', 'Status', 'Created', 'Duration', 'Waiting for / error', ...(withAttributes ? ['Attributes'] : [])];
  return h('table.runs', {},
    h('thead', {}, h('tr', {}, heads.map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, runs.map(r => h('tr', { 'data-run': r.id },
      h('td', {}, h('a.mono', { href: '#/runs/' + encodeURIComponent(r.id), title: r.id }, shortId(r.id))),
      h('td', {}, r.workflow),
      h('td', {}, statusPill(r.status)),
      h('td', {}, when(r.createdAt)),
      h('td.num', {}, FINAL.has(r.status) ? ms(r.durationMs) : h('span.muted', {}, ms(Date.now() - Date.parse(r.createdAt)))),
      h('td.note', {}, r.waitingFor ? h('span.waiting-for', {}, 'waits for ', h('code', {}, r.waitingFor)) : r.error ? h('span.err', { title: r.error.message }, r.error.code) : ''),
      withAttributes ? h('td.attrs', {}, attributeText(r.attributes)) : null))));
}

/** A run's attributes in one short line: name=value, space-separated. */
function attributeText(attributes) {
  const text = Object.entries(attributes ?? {}).map(([k, v]) => k + '=' + (typeof v === 'string' ? v : JSON.stringify(v))).join(' ');
  return h('span.mono.muted', { title: text }, text.length > 60 ? text.slice(0, 57) + '…' : text);
}
