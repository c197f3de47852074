import { api } from './api.js';
import { h, when, toast, errorBox } from './dom.js';
import { actor } from './run.js';

/**
 * #/workflows/<name>: what an operator sets on a workflow as a whole. Whether it is paused (no run
 * of it is dispatched; who paused it, when) with Pause/Resume, both confirmed; how long its finished
 * runs are kept (its own retention, else the runtime's, else forever) with a form to set one and a
 * button to clear it; what its workers registered (limits, rate limit, queue, upgrade mode), which
 * says why its runs may wait; links to its runs and its builds.
 */
export function renderWorkflow(root, workflow) {
  const runs = '#/runs?workflow=' + encodeURIComponent(workflow);
  const pauseCard = h('section.card.workflow-pause', {}, h('p.muted', {}, 'loading…'));
  const retentionCard = h('section.card.workflow-retention', {}, h('p.muted', {}, 'loading…'));
  const settingsCard = h('section.card.workflow-settings', {}, h('p.muted', {}, 'loading…'));
  root.append(
    h('p.crumbs', {}, h('a', { href: runs }, '← Runs of ', workflow)),
    h('div.page-head', {}, h('h1', {}, 'Workflow', h('span.mono', {}, workflow)),
      h('div.actions', {},
        h('a', { href: runs, 'data-workflow-runs': '' }, 'Runs'), ' · ',
        h('a', { href: '#/builds/' + encodeURIComponent(workflow), 'data-workflow-builds': '' }, 'Builds'))),
    pauseCard, retentionCard, settingsCard);

  /** Asks, then does it and shows the answer; a refusal is a toast and changes nothing shown. */
  async function act(question, action, show, done) {
    if (!confirm(question)) return;
    try { show(await action()); toast(done); }
    catch (e) { toast(`${e.code}: ${e.message}`, 'err'); }
  }

  function showPause(p) {
    const button = p.paused
      ? h('button', { type: 'button', 'data-workflow-resume': '', onclick: () => act(
        `Resume '${workflow}'? Its waiting runs are dispatched again.`,
        () => api.resumeWorkflow(workflow), showPause, 'Resumed') }, 'Resume workflow')
      : h('button.danger', { type: 'button', 'data-workflow-pause': '', onclick: () => act(
        `Pause '${workflow}'? No run of it is dispatched until it is resumed; runs a worker holds now go on.`,
        () => api.pauseWorkflow(workflow), showPause, 'Paused') }, 'Pause workflow');
    pauseCard.replaceChildren(
      h('h2', {}, 'Dispatch'),
      h('p.pause-state', {}, p.paused
        ? [h('span.pill.s-paused', {}, 'paused'), ' ', when(p.pausedAt), ' by ', actor(p.pausedBy, 'a caller without a token (auth off)')]
        : [h('span.pill.s-running', {}, 'dispatching'), ' runs go to its workers']),
      button);
  }

  function showRetention(r) {
    const field = h('input', { name: 'retention', placeholder: 'e.g. 7d', autocomplete: 'off', required: true,
      value: r.retention ?? '', title: 'e.g. 12h, 7d or 90d (1s to 10 years)' });
    const set = (e) => {
      e.preventDefault();
      const value = field.value.trim();
      // a shorter retention deletes runs at the next pass: asked as the other changes are
      act(`Keep the finished runs of '${workflow}' for ${value}? Those that finished longer ago are deleted.`,
        () => api.setRetention(workflow, value), showRetention, `'${workflow}' keeps finished runs for ${value}`);
    };
    retentionCard.replaceChildren(
      h('h2', {}, 'Retention'),
      h('p.retention-state', {}, r.retention
        ? ['Finished runs are deleted ', h('strong', {}, r.retention), ' after they finish (its own',
          r.runtimeRetention ? `; the runtime's is ${r.runtimeRetention})` : `; the runtime keeps runs forever)`]
        : r.runtimeRetention
          ? ['Finished runs are deleted ', h('strong', {}, r.runtimeRetention), " after they finish (the runtime's)"]
          : ['Finished runs are ', h('strong', {}, 'kept forever'), " (no retention of its own or the runtime's)"]),
      h('form.retention-form', { onsubmit: set },
        h('label', {}, h('span', {}, 'Keep finished runs for'), field),
        h('button', { type: 'submit' }, 'Set retention'),
        r.retention ? h('button.secondary', { type: 'button', 'data-clear-retention': '', onclick: () => act(
          `Clear '${workflow}'s own retention? Its finished runs are then ` + (r.runtimeRetention
            ? `kept for the runtime's ${r.runtimeRetention}.` : 'kept forever.'),
          () => api.clearRetention(workflow), showRetention, 'Retention cleared') }, 'Clear') : null));
  }

  /** As its workers registered it: the settings that make its runs wait (a limit, a rate, a queue). */
  function showSettings(w) {
    const rows = [
      ['Concurrency', w.maxConcurrency ? `${w.maxConcurrency} at once` + (w.queue ? ` in queue ${w.queue}` : '')
        + (w.concurrencyKey ? ` per ${w.concurrencyKey}` : '') : 'no limit'],
      ['Rate limit', w.rateLimit ? w.rateLimit + (w.rateKey ? ` per ${w.rateKey}` : '') : 'none'],
      ['Run timeout', w.runTimeoutMs ? `${w.runTimeoutMs} ms` : 'none'],
      ['Upgrade', w.upgrade],
    ];
    settingsCard.replaceChildren(h('h2', {}, 'As its workers registered it'),
      h('dl.facts', {}, rows.map(([k, v]) => h('div', { 'data-setting': k }, h('dt', {}, k), h('dd', {}, v)))));
  }

  const fail = (card) => (e) => card.replaceChildren(errorBox(e));
  api.workflow(workflow).then(showSettings, fail(settingsCard));
  api.workflowPause(workflow).then(showPause, fail(pauseCard));
  api.retention(workflow).then(showRetention, fail(retentionCard));
  return () => {};
}
