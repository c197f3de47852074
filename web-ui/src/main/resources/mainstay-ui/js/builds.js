import { api } from './api.js';
import { h, when, toast, errorBox } from './dom.js';

const UPGRADE = {
  PINNED: 'Runs stay on the build that first ran them: a build is safe to shut down once its live runs have ended.',
  LATEST: 'Runs move to the current build at their next step (the code guards its changes with patches): any build but the current one may be shut down.',
};

/**
 * #/builds/<workflow>: the builds of a workflow's workers, newest first: live and ended runs per
 * build, the current and newest marks, connected workers, which are safe to shut down; promote a
 * build or roll back to the one before. Both change where runs go, so both ask to confirm first.
 */
export function renderBuilds(root, workflow) {
  let timer = null;
  let stopped = false;
  const body = h('div');
  const field = h('input', { name: 'workflow', value: workflow, placeholder: 'workflow', list: 'known-workflows',
    autocomplete: 'off', 'data-filter-first': true });
  const known = h('datalist', { id: 'known-workflows' });
  const pick = h('form.filters', { role: 'search', onsubmit: (e) => {
    e.preventDefault();
    if (field.value.trim()) location.hash = '#/builds/' + encodeURIComponent(field.value.trim());
  } }, h('label', {}, h('span', {}, 'Workflow'), field), known, h('div.actions', {}, h('button', { type: 'submit' }, 'Show')));
  root.append(h('div.page-head', {}, h('h1', {}, 'Builds', workflow ? h('span.mono', {}, workflow) : null),
    workflow ? h('a', { href: '#/workflows/' + encodeURIComponent(workflow), 'data-workflow-link': '' }, 'Workflow settings →') : null),
    pick, body);
  api.workers().then(d => known.replaceChildren(
    ...[...new Set(d.workers.flatMap(w => w.components))].sort().map(c => h('option', { value: c })))).catch(() => {});
  if (!workflow) {
    body.replaceChildren(h('p.empty', {}, 'Pick a workflow to see the builds of its workers.'));
    return () => {};
  }

  async function act(question, action, done) {
    if (!confirm(question)) return;
    try { render(await action()); toast(done); }
    catch (e) { toast(`${e.code}: ${e.message}`, 'err'); }
  }

  const promote = (data, b) => act(`Make build ${b.buildId} current for '${workflow}'?\n\nNew runs go to it from now on`
      + (data.upgrade === 'LATEST' ? ', and live runs at their next step.' : '; runs already started stay on their build.'),
    () => api.promoteBuild(workflow, b.buildId), `Build ${b.buildId} is current`);
  const rollback = (data) => act(`Roll '${workflow}' back from build ${data.current} to the build current before it?`,
    () => api.rollbackBuild(workflow), 'Rolled back');

  function render(data) {
    const rows = data.builds.map(b => h('tr', { 'data-build': b.buildId },
      h('td.mono', {}, b.buildId),
      h('td', {}, when(b.firstSeen)),
      h('td.marks', {}, b.current ? h('span.chip.current', {}, 'current') : null, b.newest ? h('span.chip', {}, 'newest') : null),
      h('td.num.live-runs', {}, b.liveRuns > 0
        ? h('a', { href: '#/runs?workflow=' + encodeURIComponent(workflow), title: 'live runs that ran on this build last' }, String(b.liveRuns))
        : '0'),
      h('td.num', {}, String(b.endedRuns)),
      h('td.num', {}, String(b.workers)),
      h('td.safe', {}, b.safeToShutDown ? h('span.pill.s-completed', {}, 'safe to shut down') : h('span.muted', {}, 'keep running')),
      h('td', {}, b.current ? null : h('button.secondary', { type: 'button', 'data-promote': b.buildId,
        onclick: () => promote(data, b) }, 'Promote'))));
    body.replaceChildren(
      h('p.muted', {}, h('strong', {}, `upgrade ${data.upgrade}`), ' · ', UPGRADE[data.upgrade] ?? ''),
      data.builds.length ? h('div.table-wrap', {}, h('table.builds', {},
        h('thead', {}, h('tr', {}, ['Build', 'First seen', '', 'Live runs', 'Ended runs', 'Workers', 'Shut down', '']
          .map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows)))
        : h('p.empty', {}, `No worker with a build registered '${workflow}' yet.`),
      h('div.pager', {}, h('span'), h('button.danger', { type: 'button', 'data-rollback': '', disabled: data.builds.length < 2,
        title: 'new runs go back to the build current before this one', onclick: () => rollback(data) }, 'Roll back')));
  }

  async function load() {
    try { render(await api.builds(workflow)); }
    catch (e) { body.replaceChildren(errorBox(e)); }
    if (!stopped) timer = setTimeout(load, 3000);
  }
  load();
  return () => { stopped = true; clearTimeout(timer); };
}
