import { h } from './dom.js';

/**
 * A run's live progress from its event stream (GET /v1/runs/{id}/events): the steps running now
 * and what they have written so far (a streaming model's tokens), each shown until its entry is
 * journaled. The stream only shows what happens while the page is open. Every committed change
 * calls onChange, so the page reloads when something happened rather than on a timer.
 */
export function liveProgress(runId, onChange) {
  const steps = new Map(); // position -> { name, attempt, text }
  const card = h('section.card.live', { hidden: true, 'aria-live': 'polite' });
  const source = new EventSource(`/v1/runs/${encodeURIComponent(runId)}/events`);

  const step = (position) => {
    if (!steps.has(position)) steps.set(position, { name: null, attempt: 1, text: '' });
    return steps.get(position);
  };
  const data = (e) => JSON.parse(e.data);

  source.addEventListener('step-started', (e) => {
    const d = data(e);
    Object.assign(step(d.position), { name: d.name, attempt: d.attempt, text: '' });
    draw();
  });
  source.addEventListener('step-output', (e) => {
    const d = data(e);
    step(d.position).text += d.text;
    draw();
  });
  for (const type of ['step', 'model-call', 'tool-call']) {
    source.addEventListener(type, (e) => { if (steps.delete(data(e).position)) draw(); onChange(); });
  }
  source.addEventListener('status', onChange);
  source.addEventListener('end', () => { source.close(); steps.clear(); draw(); onChange(); });

  function draw() {
    card.hidden = steps.size === 0;
    card.replaceChildren(h('h2', {}, 'Running now'), [...steps.entries()].sort(([a], [b]) => a - b).map(([position, s]) =>
      h('div.live-step', { 'data-position': position },
        h('p', {}, h('span.mono', {}, '#' + position), ' ', s.name ?? 'step', s.attempt > 1 ? ` (attempt ${s.attempt})` : ''),
        s.text ? h('pre.payload.live-output', {}, s.text) : h('p.muted', {}, 'running…'))));
  }

  return { card, close: () => source.close() };
}
