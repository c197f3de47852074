import { api } from './api.js';
import { h, errorBox } from './dom.js';

/**
 * The login page: a token (from `mainstay tokens create --role reader`, or the admin token) is
 * traded for a session kept in an HttpOnly, SameSite=Strict cookie; the page never stores the
 * token itself. Then back to the view the user came from.
 */
export function renderLogin(root, params, onLoggedIn) {
  const status = h('div', { role: 'alert' });
  const token = h('input', { type: 'password', name: 'token', autocomplete: 'current-password', required: true,
    placeholder: 'mst_…', 'aria-label': 'Token', size: 50 });
  const form = h('form.login', { onsubmit: async (e) => {
    e.preventDefault();
    status.replaceChildren();
    try {
      await api.login(token.value.trim());
      token.value = '';
      onLoggedIn();
      const next = params.get('next');
      location.hash = '#' + (next && next.startsWith('/') && !next.startsWith('/login') ? next : '/runs');
    } catch (err) {
      status.replaceChildren(errorBox(err));
      token.select();
    }
  } }, h('label', {}, h('span', {}, 'Token'), token), h('button', { type: 'submit' }, 'Log in'));
  root.append(h('div.page-head', {}, h('h1', {}, 'Log in')),
    h('section.card', {}, h('p.muted', {}, 'Paste a token of this runtime: a reader token to look, a client token to'
      + ' also answer and cancel (mainstay tokens create --role reader), or the admin token in <data-dir>/admin.token.'),
      form, status));
  token.focus();
  return null;
}
