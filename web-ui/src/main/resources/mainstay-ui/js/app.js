// The router: #/overview, #/runs?filters, #/runs/<id>, #/workers, #/builds/<workflow>, #/workflows/<name>, #/webhooks. Each view renders into <main>
// and may return a stop function (live refresh timers), called when the route changes.
import { renderOverview } from './overview.js';
import { renderRuns } from './runs.js';
import { renderRun } from './run.js';
import { renderWorkers } from './workers.js';
import { renderBuilds } from './builds.js';
import { renderWorkflow } from './workflow.js';
import { renderWebhooks } from './webhooks.js';
import { renderLogin } from './login.js';
import { api } from './api.js';

const view = document.getElementById('view');
let stop = null;

function route() {
  if (stop) { stop(); stop = null; }
  const hash = location.hash.slice(1) || '/runs';
  const [path, query] = hash.split('?');
  const params = new URLSearchParams(query ?? '');
  const parts = path.split('/').filter(Boolean);
  const section = parts[0] ?? 'runs';
  document.querySelectorAll('[data-nav]').forEach(a =>
    a.setAttribute('aria-current', a.dataset.nav === section ? 'page' : 'false'));
  view.replaceChildren();
  if (section === 'login') stop = renderLogin(view, params, showSession);
  else if (section === 'overview') stop = renderOverview(view);
  else if (section === 'workers') stop = renderWorkers(view);
  else if (section === 'builds') stop = renderBuilds(view, decodeURIComponent(parts[1] ?? ''));
  else if (section === 'workflows' && parts[1]) stop = renderWorkflow(view, decodeURIComponent(parts[1]));
  else if (section === 'webhooks') stop = renderWebhooks(view);
  else if (section === 'runs' && parts[1]) stop = renderRun(view, decodeURIComponent(parts[1]));
  else stop = renderRuns(view, params);
  document.title = 'Mainstay · ' + section;
}

// g o / g r / g w switch views; / focuses the first filter; Esc leaves a run for the list.
let pendingG = false;
document.addEventListener('keydown', (e) => {
  const typing = e.target.closest('input, textarea, select');
  if (e.key === 'Escape' && typing) { e.target.blur(); return; }
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
  if (pendingG) {
    pendingG = false;
    const target = { o: '#/overview', r: '#/runs', w: '#/workers', b: '#/builds' }[e.key];
    if (target) { location.hash = target; e.preventDefault(); }
    return;
  }
  if (e.key === 'g') { pendingG = true; setTimeout(() => { pendingG = false; }, 1200); }
  else if (e.key === '/') { const f = document.querySelector('[data-filter-first]'); if (f) { f.focus(); e.preventDefault(); } }
  else if (e.key === 'Escape' && location.hash.startsWith('#/runs/')) history.back();
});

// Who is logged in, and the logout button; none of it with --auth none (no session to end).
const who = document.getElementById('session');
async function showSession() {
  try {
    const me = await api.session();
    const out = document.createElement('button');
    out.className = 'secondary';
    out.type = 'button';
    out.textContent = 'Log out';
    out.dataset.logout = '';
    out.addEventListener('click', async () => {
      await api.logout().catch(() => {});
      who.replaceChildren();
      location.hash = '#/login';
    });
    const label = document.createElement('span');
    label.className = 'muted';
    label.textContent = `${me.tokenId} · ${me.role}`;
    who.replaceChildren(...(me.via === 'cookie' ? [label, ' ', out] : [label]));
  } catch {
    who.replaceChildren();
  }
}

window.addEventListener('hashchange', route);
route();
if (!location.hash.startsWith('#/login')) showSession();
