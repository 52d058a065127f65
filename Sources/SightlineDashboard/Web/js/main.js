// The dashboard's shell: sign-in, the sections a role may use, and hash routing between them.
import { api, session } from './api.js';
import { h, append, show, say, field, time } from './dom.js';
import { liveView } from './live.js';
import { searchView } from './search.js';
import { logView } from './audit.js';
import { adminView } from './admin.js';
import { publicView } from './public.js';
import { coSignView } from './cosign.js';

const ALERT_ROLES = ['officer', 'investigator', 'supervisor'];
const SEARCH_ROLES = ['officer', 'investigator', 'supervisor'];
const AUDIT_ROLES = ['auditor', 'supervisor', 'agency-admin'];

const sections = [
  { path: 'live', label: 'Live', allowed: () => true, view: liveView },
  { path: 'search', label: 'Search', allowed: (r) => SEARCH_ROLES.includes(r), view: searchView },
  { path: 'cosign', label: 'Co-signatures', allowed: (r) => r === 'supervisor', view: coSignView },
  { path: 'log', label: 'Audit log', allowed: (r) => AUDIT_ROLES.includes(r), view: logView },
  { path: 'admin', label: 'Administration', allowed: (r) => r === 'agency-admin', view: adminView },
];

export const context = { me: null, receivesAlerts: false, cleanup: [] };

function navigation() {
  const nav = document.getElementById('nav');
  const role = context.me?.user.role;
  const current = location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] || 'live';
  const links = sections.filter((s) => role && s.allowed(role)).map((s) => ({ path: s.path, label: s.label }));
  links.push({ path: 'public', label: 'Transparency' });
  nav.replaceChildren(...links.map((l) =>
    h('a', { href: `#/${l.path}`, 'aria-current': l.path === current ? 'page' : null }, l.label)));
  const who = document.getElementById('who');
  who.replaceChildren();
  if (context.me) {
    const s = session.get();
    append(who, [
      h('span', { id: 'signed-in-as' }, `${context.me.user.name} · ${context.me.user.role} · ${context.me.user.agency}`),
      s?.expires ? h('span', { class: 'muted', title: `Ends after ${s.idleMinutes} idle minutes` }, `until ${new Date(s.expires).toLocaleTimeString()}`) : null,
      h('button', { class: 'secondary', type: 'button', onclick: signOut }, 'Sign out')]);
  }
}

async function signOut() {
  try { await api('DELETE', '/sessions'); } catch { /* the session may already have ended */ }
  session.clear();
  context.me = null;
  location.hash = '#/signin';
}

function signInView(message) {
  const user = h('input', { id: 'signin-user', name: 'user', autocomplete: 'username', required: true });
  const password = h('input', { id: 'signin-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const code = h('input', { id: 'signin-code', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', required: true });
  const form = h('form', { id: 'signin-form', 'aria-labelledby': 'signin-title' },
    field('User', user), field('Password', password), field('One-time code from your authenticator', code),
    h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    say('Signing in…');
    try {
      const result = await api('POST', '/sessions', { user: user.value.trim(), password: password.value, code: code.value.trim() });
      session.set({ token: result.token, expires: result.expires, idleMinutes: result.idleMinutes });
      say('');
      await loadMe();
      location.hash = '#/live';
    } catch (error) {
      say(error.describe?.() ?? String(error), true);
      password.value = ''; code.value = '';
    }
  });
  show(h('section', { class: 'signin panel' },
    h('h1', { id: 'signin-title' }, 'Sign in to Sightline'),
    message ? h('p', { class: 'bad', role: 'alert' }, message) : null,
    form,
    h('p', { class: 'muted' }, 'Every sign-in is logged. Five failures in fifteen minutes lock the account.'),
    h('p', {}, h('a', { href: '#/public' }, 'Public transparency reports'), ' need no sign-in.')));
  user.focus();
}

async function loadMe() {
  context.me = session.get() ? await api('GET', '/me') : null;
  context.receivesAlerts = ALERT_ROLES.includes(context.me?.user.role);
}

async function route() {
  for (const stop of context.cleanup.splice(0)) stop();
  const [path, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  if (path === 'public') { navigation(); return publicView(rest.join('/')); }
  if (!context.me && session.get()) {
    try { await loadMe(); } catch { context.me = null; }
  }
  if (!context.me) { navigation(); return signInView(); }
  if (path === 'signin') { location.hash = '#/live'; return; }
  const section = sections.find((s) => s.path === (path || 'live'));
  navigation();
  if (!section || !section.allowed(context.me.user.role)) {
    return show(h('h1', {}, 'Not available'), h('p', {}, `The ${context.me.user.role} role does not use this page.`));
  }
  say('');
  try {
    await section.view(context, rest.join('/'));
  } catch (error) {
    say(error.describe?.() ?? String(error), true);
  }
}

window.addEventListener('sightline:expired', () => {
  context.me = null;
  for (const stop of context.cleanup.splice(0)) stop();
  navigation();
  signInView('Your session has ended. Sign in again.');
});
window.addEventListener('hashchange', route);
route();
export { time };
