import { api } from './api.js';
import { h, when, shortId, errorBox } from './dom.js';

/** Connected workers (components, capacity, runs in flight, last heartbeat) and runs queued per workflow. */
export function renderWorkers(root) {
  let timer = null;
  const body = h('div');
  root.append(h('div.page-head', {}, h('h1', {}, 'Workers')), body);

  async function load() {
    try {
      const data = await api.workers();
      const queued = Object.entries(data.queued ?? {}).filter(([, n]) => n > 0);
      body.replaceChildren(
        data.workers.length ? h('div.table-wrap', {}, h('table.workers', {},
          h('thead', {}, h('tr', {}, ['Worker', 'Build', 'Components', 'In flight', 'Last heartbeat', 'Runs'].map(t => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, data.workers.map(w => h('tr', {},
            h('td.mono', {}, w.workerId),
            h('td.mono', {}, w.buildId ?? ''),
            h('td', {}, [...w.components].sort().map(c => h('a.chip', { href: '#/builds/' + encodeURIComponent(c), title: 'builds of ' + c }, c))),
            h('td', {}, h('div.meter', { title: `${w.inFlight} of ${w.capacity}` },
              h('span', { style: { width: `${Math.min(100, w.inFlight / Math.max(1, w.capacity) * 100)}%` } })),
              h('span.num', {}, `${w.inFlight} / ${w.capacity}`)),
            h('td', {}, when(w.lastHeartbeat)),
            h('td', {}, (w.runs ?? []).slice(0, 8).map(id => h('a.mono.chip', { href: '#/runs/' + id, title: id }, shortId(id))),
              (w.runs ?? []).length > 8 ? h('span.muted', {}, ` +${w.runs.length - 8}`) : null))))))
          : h('p.empty', {}, 'No worker is connected. Runs wait in the queue until one registers their workflow.'),
        h('h2.section', {}, 'Queued runs'),
        queued.length ? h('ul.queued', {}, queued.map(([c, n]) => h('li', {}, h('a', { href: '#/runs?workflow=' + encodeURIComponent(c) + '&status=PENDING' }, c), `: ${n}`)))
          : h('p.muted', {}, 'Nothing waits for a worker.'));
    } catch (e) {
      body.replaceChildren(errorBox(e));
    }
    timer = setTimeout(load, 2000);
  }
  load();
  return () => clearTimeout(timer);
}
