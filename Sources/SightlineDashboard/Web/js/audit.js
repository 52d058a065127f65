// The auditor's page: our agency's log entries with filters, each verified in the browser
// against the latest signed checkpoint, and the misuse detectors' findings.
import { api } from './api.js';
import { h, show, say, field, table, time } from './dom.js';
import { canVerify, leafHash, verifyCheckpoint, verifyInclusion, base64 } from './verify.js';

const PAGE = 1000;

function summary(record) {
  switch (record.type ?? 'search') {
    case 'search': {
      const r = record.request;
      return `${r.kind} by ${r.user} for ${r.onBehalfOf}: ${r.purpose}, case ${r.caseNumber} — ${record.outcome}` +
        (record.query?.plate ? `, plate ${record.query.plate}` : '') + (r.coSignedBy ? `, co-signed by ${r.coSignedBy}` : '');
    }
    case 'change': return `${record.action} ${record.subject} by ${record.actor}${record.after ? ': ' + record.after : ''}`;
    case 'login': return `sign-in by ${record.user}: ${record.outcome}`;
    case 'alert': return `alert ${record.alert} ${record.event}: ${record.plate} on ${record.camera} (${record.cameraOwner}), list ${record.list} of ${record.listOwner}`;
    default: return record.type;
  }
}
const who = (record) => record.request?.user ?? record.actor ?? record.user ?? '';
const caseOf = (record) => record.request?.caseNumber ?? '';

export async function logView(context, entryParam) {
  const focus = entryParam ? Number(entryParam) : null;
  const note = await api('GET', '/log/checkpoint');
  const verifierKey = await (await fetch('/.well-known/sightline-log-key')).text();
  let checkpoint = null, checkpointError = null;
  if (!canVerify()) checkpointError = 'this browser offers no Web Crypto here (use HTTPS or localhost)';
  else {
    try { checkpoint = await verifyCheckpoint(note, verifierKey); } catch (error) { checkpointError = error.message; }
  }
  const size = checkpoint?.size ?? Number(note.split('\n')[1]);
  const start = focus != null ? Math.max(0, Math.min(focus - PAGE / 2, size - PAGE)) : Math.max(0, size - PAGE);
  const page = await api('GET', `/log/entries?start=${start}&end=${Math.min(start + PAGE, size)}`);
  const ours = page.entries.filter((e) => e.entry).reverse();

  const type = h('select', { id: 'filter-type' }, ['', 'search', 'change', 'login', 'alert'].map((t) => h('option', { value: t }, t || 'any')));
  const user = h('input', { id: 'filter-user', placeholder: 'user id' });
  const caseFilter = h('input', { id: 'filter-case', placeholder: 'case number' });
  const text = h('input', { id: 'filter-text', placeholder: 'any text', type: 'search' });
  const body = h('tbody', { id: 'log-rows' });
  const counter = h('p', { class: 'muted', id: 'log-count' });
  const verdict = h('p', { id: 'verification', role: 'status' });
  const statusCells = new Map();

  const apply = () => {
    const shown = ours.filter(({ index, entry }) =>
      (!type.value || (entry.type ?? 'search') === type.value) &&
      (!user.value || who(entry).includes(user.value.trim())) &&
      (!caseFilter.value || caseOf(entry).includes(caseFilter.value.trim())) &&
      (!text.value || JSON.stringify(entry).toLowerCase().includes(text.value.trim().toLowerCase())));
    body.replaceChildren(...shown.map(({ index, entry }) => {
      const cell = statusCells.get(index) ?? h('td', { class: 'verify muted' }, 'not checked');
      statusCells.set(index, cell);
      return h('tr', { dataset: { index }, class: index === focus ? 'focus' : null },
        h('td', {}, String(index)), h('td', {}, time(entry.time)), h('td', {}, entry.type ?? 'search'),
        h('td', {}, summary(entry)), cell);
    }));
    counter.textContent = `${shown.length} of ${ours.length} entries of ${context.me.user.agency} among entries ${start}–${start + page.entries.length - 1}`;
    return shown;
  };
  for (const control of [type, user, caseFilter, text]) control.addEventListener('input', apply);

  const verify = async () => {
    if (!checkpoint) return;
    const shown = apply().slice(0, 200);
    let good = 0;
    for (const { index, text: exact, leafHash: served } of shown.map((e) => ({ ...e, text: e.text }))) {
      const cell = statusCells.get(index);
      const leaf = await leafHash(exact);
      const proof = await api('GET', `/log/proof/inclusion?index=${index}&size=${checkpoint.size}`);
      const ok = base64(leaf) === served && proof.root === checkpoint.root &&
        await verifyInclusion(index, checkpoint.size, leaf, proof.hashes, checkpoint.root);
      cell.textContent = ok ? 'included ✓' : 'FAILED';
      cell.className = ok ? 'verify ok' : 'verify bad';
      if (ok) good += 1;
    }
    verdict.textContent = `${good} of ${shown.length} shown entries verified in this browser against the checkpoint of size ${checkpoint.size}.`;
    verdict.className = good === shown.length ? 'ok' : 'bad';
  };

  const findings = h('section', { class: 'panel', id: 'findings' }, h('h2', {}, 'Misuse findings'), h('p', { class: 'muted' }, 'loading…'));
  show(h('h1', {}, 'Audit log'),
    h('section', { class: 'panel' },
      h('h2', {}, 'Latest checkpoint'),
      checkpoint
        ? h('p', { class: 'ok', id: 'checkpoint-status' }, `Signature by ${checkpoint.signer} verified in this browser: ${checkpoint.size} entries, root ${checkpoint.root}`)
        : h('p', { class: 'bad', id: 'checkpoint-status' }, `Checkpoint not verified: ${checkpointError}`),
      h('details', {}, h('summary', {}, 'Signed note and verifier key'), h('pre', { class: 'note' }, note), h('pre', { class: 'note' }, verifierKey)),
      verdict),
    h('section', { class: 'panel' },
      h('h2', {}, 'Entries'),
      h('form', { class: 'stack', role: 'search', onsubmit: (e) => e.preventDefault() },
        field('Type', type), field('User', user), field('Case', caseFilter), field('Text', text),
        h('div', {}, h('button', { type: 'button', id: 'verify-entries', onclick: verify }, 'Verify shown entries'))),
      counter,
      table(['#', 'Time', 'Type', 'What', 'In checkpoint'], body, { id: 'log-table' })),
    findings);
  apply();
  if (focus != null) body.querySelector(`[data-index="${focus}"]`)?.scrollIntoView({ block: 'center' });
  await verify();
  try {
    const result = await api('GET', '/log/findings');
    findings.replaceChildren(h('h2', {}, 'Misuse findings'),
      h('p', { class: 'muted' }, `Detectors run over ${result.entries} entries of our agency.`),
      result.findings.length
        ? h('ul', {}, result.findings.map((f) => h('li', {}, h('strong', {}, f.detector), `: ${f.summary} (entries ${f.entries.join(', ')})`)))
        : h('p', {}, 'No findings.'));
  } catch (error) { say(error.describe?.() ?? String(error), true); }
}
