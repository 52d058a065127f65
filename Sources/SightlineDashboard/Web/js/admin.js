// The agency administrator's pages: users and roles, cameras and device keys, hot lists and
// imports, sharing grants (who can reach our data, and why), retention and legal holds.
// Every change goes through the same API, and so into the log, as the CLI's.
import { api, upload } from './api.js';
import { h, append, show, say, field, table, time } from './dom.js';

const ROLES = ['officer', 'investigator', 'supervisor', 'agency-admin', 'auditor'];
const KINDS = ['search', 'timeline', 'analytics', 'lookup', 'alerts', 'hot-list-sharing'];
const FORMATS = ['csv', 'ncic', 'ncic-csv', 'clew', 'tcic'];
const TABS = [['users', 'Users and roles'], ['cameras', 'Cameras and device keys'], ['hotlists', 'Hot lists'],
  ['sharing', 'Sharing grants'], ['retention', 'Retention and holds']];

const iso = (input) => input.value ? new Date(input.value).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
const fill = (panel, ...children) => append(panel, children);
const failed = (error) => say(error.describe?.() ?? String(error), true);
const secret = (label, value) => h('p', { role: 'alert' }, `${label} (shown once, store it now): `, h('span', { class: 'secret' }, value));

export async function adminView(context, tab) {
  tab = TABS.some(([t]) => t === tab) ? tab : 'users';
  const agency = context.me.user.agency;
  const panel = h('section', { class: 'panel', id: `admin-${tab}` });
  show(h('h1', {}, `Administration — ${context.me.agency?.name ?? agency}`),
    h('nav', { class: 'tabs', 'aria-label': 'Administration pages' },
      TABS.map(([t, label]) => h('a', { href: `#/admin/${t}`, 'aria-current': t === tab ? 'page' : null }, label))),
    panel);
  const pages = { users, cameras, hotlists, sharing, retention };
  await pages[tab](panel, agency, () => adminView(context, tab));
}

async function users(panel, agency, reload) {
  const { users } = await api('GET', '/users');
  const rows = users.map(({ user, locked }) => {
    const role = h('select', { 'aria-label': `Role of ${user.id}` }, ROLES.map((r) => h('option', { value: r, selected: r === user.role }, r)));
    role.addEventListener('change', async () => {
      try { await api('PUT', `/users/${user.id}/role`, { role: role.value }); say(`${user.id} is now ${role.value}.`); } catch (e) { failed(e); }
    });
    return h('tr', {}, h('td', {}, user.id), h('td', {}, user.name), h('td', {}, role),
      h('td', {}, locked ? h('button', { type: 'button', onclick: async () => {
        try { await api('POST', `/users/${user.id}/unlock`); say(`${user.id} unlocked.`); reload(); } catch (e) { failed(e); }
      } }, 'Unlock') : 'active'),
      h('td', {}, h('button', { type: 'button', class: 'secondary', onclick: async () => {
        try { await api('DELETE', `/users/${user.id}/tokens`); say(`Every session and token of ${user.id} revoked.`); } catch (e) { failed(e); }
      } }, 'Revoke sessions')));
  });
  const id = h('input', { required: true }), name = h('input', { required: true }), password = h('input', { type: 'password', required: true, autocomplete: 'new-password' });
  const role = h('select', {}, ROLES.map((r) => h('option', { value: r }, r)));
  const result = h('div');
  const form = h('form', { class: 'stack' }, field('User id', id), field('Name', name), field('Role', role), field('Initial password (12+ characters)', password),
    h('div', {}, h('button', { type: 'submit' }, 'Add user')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const enrolment = await api('POST', '/users', { id: id.value.trim(), agency, name: name.value.trim(), role: role.value, password: password.value });
      result.replaceChildren(secret(`TOTP secret for ${id.value}`, enrolment.totpSecret));
      password.value = '';
    } catch (error) { failed(error); }
  });
  fill(panel, h('h2', {}, 'Users'), table(['Id', 'Name', 'Role', 'Account', 'Sessions'], rows, { id: 'users-table' }),
    h('h2', {}, 'Add a user'), form, result);
}

async function cameras(panel, agency, reload) {
  const list = await api('GET', '/cameras');
  const result = h('div');
  const rows = list.cameras.map(({ camera, readsPerMinute }) => h('tr', {},
    h('td', {}, camera.id), h('td', {}, camera.name), h('td', {}, camera.kind),
    h('td', {}, `${camera.location.latitude.toFixed(5)}, ${camera.location.longitude.toFixed(5)}`),
    h('td', {}, readsPerMinute.toFixed(1)),
    h('td', {}, h('button', { type: 'button', class: 'secondary', onclick: async () => {
      if (!confirm(`Issue a new device key for ${camera.id}? Its current key stops working at once.`)) return;
      try { const issued = await api('POST', `/cameras/${camera.id}/keys`); result.replaceChildren(secret(`Device key for ${camera.id}`, issued.deviceKey)); } catch (e) { failed(e); }
    } }, 'New device key'))));
  const id = h('input', { required: true }), name = h('input', { required: true });
  const kind = h('select', {}, ['fixed', 'mobile', 'private-partner'].map((k) => h('option', { value: k }, k)));
  const lat = h('input', { type: 'number', step: 'any', required: true }), lon = h('input', { type: 'number', step: 'any', required: true });
  const heading = h('input', { type: 'number', min: 0, max: 359, value: 0 });
  const form = h('form', { class: 'stack' }, field('Camera id', id), field('Name', name), field('Kind', kind),
    field('Latitude', lat), field('Longitude', lon), field('Heading (degrees)', heading), h('div', {}, h('button', { type: 'submit' }, 'Register camera')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const registered = await api('POST', '/cameras', {
        id: id.value.trim(), owner: agency, kind: kind.value, name: name.value.trim(),
        location: { latitude: Number(lat.value), longitude: Number(lon.value) }, heading: Number(heading.value),
      });
      result.replaceChildren(secret(`Device key for ${registered.camera.id}`, registered.deviceKey));
    } catch (error) { failed(error); }
  });
  fill(panel, h('h2', {}, `${list.cameras.length} cameras`), result,
    table(['Id', 'Name', 'Kind', 'Location', 'Reads/min', 'Device key'], rows, { id: 'cameras-table' }),
    h('p', { class: 'muted' }, 'Only digests of device keys are stored; a lost key is replaced, never shown again.'),
    h('h2', {}, 'Register a camera'), form);
}

async function hotlists(panel, agency, reload) {
  const { lists } = await api('GET', '/hotlists');
  const entries = h('div', { id: 'hotlist-entries' });
  const rows = lists.map((l) => h('tr', {}, h('td', {}, l.name), h('td', {}, l.owner), h('td', {}, String(l.entries)),
    h('td', {}, l.source), h('td', {}, time(l.updated)),
    h('td', {}, h('button', { type: 'button', class: 'secondary', onclick: async () => {
      try {
        const { entries: list } = await api('GET', `/hotlists/${encodeURIComponent(l.name)}`);
        entries.replaceChildren(h('h2', {}, `${l.name}: ${list.length} entries`), table(['Plate', 'State', 'Category', 'Priority', 'Reason', 'Case'],
          list.map((e) => h('tr', {}, h('td', {}, h('span', { class: 'plate' }, e.plate)), h('td', {}, e.region ?? ''), h('td', {}, e.category),
            h('td', {}, String(e.priority)), h('td', {}, e.reason ?? ''), h('td', {}, e.caseNumber ?? '')))));
      } catch (e) { failed(e); }
    } }, 'Entries'))));
  const name = h('input', { required: true, placeholder: 'riverton-stolen' });
  const format = h('select', {}, FORMATS.map((f) => h('option', { value: f }, f)));
  const file = h('input', { type: 'file', accept: '.csv,.txt,.dat' });
  const audience = h('select', {}, h('option', { value: 'shared' }, 'shared with grant holders'), h('option', { value: 'agency' }, 'our agency only'));
  const form = h('form', { class: 'stack' }, field('List name', name), field('Format', format), field('Audience', audience), field('File', file),
    h('div', {}, h('button', { type: 'submit' }, 'Import (replaces the list)')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!file.files[0]) return say('Choose a file to import.', true);
    try {
      say('Importing…');
      const summary = await upload('PUT', `/hotlists/${encodeURIComponent(name.value.trim())}?format=${format.value}&audience=${audience.value}`, await file.files[0].text());
      say(`Imported ${summary.entries} entries into ${summary.name ?? name.value}${summary.skipped ? `, ${summary.skipped} skipped` : ''}.`);
      reload();
    } catch (error) { failed(error); }
  });
  fill(panel, h('h2', {}, 'Hot lists we can see'), table(['List', 'Owner', 'Entries', 'Source', 'Updated', ''], rows, { id: 'hotlists-table' }),
    entries, h('h2', {}, 'Import a list'), form);
}

async function sharing(panel, agency, reload) {
  const access = await api('GET', `/agencies/${agency}/access`);
  const grantRow = (g) => h('tr', {}, h('td', {}, g.id), h('td', {}, g.recipient), h('td', {}, g.purposes.join(', ')),
    h('td', {}, g.kinds.join(', ')), h('td', {}, `${time(g.start)} – ${time(g.expiry)}`), h('td', {}, g.issuedBy),
    h('td', {}, g.revoked ? `revoked ${time(g.revoked)}` : h('button', { type: 'button', class: 'secondary', onclick: async () => {
      try { await api('DELETE', `/grants/${g.id}`); say(`Grant ${g.id} revoked.`); reload(); } catch (e) { failed(e); }
    } }, 'Revoke')));
  const agencies = (await api('GET', '/agencies')).agencies.filter((a) => a.id !== agency);
  const recipient = h('select', {}, agencies.map((a) => h('option', { value: a.id }, `${a.name} (${a.id})`)));
  const purposes = h('select', { multiple: true, size: 6 }, (await api('GET', '/me')).purposes.map((p) => h('option', { value: p }, p)));
  const kinds = h('select', { multiple: true, size: 6 }, KINDS.map((k) => h('option', { value: k }, k)));
  const expiry = h('input', { type: 'datetime-local', required: true });
  const form = h('form', { class: 'stack' }, field('Recipient', recipient), field('Purposes', purposes), field('Kinds', kinds), field('Expires', expiry),
    h('div', {}, h('button', { type: 'submit' }, 'Issue grant')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const selected = (select) => [...select.selectedOptions].map((o) => o.value);
    try {
      const grant = await api('POST', '/grants', { recipient: recipient.value, purposes: selected(purposes), kinds: selected(kinds), expiry: iso(expiry) });
      say(`Grant ${grant.id} issued.`);
      reload();
    } catch (error) { failed(error); }
  });
  fill(panel, h('h2', {}, 'Who can reach our data, and why'),
    h('p', {}, `Law pack: ${access.packName} (${access.pack}); retention ${access.retentionDays ? `${access.retentionDays} days` : 'as the pack sets'}. `, access.citations.join('; ')),
    table(['Grant', 'Recipient', 'Purposes', 'Kinds', 'Valid', 'Issued by', ''], access.active.map(grantRow), { id: 'grants-table' }),
    access.inactive.length ? [h('h2', {}, 'Ended grants'), table(['Grant', 'Recipient', 'Purposes', 'Kinds', 'Valid', 'Issued by', ''], access.inactive.map(grantRow))] : null,
    h('h2', {}, 'Declarations on file'),
    access.declarations.length ? h('ul', {}, access.declarations.map((d) => h('li', {}, `${d.recipient}: document ${d.documentSHA256?.slice(0, 16)}…, until ${time(d.expiry)}`))) : h('p', { class: 'muted' }, 'None.'),
    h('h2', {}, 'Issue a grant'), form);
}

async function retention(panel, agency, reload) {
  const [{ policy }, { holds }, access] = await Promise.all([
    api('GET', `/agencies/${agency}/policy`), api('GET', '/holds'), api('GET', `/agencies/${agency}/access`)]);
  const caseNumber = h('input', { required: true }), reference = h('input', { required: true });
  const authority = h('select', {}, h('option', { value: 'court-order' }, 'court order'), h('option', { value: 'preservation-letter' }, 'preservation letter'));
  const plate = h('input', { placeholder: 'plate (or leave empty and name reads via the API)' });
  const from = h('input', { type: 'datetime-local' }), to = h('input', { type: 'datetime-local' }), expiry = h('input', { type: 'datetime-local', required: true });
  const form = h('form', { class: 'stack' }, field('Case', caseNumber), field('Authority', authority), field('Reference', reference),
    field('Plate', plate), field('From', from), field('To', to), field('Hold until', expiry), h('div', {}, h('button', { type: 'submit' }, 'Place hold')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const hold = await api('POST', '/holds', { case: caseNumber.value.trim(), authority: authority.value, reference: reference.value.trim(),
        plate: plate.value.trim() || undefined, from: iso(from), to: iso(to), expiry: iso(expiry) });
      say(`Hold ${hold.id} placed.`);
      reload();
    } catch (error) { failed(error); }
  });
  fill(panel, h('h2', {}, 'Retention'),
    h('p', {}, `Reads are destroyed, with their day's key, after ${access.retentionDays ? `${access.retentionDays} days` : 'the period the law pack sets'} (${access.packName})` +
      (policy?.retentionDays ? `; our own policy shortens it to ${policy.retentionDays} days` : '') + '. Reads under a legal hold are kept until the hold ends.'),
    h('h2', {}, 'Legal holds'),
    table(['Hold', 'Case', 'Authority', 'Covers', 'Until', 'Placed by', ''], holds.map((hold) => h('tr', {},
      h('td', {}, hold.id), h('td', {}, hold.caseNumber), h('td', {}, `${hold.authority} ${hold.reference}`),
      h('td', {}, hold.plate ? `plate ${hold.plate}` : `${hold.reads?.length ?? 0} reads`), h('td', {}, time(hold.expiry)),
      h('td', {}, `${hold.placedBy}, ${time(hold.placed)}`),
      h('td', {}, hold.released ? `released by ${hold.releasedBy}` : h('button', { type: 'button', class: 'secondary', onclick: async () => {
        try { await api('POST', `/holds/${hold.id}/release`); say(`Hold ${hold.id} released.`); reload(); } catch (e) { failed(e); }
      } }, 'Release')))), { id: 'holds-table' }),
    h('h2', {}, 'Place a hold'), form);
}
