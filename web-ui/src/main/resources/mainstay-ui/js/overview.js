import { api } from './api.js';
import { h, ms, errorBox } from './dom.js';

const WINDOWS = [['15m', '15 minutes'], ['1h', 'hour'], ['24h', '24 hours'], ['7d', '7 days']];

/** Throughput, success rate and step latency of the runs created in the window. */
export function renderOverview(root) {
  let timer = null;
  let window = sessionStorage.getItem('mainstay.window') ?? '1h';
  const select = h('select', { 'aria-label': 'window', onchange: () => { window = select.value; sessionStorage.setItem('mainstay.window', window); load(); } },
    WINDOWS.map(([v, label]) => h('option', { value: v, selected: v === window }, 'last ' + label)));
  const body = h('div');
  root.append(h('div.page-head', {}, h('h1', {}, 'Overview'), select), body);

  async function load() {
    clearTimeout(timer);
    try {
      const s = await api.stats(window);
      const card = (label, value, note) => h('div.stat', {}, h('div.stat-label', {}, label), h('div.stat-value', {}, value), note ? h('div.stat-note', {}, note) : null);
      const statuses = Object.entries(s.byStatus).filter(([, n]) => n > 0);
      body.replaceChildren(
        h('div.stats', {},
          card('Runs started', s.runs, `${s.finished} finished`),
          card('Success rate', s.successRate === null || s.successRate === undefined ? '—' : `${(s.successRate * 100).toFixed(1)}%`,
            `${s.byStatus.COMPLETED} completed · ${s.byStatus.FAILED} failed · ${s.byStatus.CANCELLED} cancelled`),
          card('Throughput', `${s.throughputPerMinute.toFixed(s.throughputPerMinute < 10 ? 2 : 0)}/min`, 'runs finished'),
          card('Step latency p50', ms(s.stepP50Ms), `${s.steps} steps`),
          card('Step latency p95', ms(s.stepP95Ms), `max ${ms(s.stepMaxMs)}`)),
        h('h2', {}, 'Runs by status'),
        statuses.length ? h('div.status-bar', {}, statuses.map(([st, n]) => h('a.seg.s-' + st.toLowerCase(), {
          href: '#/runs?status=' + st, style: { flexGrow: n }, title: `${st.toLowerCase()}: ${n}` }, `${st.toLowerCase()} ${n}`)))
          : h('p.muted', {}, 'No runs in this window.'),
        h('p.muted.small', {}, 'Counts runs created in the window; latency over the steps and calls they journaled. Prometheus metrics: ',
          h('a', { href: '/metrics' }, '/metrics'), '.'));
    } catch (e) {
      body.replaceChildren(errorBox(e));
    }
    timer = setTimeout(load, 5000);
  }
  load();
  return () => clearTimeout(timer);
}
