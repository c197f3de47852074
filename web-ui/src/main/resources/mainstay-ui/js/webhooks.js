import { api } from './api.js';
import { h, when, toast, errorBox } from './dom.js';

const PROVIDERS = ['github', 'stripe', 'slack', 'generic'];

/**
 * Webhooks of the session's namespace: the URL to give the provider, its workflow and provider, who
 * made it; a form to make one (the secret is sent once and never shown again) and deletion, each
 * confirmed first.
 */
export function renderWebhooks(root) {
  let stopped = false;
  const list = h('div');
  const form = h('form.webhook-form', { onsubmit: (e) => { e.preventDefault(); create(); } },
    h('label', {}, h('span', {}, 'Name'), h('input', { name: 'name', required: true, placeholder: 'github-pushes', autocomplete: 'off' })),
    h('label', {}, h('span', {}, 'Workflow'), h('input', { name: 'workflow', required: true, placeholder: 'deploy', autocomplete: 'off' })),
    h('label', {}, h('span', {}, 'Provider'), h('select', { name: 'provider' }, PROVIDERS.map(p => h('option', { value: p }, p)))),
    h('label', {}, h('span', {}, 'Signing secret'), h('input', { name: 'secret', type: 'password', required: true, autocomplete: 'new-password' })),
    h('label', {}, h('span', {}, 'Correlate (optional)'), h('input', { name: 'correlate', placeholder: '$.order.id', autocomplete: 'off',
      title: 'Deliver the body as an event to the waiting run whose idempotency key is at this path, instead of starting a run' })),
    h('label', {}, h('span', {}, 'Event name'), h('input', { name: 'event', placeholder: 'the webhook name', autocomplete: 'off' })),
    h('button', { type: 'submit' }, 'Create webhook'));
  root.append(h('div.page-head', {}, h('h1', {}, 'Webhooks')), list,
    h('h2.section', {}, 'New webhook'),
    h('p.muted', {}, 'A delivery to its URL starts a run of the workflow with the request body as input, once its signature checks out;'
      + ' with a correlate path, it is instead an event to the run of the workflow whose idempotency key the body holds there.'),
    form);

  async function create() {
    const data = Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== ''));
    const does = data.correlate ? `sending '${data.event || data.name}' to the run of '${data.workflow}' keyed by ${data.correlate}`
      : `starting '${data.workflow}'`;
    if (!confirm(`Create webhook '${data.name}' ${does} on ${data.provider} deliveries?`)) return;
    try {
      await api.createWebhook(data);
      form.reset();
      toast(`Webhook ${data.name} created`);
      load();
    } catch (e) { toast(e.message, 'err'); }
  }

  async function remove(hook) {
    if (!confirm(`Delete webhook '${hook.name}'? Deliveries to it will be refused (404).`)) return;
    try { await api.deleteWebhook(hook.name); toast(`Webhook ${hook.name} deleted`); load(); }
    catch (e) { toast(e.message, 'err'); }
  }

  async function load() {
    try {
      const data = await api.webhooks();
      if (stopped) return;
      list.replaceChildren(data.webhooks.length ? h('div.table-wrap', {}, h('table.webhooks', {},
        h('thead', {}, h('tr', {}, ['Name', 'Workflow', 'Does', 'Provider', 'Delivery URL', 'Created', 'By', ''].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, data.webhooks.map(w => h('tr', { 'data-webhook': w.name },
          h('td', {}, w.name),
          h('td', {}, h('a', { href: '#/runs?workflow=' + encodeURIComponent(w.workflow) }, w.workflow)),
          h('td', {}, w.correlate ? `event ${w.event} to the run keyed by ${w.correlate}` : 'starts a run'),
          h('td', {}, w.provider),
          h('td.mono', {}, location.origin + w.url),
          h('td', {}, when(w.createdAt)),
          h('td.mono', {}, w.createdBy ?? '—'),
          h('td', {}, h('button.danger', { type: 'button', onclick: () => remove(w) }, 'Delete')))))))
        : h('p.empty', {}, 'No webhook yet.'));
    } catch (e) {
      list.replaceChildren(errorBox(e));
    }
  }
  load();
  return () => { stopped = true; };
}
