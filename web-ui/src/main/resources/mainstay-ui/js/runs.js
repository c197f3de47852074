import { api } from './api.js';
import { h, statusPill, ms, when, shortId, errorBox, toast, FINAL } from './dom.js';

const STATUSES = ['', 'PENDING', 'RUNNING', 'SUSPENDED', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED'];
const FILTERS = ['workflow', 'status', 'since', 'until', 'idempotencyKey', 'tag', 'attr'];

/**
 * The bulk actions of the runs list (POST /v1/runs/<action>?filters), one button each: what they
 * apply to (live runs, or finished ones for a restart), how they ask, and the answer's count field.
 */
const BULK = {
  pause: { label: 'Pause matching…', style: 'secondary', verb: 'Pause', runs: 'live', done: 'Paused', field: 'paused',
    title: 'hold the matching runs until resumed', note: 'Runs a worker holds finish their current step first.' },
  resume: { label: 'Resume matching…', style: 'secondary', verb: 'Resume', runs: 'live', done: 'Resumed', field: 'resumed',
    title: 'dispatch the matching paused runs again', note: 'Only paused runs change.' },
  restart: { label: 'Restart matching…', style: 'secondary', verb: 'Restart', runs: 'finished', done: 'Restarted', field: 'restarted',
    finished: true, title: 'start each matching finished run again, as new runs',
    note: 'Each becomes a new run; a run restarted before is left alone.' },
  cancel: { label: 'Cancel matching…', style: 'danger', verb: 'Cancel', runs: 'live', done: 'Cancelled', field: 'cancelled',
    title: 'cancel the matching live runs', note: 'Runs a worker holds end after their cleanup.' },
};

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
      h('button.secondary', { type: 'button', onclick: () => { location.hash = '#/runs'; } }, 'Clear')),
    h('div.bulk', {},
      // only for a query that selects (the API refuses one without workflow, status, tag or attribute)
      // runs the action applies to: live ones, or finished ones for a restart
      (filters.workflow || filters.status || filters.tag || filters.attr)
        ? Object.entries(BULK).filter(([, b]) => b.finished ? !filters.status || FINAL.has(filters.status) : !FINAL.has(filters.status))
          .map(([action, b]) => h('button.' + b.style, { type: 'button', ['data-bulk-' + action]: true, title: b.title,
            onclick: () => actOnMatching(action) }, b.label))
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

  /**
   * Counts first (a dry run), then acts once confirmed: the count is what the person agrees to.
   * A restart first asks from which position.
   */
  async function actOnMatching(action) {
    const b = BULK[action];
    const query = apiQuery(filters);
    let from = '';
    if (b.finished) {
      const answer = prompt('Restart each matching finished run from which journal position? 1 runs every step again.', '1');
      if (answer === null) return;
      if (!/^[1-9][0-9]*$/.test(answer.trim())) { toast(`'${answer}' is not a position (1, 2, …)`, 'err'); return; }
      query.fromPosition = answer.trim();
      from = ` from position ${query.fromPosition}`;
    }
    try {
      const dry = await api.bulk(action, query, true);
      if (dry.matched === 0) { toast(`No ${b.runs} run matches these filters`); return; }
      if (!confirm(`${b.verb} ${dry.matched}${dry.more ? '+' : ''} ${b.runs} runs matching these filters${from}? ${b.note}`)) return;
      const done = await api.bulk(action, query, false);
      toast(`${b.done} ${done[b.field]} of ${done.matched} runs` + (done.more ? `; more match: ${action} again` : ''));
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
