// Public pages, no sign-in: each agency's transparency report (computed by the server from the
// log and the store's counts) and the published checkpoint, which this page also verifies.
import { api } from './api.js';
import { h, s, show, table, time } from './dom.js';
import { canVerify, verifyCheckpoint } from './verify.js';

export async function publicView(agencyId) {
  const { agencies } = await api('GET', '/agencies');
  const note = await api('GET', '/log/checkpoint');
  const key = await (await fetch('/.well-known/sightline-log-key')).text();
  let verified;
  try { verified = canVerify() ? `signature verified in this browser (${(await verifyCheckpoint(note, key)).signer})` : 'not verified: no Web Crypto in this context'; }
  catch (error) { verified = `signature FAILED: ${error.message}`; }
  const checkpoint = h('section', { class: 'panel', id: 'published-checkpoint' }, h('h2', {}, 'Published checkpoint of the audit log'),
    h('p', { class: verified.startsWith('signature verified') ? 'ok' : 'bad' }, verified),
    h('pre', { class: 'note' }, note), h('p', { class: 'muted' }, 'Verifier key: ', h('code', {}, key.trim())));
  const list = h('nav', { 'aria-label': 'Agencies', class: 'tabs' },
    agencies.map((a) => h('a', { href: `#/public/${a.id}`, 'aria-current': a.id === agencyId ? 'page' : null }, a.name)));
  if (!agencyId) {
    return show(h('h1', {}, 'Transparency reports'), h('p', {}, 'Choose an agency to read what it did with plate reader data, computed from its tamper-evident log.'), list, checkpoint);
  }
  const report = await api('GET', `/agencies/${encodeURIComponent(agencyId)}/transparency`);
  const figure = (label, value) => h('div', { class: 'panel' }, h('div', { class: 'muted' }, label), h('div', { class: 'figure-value' }, String(value)));
  const counts = (title, items) => items.length ? [h('h2', {}, title), bars(items.map((c) => [c.key, c.count]), title)] : null;
  show(h('h1', {}, `Transparency report — ${report.agency.name}`), list,
    h('p', {}, `${time(report.from)} to ${time(report.to)}, computed from the first ${report.logSize} log entries. `,
      h('a', { href: `/v1/agencies/${agencyId}/transparency?format=html` }, 'Printable report'), ' · ',
      h('a', { href: `/v1/agencies/${agencyId}/transparency?format=csv` }, 'CSV'), ' · ',
      h('a', { href: `/v1/agencies/${agencyId}/transparency` }, 'JSON')),
    h('div', { class: 'figures', id: 'report-figures' },
      figure('Cameras', report.cameras), figure('Reads', report.reads), figure('Searches', report.searches),
      figure('Hot-list hits', report.hotListHits), figure('Alerts received', report.alerts.received),
      figure('False alert rate', report.alerts.falseAlertRate == null ? '—' : `${(report.alerts.falseAlertRate * 100).toFixed(1)}%`),
      figure('Retention', report.retention.days ? `${report.retention.days} days` : report.retention.packName),
      figure('Searches refused as incomplete', report.incompleteSearchesRefused),
      figure('Hot-list entries refused by law', report.hotListEntriesRefused)),
    report.readsPerDay.length ? [h('h2', {}, 'Reads per day'), columns(report.readsPerDay, 'Reads per day')] : null,
    report.hotListHitsPerDay.length ? [h('h2', {}, 'Hot-list hits per day'), columns(report.hotListHitsPerDay, 'Hot-list hits per day')] : null,
    counts('Searches by purpose', report.searchesByPurpose),
    counts('Searches of our data by other agencies', report.searchesOfOurDataByOthers),
    counts('Refusals by rule', report.denialsByRule),
    h('h2', {}, 'Sharing partners'),
    table(['Agency', 'Grant', 'Purposes', 'Kinds', 'Valid', 'Status'], report.sharingPartners.map((p) => h('tr', {},
      h('td', {}, p.agency), h('td', {}, p.grant), h('td', {}, p.purposes.join(', ')), h('td', {}, p.kinds.join(', ')),
      h('td', {}, `${time(p.start)} – ${time(p.expiry)}`), h('td', {}, p.status)))),
    h('h2', {}, 'Misuse findings'),
    report.findings.length ? h('ul', {}, report.findings.map((f) => h('li', {}, `${f.detector}: ${f.summary}`))) : h('p', {}, 'None.'),
    report.notes.length ? [h('h2', {}, 'Notes'), h('ul', {}, report.notes.map((n) => h('li', {}, n)))] : null,
    checkpoint);
}

/** A horizontal bar chart, with the figures also in its accessible text. */
function bars(items, title) {
  const max = Math.max(1, ...items.map(([, v]) => v));
  const row = 22, labelWidth = 220, width = 720;
  const svg = s('svg', { viewBox: `0 0 ${width} ${items.length * row + 4}`, role: 'img', 'aria-label': `${title}: ${items.map(([k, v]) => `${k} ${v}`).join(', ')}`, class: 'chart' });
  items.forEach(([key, value], i) => {
    const w = Math.max(1, (value / max) * (width - labelWidth - 70));
    svg.append(
      s('text', { x: 0, y: i * row + 15, 'font-size': 12 }, String(key)),
      s('rect', { class: 'bar', x: labelWidth, y: i * row + 3, width: w, height: row - 6 }),
      s('text', { x: labelWidth + w + 6, y: i * row + 15, 'font-size': 12 }, String(value)));
  });
  return svg;
}

const day = (yyyymmdd) => { const t = String(yyyymmdd); return `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}`; };

/** A column chart over days, with every figure in its accessible text. */
function columns(days, title) {
  const max = Math.max(1, ...days.map((d) => d.count));
  const width = 720, height = 160, step = width / days.length;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height + 34}`, role: 'img', class: 'chart',
    'aria-label': `${title}: ${days.map((d) => `${day(d.day)} ${d.count}`).join(', ')}` });
  days.forEach((d, i) => {
    const h = (d.count / max) * height;
    svg.append(s('rect', { class: 'bar', x: i * step + 1, y: height - h, width: Math.max(1, step - 2), height: h },
      s('title', {}, `${day(d.day)}: ${d.count}`)));
    if (i % Math.ceil(days.length / 6) === 0 && i * step + 70 <= width) svg.append(s('text', { x: i * step, y: height + 14, 'font-size': 11 }, day(d.day)));
  });
  svg.append(s('text', { x: 0, y: height + 30, 'font-size': 11 }, `max ${max}`));
  return svg;
}
