// The supervisor's queue: searches and analytics that an owner's law wants co-signed, each with
// who asked, what and why, and every owner's decision; approve or reject with a note.
import { api } from './api.js';
import { h, show, say, table, time } from './dom.js';

export async function coSignView(context) {
  const { requests } = await api('GET', '/cosign');
  const rows = requests.map((request) => {
    const note = h('input', { 'aria-label': `Note on ${request.id}`, placeholder: 'note (kept in the log)' });
    const decide = (approve) => async () => {
      try {
        await api('POST', `/cosign/${request.id}`, { approve, note: note.value || undefined });
        say(`${request.id} ${approve ? 'approved' : 'rejected'}.`);
        coSignView(context);
      } catch (error) { say(error.describe?.() ?? String(error), true); }
    };
    return h('tr', { dataset: { request: request.id } },
      h('td', {}, request.id), h('td', {}, request.requester), h('td', {}, time(request.created)),
      h('td', {}, request.summary),
      h('td', {}, request.decisions.filter((d) => d.outcome === 'co-sign').map((d) => d.owner).join(', ')),
      h('td', {}, note, ' ',
        h('button', { type: 'button', onclick: decide(true) }, 'Approve'), ' ',
        h('button', { type: 'button', class: 'secondary', onclick: decide(false) }, 'Reject')));
  });
  show(h('h1', {}, 'Co-signatures'),
    h('p', { class: 'muted' }, 'Searches whose data owners require a supervisor\'s co-signature. An approval covers exactly the request shown, once; the decision is logged.'),
    requests.length
      ? table(['Request', 'Requested by', 'When', 'What and why', 'Owners requiring it', 'Decision'], rows, { id: 'cosign-table' })
      : h('p', {}, 'No requests are waiting.'));
}
