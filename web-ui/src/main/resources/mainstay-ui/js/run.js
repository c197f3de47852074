import { api } from './api.js';
import { h, statusPill, ms, when, payload, toast, errorBox, FINAL } from './dom.js';
import { timeline } from './timeline.js';
import { waitPanel } from './wait.js';
import { liveProgress } from './live.js';

/**
 * One run: summary, input/result/error, what it waits for (with a form), the steps running now
 * with their live output, the journal as a waterfall. Reloaded when the run's event stream reports
 * a change, and every 10 s in case the stream is cut.
 */
export function renderRun(root, id) {
  let timer = null;
  let stopped = false;
  let shown = null;                // what the page shows: { positions, status }, to tell what the stream adds
  const backlog = [];              // stream events that came before the first render
  const isNew = ([kind, d]) => kind === 'entry' ? !shown.positions.has(d.position)
    : kind === 'status' ? shown.status !== d.status + '/' + (d.status === 'SUSPENDED' ? d.waitingFor ?? '' : '')
    : !FINAL.has(shown.status.split('/')[0]);
  const reloadSoon = () => { clearTimeout(timer); timer = setTimeout(load, 100); };
  const live = liveProgress(id, (kind, d) => {
    if (!shown) backlog.push([kind, d]);
    else if (isNew([kind, d])) reloadSoon();
  });
  const open = new Set();          // positions whose details are expanded (kept across refreshes)
  let drafting = false;            // the user is typing an answer: do not re-render the form

  async function load() {
    try {
      const [run, journal] = await Promise.all([api.run(id), api.journal(id)]);
      if (stopped) return;
      let behind = false;
      if (!drafting) {
        render(run, journal);
        shown = { positions: new Set(journal.entries.map(e => e.position)), status: run.status + '/' + (run.waitingFor ?? '') };
        behind = backlog.splice(0).some(isNew);
      }
      clearTimeout(timer);
      if (behind) reloadSoon();
      else if (!FINAL.has(run.status)) timer = setTimeout(load, 10_000);
    } catch (e) {
      root.replaceChildren(h('p', {}, h('a', { href: '#/runs' }, '← Runs')), errorBox(e));
    }
  }

  function render(run, journal) {
    const final = FINAL.has(run.status);
    const cancel = h('button.danger', {
      disabled: final, title: final ? 'the run already has its outcome' : 'cancel this run',
      onclick: async () => {
        if (!confirm(`Cancel run ${run.id}?`)) return;
        try { await api.cancel(run.id); toast('Cancel requested'); clearTimeout(timer); load(); }
        catch (e) { toast(e.message, 'err'); }
      } }, 'Cancel run');
    // a paused run shows PAUSED once its worker gave it back; until then it runs on with pausedAt set
    const paused = run.status === 'PAUSED' || !!run.pausedAt;
    const pause = final ? null : h('button.pause', {
      title: paused ? 'let the run be dispatched again' : 'finish the current step, then hold the run until resumed',
      onclick: async () => {
        try {
          await (paused ? api.resume(run.id) : api.pause(run.id));
          toast(paused ? 'Resumed' : 'Pause requested'); clearTimeout(timer); load();
        } catch (e) { toast(e.message, 'err'); }
      } }, paused ? 'Resume' : 'Pause');
    const facts = [
      ['Run id', h('span.mono', {}, run.id)],
      ['Namespace', run.namespace],
      ['Kind', run.kind.toLowerCase()],
      ['Created', when(run.createdAt)],
      ['Finished', run.finishedAt ? when(run.finishedAt) : '—'],
      ['Duration', final ? ms(run.durationMs) : ms(Date.now() - Date.parse(run.createdAt)) + ' so far'],
      ['Idempotency key', run.idempotencyKey ?? '—'],
      ['Epoch', run.epoch],
      ['Worker', run.workerId ?? '—'],
      ['Started by', actor(run.startedBy, 'the runtime (a schedule, a parent run, or auth off)')],
    ];
    // 0 is every run's default: shown only when someone chose otherwise (it orders runs waiting for a slot)
    if (run.priority) facts.push(['Priority', h('span.num', { 'data-priority': run.priority }, String(run.priority))]);
    if (run.cancelledBy) facts.push(['Cancelled by', actor(run.cancelledBy)]);
    if (run.pausedAt) facts.push(['Paused', when(run.pausedAt)], ['Paused by', actor(run.pausedBy)]);
    if (run.wakeAt) facts.push(['Wakes', when(run.wakeAt)]);
    // a debounced start: while it waits for its window, later starts with the key replace its input
    if (run.debounceKey) facts.push(['Debounce key', h('span.debounce', { 'data-debouncing': String(!!run.debouncing) },
      run.debounceKey + (run.debouncing ? ' (starts with this key until it wakes replace its input)' : ''))]);
    // queued, not for a worker but for a place (a rate or concurrency limit), a resume, or a build
    if (run.status === 'PENDING' && run.waitingFor) facts.push(['Waits for', h('span.waiting-for', {}, run.waitingFor)]);
    if (run.parentId) facts.push(['Parent', h('a.mono', { href: '#/runs/' + run.parentId }, run.parentId)]);
    const children = journal.entries.filter(e => e.childRunId || e.kind === 'child')
      .map(e => e.childRunId ?? e.output?.runId).filter(Boolean);

    root.replaceChildren(...[
      h('p.crumbs', {}, h('a', { href: '#/runs' }, '← Runs')),
      h('div.page-head', {},
        h('h1', {}, h('a.workflow-link', { href: '#/workflows/' + encodeURIComponent(run.workflow),
          title: 'the workflow: pause it, its retention, its builds' }, run.workflow), ' ', statusPill(run.status)),
        h('div.actions', {}, pause, cancel)),
      h('dl.facts', {}, facts.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v)))),
      attributesCard(run.attributes),
      run.status === 'SUSPENDED' && run.waitingFor
        ? waitPanel(run, journal, { onDraft: (d) => { drafting = d; }, onSent: () => { drafting = false; clearTimeout(timer); load(); } })
        : null,
      h('div.io', {},
        h('section.card', {}, h('h2', {}, 'Input'), payload(run.input, 'run input')),
        run.error
          ? h('section.card.failed', {}, h('h2', {}, 'Error'), errorDetails(run.error))
          : h('section.card', {}, h('h2', {}, 'Result'), run.output !== undefined ? payload(run.output, 'run result')
            : h('p.muted', {}, final ? 'none' : 'not yet'))),
      children.length ? h('section.card', {}, h('h2', {}, 'Children'),
        h('ul', {}, children.map(c => h('li', {}, h('a.mono', { href: '#/runs/' + c }, c))))) : null,
      live.card,
      h('section.card', {}, h('h2', {}, 'Journal'), timeline(run, journal, open))].filter(Boolean));
  }

  load();
  return () => { stopped = true; clearTimeout(timer); live.close(); };
}

/** The run's search attributes (ctx.setAttribute), each a link to the runs that share it. */
function attributesCard(attributes) {
  const names = Object.keys(attributes ?? {});
  if (!names.length) return null;
  return h('section.card.attributes', {}, h('h2', {}, 'Attributes'),
    h('dl.facts', {}, names.map(name => {
      const value = attributes[name];
      const shown = typeof value === 'string' ? value : JSON.stringify(value);
      const href = '#/runs?' + new URLSearchParams({ attr: name + '=' + shown });
      return h('div', { 'data-attribute': name }, h('dt', {}, name),
        h('dd', {}, h('a.mono', { href, title: 'runs with ' + name + '=' + shown + ' (' + typeof value + ')' }, shown)));
    })));
}

/** Who did something: the id of the token that did it (as `mainstay tokens list` shows it). */
export function actor(tokenId, otherwise = '—') {
  return tokenId ? h('span.mono.actor', { title: 'token id' }, tokenId) : h('span.muted', {}, otherwise);
}

export function errorDetails(error) {
  return h('div.error-details', {},
    h('p', {}, h('strong.err', {}, error.code), error.type ? h('span.mono.muted', {}, ' ', error.type) : null),
    h('p.error-message', {}, error.message ?? ''),
    error.stackTrace ? h('details', {}, h('summary', {}, 'Stack trace'), h('pre.stack', {}, error.stackTrace)) : null);
}
