// The runtime's /v1 API as the UI uses it. Errors carry the API's {code, message}.
export class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

async function call(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  // same-origin: the browser sends the HttpOnly session cookie by itself; script never sees it
  init.credentials = 'same-origin';
  const res = await fetch(path, init);
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (res.status === 401 && path !== '/v1/session') loggedOut();
  if (!res.ok) throw new ApiError(res.status, data?.code ?? 'HTTP_' + res.status, data?.message ?? res.statusText);
  return data;
}

// No session (never logged in, logged out, expired, or its token revoked): to the login page,
// which comes back to where the user was.
function loggedOut() {
  if (location.hash.startsWith('#/login')) return;
  document.getElementById('session')?.replaceChildren();
  const back = location.hash.slice(1) || '/runs';
  location.hash = '#/login?next=' + encodeURIComponent(back);
}

export const api = {
  login: (token) => call('POST', '/v1/session', { token }),
  logout: () => call('DELETE', '/v1/session'),
  session: () => call('GET', '/v1/session'),
  runs: (params) => call('GET', '/v1/runs?' + new URLSearchParams({ preview: 'true', ...params })),
  run: (id) => call('GET', `/v1/runs/${encodeURIComponent(id)}?preview=true`),
  journal: async (id) => {
    // pages of at most 500 entries: follow `next` until the last one, so a long run shows whole
    const whole = { runId: id, entries: [], failedAttempts: [] };
    for (let after = 0; after !== undefined && after !== null;) {
      const page = await call('GET', `/v1/runs/${encodeURIComponent(id)}/journal?preview=true&after=${after}`);
      whole.entries.push(...page.entries);
      whole.failedAttempts.push(...page.failedAttempts);
      after = page.next;
    }
    return whole;
  },
  cancel: (id) => call('POST', `/v1/runs/${encodeURIComponent(id)}/cancel`),
  pause: (id) => call('POST', `/v1/runs/${encodeURIComponent(id)}/pause`),
  resume: (id) => call('POST', `/v1/runs/${encodeURIComponent(id)}/resume`),
  restart: (id, fromPosition) => call('POST', `/v1/runs/${encodeURIComponent(id)}/restart?fromPosition=${fromPosition}`),
  // the bulk actions by query: action is cancel, pause, resume or restart (query may hold fromPosition)
  bulk: (action, query, dryRun) => call('POST', `/v1/runs/${action}?` + new URLSearchParams({ ...query, dryRun: String(dryRun) })),
  sendEvent: (id, name, payload) => call('POST', `/v1/runs/${encodeURIComponent(id)}/events/${encodeURIComponent(name)}`, payload),
  workers: () => call('GET', '/v1/workers'),
  builds: (workflow) => call('GET', `/v1/workflows/${encodeURIComponent(workflow)}/builds`),
  promoteBuild: (workflow, build) => call('POST', `/v1/workflows/${encodeURIComponent(workflow)}/builds/${encodeURIComponent(build)}/promote`),
  rollbackBuild: (workflow) => call('POST', `/v1/workflows/${encodeURIComponent(workflow)}/builds/rollback`),
  workflow: (workflow) => call('GET', `/v1/workflows/${encodeURIComponent(workflow)}`),
  workflowPause: (workflow) => call('GET', `/v1/workflows/${encodeURIComponent(workflow)}/pause`),
  pauseWorkflow: (workflow) => call('POST', `/v1/workflows/${encodeURIComponent(workflow)}/pause`),
  resumeWorkflow: (workflow) => call('POST', `/v1/workflows/${encodeURIComponent(workflow)}/resume`),
  retention: (workflow) => call('GET', `/v1/workflows/${encodeURIComponent(workflow)}/retention`),
  setRetention: (workflow, retention) => call('PUT', `/v1/workflows/${encodeURIComponent(workflow)}/retention`, { retention }),
  clearRetention: (workflow) => call('DELETE', `/v1/workflows/${encodeURIComponent(workflow)}/retention`),
  webhooks: () => call('GET', '/v1/webhooks'),
  createWebhook: (hook) => call('POST', '/v1/webhooks', hook),
  deleteWebhook: (name) => call('DELETE', `/v1/webhooks/${encodeURIComponent(name)}`),
  stats: (window) => call('GET', '/v1/stats?window=' + encodeURIComponent(window)),
};
