import { api } from './api.js';
import { h, ms, payload, toast, FINAL } from './dom.js';
import { errorDetails, actor } from './run.js';

/**
 * The journal as a waterfall: one row per position (its failed attempts, then its outcome), bars
 * placed on the run's time axis. A row opens (click, Enter or Space) to show input, output, errors.
 */
export function timeline(run, journal, open) {
  const rows = new Map();
  for (const a of journal.failedAttempts) {
    if (!rows.has(a.position)) rows.set(a.position, { position: a.position, kind: a.kind, name: a.name, attempts: [], entry: null });
    rows.get(a.position).attempts.push(a);
  }
  for (const e of journal.entries) {
    if (!rows.has(e.position)) rows.set(e.position, { position: e.position, kind: e.kind, name: e.name, attempts: [], entry: null });
    rows.get(e.position).entry = e;
  }
  const list = [...rows.values()].sort((a, b) => a.position - b.position);
  // a wait's entry is written when it ends: it began when the operation before it ended (or the run began)
  let previousEnd = Date.parse(run.createdAt);
  for (const r of list) {
    if (r.entry && r.kind === 'event') r.waitStart = previousEnd;
    const segs = spans(r);
    if (segs.length) previousEnd = segs[segs.length - 1].end;
  }
  if (run.status === 'SUSPENDED' && run.waitingFor) {
    const position = (list.length ? list[list.length - 1].position : 0) + 1;
    if (!rows.has(position)) list.push({ position, kind: 'event', name: run.waitingFor, attempts: [], entry: null, waitingSince: previousEnd });
  }
  if (!list.length) return h('p.muted', {}, 'Nothing journaled yet.');

  const t0 = Date.parse(run.createdAt);
  let t1 = run.finishedAt ? Date.parse(run.finishedAt) : Date.now();
  for (const r of list) for (const s of spans(r)) t1 = Math.max(t1, s.end);
  const total = Math.max(1, t1 - t0);
  const pct = (t) => `${((t - t0) / total * 100).toFixed(3)}%`;
  const width = (a, b) => `${Math.max(0.4, (b - a) / total * 100).toFixed(3)}%`;

  return h('div.waterfall', { role: 'list' },
    h('div.wf-head', { 'aria-hidden': 'true' }, h('span', {}, '#'), h('span', {}, 'operation'), h('span', {}, 'attempts'),
      h('span', {}, 'duration'), h('span.axis', {}, h('span', {}, '0'), h('span', {}, ms(total)))),
    list.map(r => {
      const segs = spans(r);
      const status = r.entry ? (r.entry.status === 'SUCCEEDED' ? 'ok' : 'failed') : r.waitingSince ? 'waiting' : 'running';
      const attempts = r.entry ? r.entry.attempt : r.attempts.length + 1;
      const last = segs[segs.length - 1];
      const row = h('div.wf-row.st-' + status, {
        role: 'listitem', tabindex: 0, 'aria-expanded': String(open.has(r.position)),
        'data-position': r.position, 'data-kind': r.kind,
        onclick: () => toggle(), onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(); } } },
        h('span.pos', {}, r.position),
        h('span.op', {}, h('span.kind.k-' + r.kind, {}, r.kind), ' ', r.name ?? ''),
        h('span.attempts' + (attempts > 1 ? '.retried' : ''), { title: `${r.attempts.length} failed attempt(s)` },
          attempts > 1 ? `${attempts} (${r.attempts.length} failed)` : attempts),
        h('span.num', {}, r.entry ? ms(last.end - segs[0].start) : r.waitingSince ? 'waiting' : 'in progress'),
        h('span.track', {}, segs.map(s => h('span.bar.b-' + s.type, {
          style: { left: pct(s.start), width: width(s.start, s.end) },
          title: `${s.label}: ${ms(s.end - s.start)}` })),
          r.attempts.filter(a => a.retryAt).map(a => h('span.bar.b-backoff', {
            style: { left: pct(Date.parse(a.finishedAt)), width: width(Date.parse(a.finishedAt), Date.parse(a.retryAt)) },
            title: `backoff before attempt ${a.attempt + 1}: ${ms(Date.parse(a.retryAt) - Date.parse(a.finishedAt))}` }))));
      const details = h('div.wf-details', { hidden: !open.has(r.position) }, detail(r),
        FINAL.has(run.status) ? restartButton(run, r.position) : null);
      function toggle() {
        if (open.has(r.position)) open.delete(r.position); else open.add(r.position);
        details.hidden = !open.has(r.position);
        row.setAttribute('aria-expanded', String(open.has(r.position)));
      }
      return [row, details];
    }));
}

/** A new run that keeps the journal before this position (those steps do not run again), once confirmed. */
function restartButton(run, position) {
  return h('button.secondary', { type: 'button', 'data-restart': position, onclick: async (e) => {
    e.stopPropagation();
    if (!confirm(`Start a new run of ${run.workflow} with the same input, keeping positions 1 to ${position - 1} and running from position ${position}?`)) return;
    try {
      const started = await api.restart(run.id, position);
      toast(`Restarted as ${started.id}`);
      location.hash = '#/runs/' + started.id;
    } catch (err) { toast(err.message, 'err'); }
  } }, 'Restart from here');
}

/** Time segments of a row: each failed attempt, then the outcome (a sleep lasts until its wake time). */
function spans(r) {
  const out = r.attempts.map(a => ({ type: 'failed', label: `attempt ${a.attempt} failed`, start: Date.parse(a.startedAt), end: Date.parse(a.finishedAt) }));
  if (r.entry) {
    const e = r.entry;
    let end = Date.parse(e.finishedAt);
    if (e.kind === 'sleep' && typeof e.output === 'number') end = Math.max(end, e.output);
    const type = e.status === 'SUCCEEDED' ? (['sleep', 'event', 'input'].includes(e.kind) ? 'wait' : 'ok') : 'failed';
    const start = r.waitStart !== undefined ? Math.min(r.waitStart, Date.parse(e.startedAt)) : Date.parse(e.startedAt);
    out.push({ type, label: `attempt ${e.attempt} ${e.status.toLowerCase()}`, start, end });
  } else if (r.waitingSince) {
    out.push({ type: 'wait', label: 'waiting', start: r.waitingSince, end: Date.now() });
  }
  return out;
}

function detail(r) {
  const e = r.entry;
  return h('div.detail-grid', {},
    e && e.input !== undefined ? h('div', {}, h('h3', {}, 'Input'), payload(e.input, `input of ${r.name}`)) : null,
    e && e.status === 'SUCCEEDED' ? h('div', {}, h('h3', {}, 'Output'), payload(e.output, `output of ${r.name}`)) : null,
    e && e.sentBy ? h('div', {}, h('h3', {}, 'Sent by'), actor(e.sentBy)) : null,
    e && e.error ? h('div', {}, h('h3', {}, `Failed (attempt ${e.attempt})`), errorDetails(e.error)) : null,
    r.attempts.length ? h('div.attempt-list', {}, h('h3', {}, 'Failed attempts'),
      r.attempts.map(a => h('div.attempt', {},
        h('p.muted', {}, `attempt ${a.attempt} · ${ms(a.durationMs)}`, a.retryAt ? ` · retried ${new Date(a.retryAt).toLocaleTimeString()}` : ''),
        errorDetails(a.error)))) : null,
    !e ? h('p.muted', {}, r.waitingSince ? `Waiting for '${r.name}' since ${new Date(r.waitingSince).toLocaleTimeString()}.`
      : 'No outcome yet: the operation is running or waiting for its next attempt.') : null);
}
