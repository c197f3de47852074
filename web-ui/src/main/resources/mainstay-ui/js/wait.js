import { api } from './api.js';
import { h, toast } from './dom.js';

/**
 * What a suspended run waits for, with a form to answer: the question a human was asked
 * (text, approval, select, multiselect) or, for a plain event, a JSON payload. Every answer asks the
 * person to confirm first, naming what is sent and to which run: an answer cannot be taken back
 * (an approved tool call runs), and a stray click or Enter must not give one.
 */
export function waitPanel(run, journal, { onDraft, onSent }) {
  const name = run.waitingFor;
  const last = journal.entries[journal.entries.length - 1];
  const question = last && last.kind === 'input' && last.name === name && typeof last.output === 'object' ? last.output : null;
  const status = h('p.form-error', { role: 'alert', hidden: true });

  async function send(value, what) {
    status.hidden = true;
    if (!confirm(`${what}\n\nRun ${run.id} goes on with this answer; it cannot be taken back.`)) return;
    try {
      await api.sendEvent(run.id, name, value);
      toast(`Sent '${name}'`);
      onSent();
    } catch (e) {
      status.textContent = `${e.code}: ${e.message}`;
      status.hidden = false;
    }
  }

  const draft = () => onDraft(true);
  let form;
  if (question && question.kind === 'APPROVAL') {
    form = h('div.answer', {},
      h('button', { type: 'button', onclick: () => send(true, `Approve: ${question.prompt}`) }, 'Approve'),
      h('button.danger', { type: 'button', onclick: () => send(false, `Reject: ${question.prompt}`) }, 'Reject'));
  } else if (question && (question.kind === 'SELECT' || question.kind === 'MULTISELECT')) {
    const multi = question.kind === 'MULTISELECT';
    const boxes = (question.options ?? []).map(o => h('label.option', {},
      h('input', { type: multi ? 'checkbox' : 'radio', name: 'answer', value: o, onchange: draft }), ' ', o));
    form = h('form.answer', { onsubmit: (e) => {
      e.preventDefault();
      const chosen = boxes.map(b => b.querySelector('input')).filter(i => i.checked).map(i => i.value);
      const answer = multi ? chosen : chosen[0] ?? null;
      send(answer, `Answer '${question.prompt}' with ${JSON.stringify(answer)}?`);
    } }, h('div.options', {}, boxes), h('button', { type: 'submit' }, 'Answer'));
  } else if (question) {
    const text = h('textarea', { name: 'answer', rows: 3, oninput: draft, 'aria-label': 'answer' });
    form = h('form.answer', { onsubmit: (e) => {
      e.preventDefault(); send(text.value, `Answer '${question.prompt}' with ${JSON.stringify(text.value)}?`);
    } }, text, h('button', { type: 'submit' }, 'Answer'));
  } else {
    const text = h('textarea.mono', { name: 'payload', rows: 4, oninput: draft, 'aria-label': 'event payload (JSON)', placeholder: '{"approved": true}' }, '{}');
    form = h('form.answer', { onsubmit: (e) => {
      e.preventDefault();
      let value;
      try { value = JSON.parse(text.value || 'null'); } catch (err) {
        status.textContent = 'The payload is not valid JSON: ' + err.message; status.hidden = false; return;
      }
      send(value, `Send event '${name}' with ${JSON.stringify(value)}?`);
    } }, h('label', {}, h('span', {}, 'Payload (JSON)'), text), h('button', { type: 'submit' }, `Send event '${name}'`));
  }

  return h('section.card.waiting', { 'aria-label': 'waiting for' },
    h('h2', {}, question ? 'Waiting for an answer' : 'Waiting for an event'),
    h('p', {}, question ? h('span.prompt', {}, question.prompt) : ['Event ', h('code', {}, name)],
      run.wakeAt ? h('span.muted', {}, ' · times out ', new Date(run.wakeAt).toLocaleString()) : null),
    form, status);
}
