import { api } from './api.js';
import { h } from './dom.js';

/**
 * A run's live progress from its event stream (GET /v1/runs/{id}/events): the steps running now
 * and what they have written so far (a streaming model's tokens), each shown until its entry is
 * journaled. The stream only shows what happens while the page is open. Every committed change
 * calls onChange(kind, data) (kind 'entry', 'status' or 'end'; the stream starts by replaying the
 * journal, so the page decides what is new), so it reloads when something happened rather than on a
 * timer. Tokens are
 * appended to the step's element in place: a fast model does not rebuild the card per token.
 */
export function liveProgress(runId, onChange) {
  const steps = new Map(); // position -> { el, title, output }
  const list = h('div');
  const card = h('section.card.running-now', { hidden: true, 'aria-live': 'polite' }, h('h2', {}, 'Running now'), list);
  const source = new EventSource(`/v1/runs/${encodeURIComponent(runId)}/events`);
  const data = (e) => JSON.parse(e.data);

  function step(position) {
    let s = steps.get(position);
    if (!s) {
      s = { title: h('p', {}, h('span.mono', {}, '#' + position), ' step'), output: h('pre.payload.live-output', { hidden: true }) };
      s.el = h('div.running-step', { 'data-position': position }, s.title, s.output);
      steps.set(position, s);
      const next = [...list.children].find(c => Number(c.dataset.position) > position);
      list.insertBefore(s.el, next ?? null);
      card.hidden = false;
    }
    return s;
  }

  function done(position) {
    const s = steps.get(position);
    if (s) { s.el.remove(); steps.delete(position); }
    card.hidden = steps.size === 0;
  }

  source.addEventListener('step-started', (e) => {
    const d = data(e);
    const s = step(d.position);
    s.title.replaceChildren(h('span.mono', {}, '#' + d.position), ' ', d.name, d.attempt > 1 ? ` (attempt ${d.attempt})` : '');
    s.output.textContent = '';
    s.output.hidden = true;
  });
  source.addEventListener('step-output', (e) => {
    const d = data(e);
    const s = step(d.position);
    s.output.hidden = false;
    s.output.append(d.text);
  });
  for (const type of ['step', 'model-call', 'tool-call']) {
    source.addEventListener(type, (e) => { const d = data(e); done(d.position); onChange('entry', d); });
  }
  source.addEventListener('status', (e) => onChange('status', data(e)));
  // the session's token was revoked or expired: stop here, and let the session check send the page to the login
  source.addEventListener('closed', () => { source.close(); [...steps.keys()].forEach(done); api.session().catch(() => {}); });
  source.addEventListener('end', (e) => { source.close(); [...steps.keys()].forEach(done); onChange('end', data(e)); });

  return { card, close: () => source.close() };
}
