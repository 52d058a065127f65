// Search for a documented case: every form asks for the purpose, the case number, a
// justification and the agency the search is on behalf of, and refuses to run without them.
// Results show where each read came from and the log entry that records the search.
import { api } from './api.js';
import { h, show, say, field, table, time, crop } from './dom.js';
import { CameraMap } from './map.js';

const KINDS = [
  ['plate', 'Plate search'], ['timeline', 'Vehicle timeline'], ['stakeout', 'Stakeout'], ['convoy', 'Convoy'],
];

export async function searchView(context) {
  const [basemap, agencies, cameraList] = await Promise.all([
    api('GET', '/map'), api('GET', '/agencies'), api('GET', '/cameras'),
  ]);
  const map = new CameraMap(basemap, cameraList.cameras.map((c) => c.camera), 'Map of the search results');
  const results = h('section', { id: 'results', 'aria-live': 'polite' });
  let kind = 'plate';

  const purpose = h('select', { id: 'purpose', name: 'purpose' }, h('option', { value: '' }, '— choose —'),
    context.me.purposes.map((p) => h('option', { value: p }, p)));
  const caseNumber = h('input', { id: 'case', name: 'case', placeholder: 'RPD-2026-0001' });
  const justification = h('input', { id: 'justification', name: 'justification', placeholder: 'what evidence this search starts from' });
  const onBehalfOf = h('select', { id: 'on-behalf-of', name: 'onBehalfOf' }, h('option', { value: '' }, '— choose —'),
    agencies.agencies.map((a) => h('option', { value: a.id }, `${a.name} (${a.id})`)));
  const coSignature = h('input', { id: 'co-signature', name: 'coSignature', placeholder: 'approved request id, if any' });

  const plateInput = h('input', { id: 'plate', name: 'plate', placeholder: '7ABC123, 7AB*, 7?BC123', autocapitalize: 'characters' });
  const tolerance = h('select', { id: 'tolerance' },
    h('option', { value: '' }, 'exact or wildcard'), h('option', { value: '1' }, 'OCR-tolerant, 1 edit'), h('option', { value: '2' }, 'OCR-tolerant, 2 edits'));
  const now = new Date();
  const local = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  const from = h('input', { id: 'from', type: 'datetime-local', value: local(new Date(now - 24 * 3600e3)) });
  const to = h('input', { id: 'to', type: 'datetime-local', value: local(now) });
  const scenes = h('textarea', { id: 'scenes', rows: 3, placeholder: 'one scene per line: camera ids separated by spaces, from, to (ISO times)' });
  const minScenes = h('input', { id: 'min-scenes', type: 'number', min: 2, value: 2 });
  const gap = h('input', { id: 'gap', type: 'number', min: 1, value: 60 });
  const minCameras = h('input', { id: 'min-cameras', type: 'number', min: 1, value: 2 });

  const specific = h('div', { class: 'wide', id: 'kind-fields' });
  const showFields = () => {
    specific.replaceChildren(h('div', { class: 'fields' },
      kind === 'stakeout'
        ? [field('Scenes', scenes), field('Plates seen at this many scenes or more', minScenes)]
        : [field('Plate', plateInput), kind === 'plate' ? field('Matching', tolerance) : null],
      kind === 'stakeout' ? null : [field('From', from), field('To', to)],
      kind === 'convoy' ? [field('Within seconds of the target', gap), field('At this many cameras or more', minCameras)] : null));
  };
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Kind of search' },
    KINDS.map(([k, label]) => h('button', {
      type: 'button', role: 'tab', class: 'secondary', id: `tab-${k}`, 'aria-selected': String(k === kind),
      'aria-pressed': String(k === kind),
      onclick: (event) => {
        kind = k;
        for (const b of tabs.querySelectorAll('button')) {
          b.setAttribute('aria-selected', String(b === event.currentTarget));
          b.setAttribute('aria-pressed', String(b === event.currentTarget));
        }
        showFields();
      },
    }, label)));
  showFields();

  const form = h('form', { id: 'search-form', class: 'stack', novalidate: true },
    specific,
    field('Purpose (required)', purpose), field('Case number (required)', caseNumber),
    field('On behalf of (required)', onBehalfOf), field('Co-signature', coSignature),
    h('div', { class: 'wide' }, field('Justification (required, at least 10 characters)', justification)),
    h('div', {}, h('button', { type: 'submit', id: 'run-search' }, 'Run')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const missing = [[purpose, 'purpose'], [caseNumber, 'case number'], [onBehalfOf, 'on behalf of'], [justification, 'justification']]
      .filter(([control]) => !control.value.trim());
    for (const [control] of [[purpose], [caseNumber], [onBehalfOf], [justification]]) control.removeAttribute('aria-invalid');
    if (missing.length) {
      for (const [control] of missing) control.setAttribute('aria-invalid', 'true');
      results.replaceChildren(h('p', { class: 'bad', id: 'search-refused', role: 'alert' },
        `Search refused: ${missing.map(([, name]) => name).join(', ')} ${missing.length > 1 ? 'are' : 'is'} required. Nothing was searched.`));
      missing[0][0].focus();
      return;
    }
    const why = {
      purpose: purpose.value, case: caseNumber.value.trim(), justification: justification.value.trim(),
      onBehalfOf: onBehalfOf.value, coSignature: coSignature.value.trim() || undefined,
    };
    const iso = (input) => input.value ? new Date(input.value).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
    say('Searching…');
    try {
      let result;
      if (kind === 'plate') {
        result = await api('POST', '/searches', {
          ...why, query: { plate: plateInput.value.trim(), from: iso(from), to: iso(to), tolerance: tolerance.value ? Number(tolerance.value) : undefined },
        });
      } else if (kind === 'timeline') {
        const q = new URLSearchParams(Object.entries({ ...why, from: iso(from), to: iso(to) }).filter(([, v]) => v));
        result = await api('GET', `/plates/${encodeURIComponent(plateInput.value.trim())}/timeline?${q}`);
      } else if (kind === 'stakeout') {
        result = await api('POST', '/analytics/stakeout', { ...why, scenes: parseScenes(scenes.value), minScenes: Number(minScenes.value) });
      } else {
        result = await api('POST', '/analytics/convoy', {
          ...why, plate: plateInput.value.trim(), from: iso(from), to: iso(to), gapSeconds: Number(gap.value), minCameras: Number(minCameras.value),
        });
      }
      say('');
      results.replaceChildren(...render(kind, result, map));
    } catch (error) {
      results.replaceChildren(h('p', { class: 'bad', id: 'search-refused', role: 'alert' }, `Search refused by the server: ${error.describe?.() ?? error}`));
      say('');
    }
  });

  show(h('h1', {}, 'Search'),
    h('p', { class: 'muted' }, 'Every search is checked against each data owner\'s law and policy, and recorded in the audit log with your purpose and case.'),
    h('section', { class: 'panel' }, tabs, form),
    h('div', { class: 'grid' }, results, h('section', { class: 'panel' }, h('h2', {}, 'Map'), map.svg)));
}

function parseScenes(text) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
    const parts = line.split(/[\s,]+/);
    const times = parts.filter((p) => /^\d{4}-/.test(p));
    return { cameras: parts.filter((p) => !/^\d{4}-/.test(p)), from: times[0], to: times[1] };
  });
}

function render(kind, result, map) {
  const out = [
    h('p', { id: 'log-entry' }, 'Recorded as ', h('a', { href: `#/log/${result.logIndex}` }, `log entry ${result.logIndex}`),
      ` · outcome ${result.outcome}`),
    h('details', {}, h('summary', {}, `Policy decisions for ${result.decisions.length} data owners`),
      h('ul', {}, result.decisions.map((d) => h('li', {}, h('strong', {}, d.owner), `: ${d.outcome} (${d.rule}) — ${d.reason}`)))),
  ];
  if (result.coSignature) {
    out.push(h('p', { class: 'bad' }, `Co-signature request ${result.coSignature.id} (${result.coSignature.status}) opened for ${result.coSignature.owners.join(', ')}; a supervisor must approve it before those owners' reads are shown.`));
  }
  const hits = result.counts.filter((c) => c.hit != null);
  if (hits.length) out.push(h('p', {}, `Hit / no-hit owners: ${hits.map((c) => `${c.owner} ${c.hit ? 'has' : 'has no'} match`).join('; ')}`));
  if (result.reads) {
    const reads = kind === 'timeline' ? result.reads.slice().sort((a, b) => a.time.localeCompare(b.time)) : result.reads;
    map.path(kind === 'timeline' ? reads : []);
    out.push(h('h2', {}, `${reads.length} reads${result.truncated ? ' (more not shown)' : ''}`),
      table(['#', 'Plate', 'Confidence', 'Camera', 'Owner', 'Time', 'Direction', 'Match'], reads.map((r, i) => h('tr', { class: 'read', dataset: { read: r.id, camera: r.camera } },
        h('td', {}, String(i + 1)), h('td', {}, crop(r), ' ', r.plateRaw !== r.plate ? `(${r.plateRaw})` : ''),
        h('td', {}, `${Math.round(r.confidence * 100)}%`), h('td', {}, r.camera), h('td', {}, r.owner),
        h('td', {}, time(r.time)), h('td', {}, r.direction ?? ''),
        h('td', {}, r.match ? `${r.match.reading} ${r.match.text}, ${r.match.edits} edit(s)` : 'exact'))), { id: 'results-table' }));
  }
  if (result.vehicles) {
    map.path([]);
    out.push(h('h2', {}, `${result.vehicles.length} vehicles`),
      table(['Plate', kind === 'stakeout' ? 'Scenes' : 'Cameras', 'Reads'], result.vehicles.map((v) => h('tr', {},
        h('td', {}, h('span', { class: 'plate' }, v.plate)), h('td', {}, (v.scenes ?? v.cameras ?? []).join(', ')),
        h('td', {}, String(v.reads.length))))));
  }
  return out;
}
