// The live view of a real-time crime center: our cameras on the map with their read rates, and
// the alert queue (newest first) with one-click dispositions, fed by the alert stream.
import { api, stream } from './api.js';
import { h, show, say, table, time, plate } from './dom.js';
import { CameraMap } from './map.js';

const DISPOSITIONS = [
  ['confirmed', 'Confirmed', 'Vehicle and plate confirmed against the entry'],
  ['misread', 'Misread', 'Camera misread the plate'],
  ['wrong-state', 'Wrong state', 'Plate issued by another state'],
  ['no-action', 'No action', 'No action taken'],
];

export async function liveView(context) {
  const [basemap, cameraList] = await Promise.all([api('GET', '/map'), api('GET', '/cameras')]);
  const cameras = cameraList.cameras.map((c) => c.camera);
  const names = new Map(cameras.map((c) => [c.id, c.name]));
  const map = new CameraMap(basemap, cameras, `Map of ${context.me.user.agency}'s ${cameras.length} cameras`);
  const rates = h('tbody', { id: 'camera-rates' });
  const fillRates = (list) => rates.replaceChildren(...list.cameras
    .slice().sort((a, b) => b.readsPerMinute - a.readsPerMinute)
    .map((c) => h('tr', { dataset: { camera: c.camera.id } },
      h('td', {}, c.camera.name), h('td', {}, c.camera.id), h('td', {}, c.camera.kind),
      h('td', { class: 'rate' }, c.readsPerMinute.toFixed(1)))));
  fillRates(cameraList);

  const queue = h('ol', { class: 'alerts', id: 'alert-queue', 'aria-label': 'Alert queue, newest first', 'aria-live': 'polite' });
  const sound = h('button', { type: 'button', class: 'secondary', 'aria-pressed': 'false', id: 'sound-toggle' }, 'Sound off');
  sound.addEventListener('click', () => {
    const on = sound.getAttribute('aria-pressed') !== 'true';
    sound.setAttribute('aria-pressed', String(on));
    sound.textContent = on ? 'Sound on' : 'Sound off';
    if (on) chime(); // also unlocks audio, which browsers allow only after a gesture
  });
  const alertsPanel = context.receivesAlerts
    ? h('section', { class: 'panel', 'aria-labelledby': 'alerts-title' },
      h('div', { class: 'tabs' }, h('h2', { id: 'alerts-title' }, 'Alerts'), sound,
        h('span', { class: 'muted', id: 'stream-state' }, 'connecting…')),
      queue)
    : h('section', { class: 'panel' }, h('h2', {}, 'Alerts'),
      h('p', { class: 'muted' }, `The ${context.me.user.role} role does not receive hot-list alerts.`));

  show(h('h1', {}, `Live — ${context.me.agency?.name ?? context.me.user.agency}`),
    h('div', { class: 'grid' },
      h('section', { class: 'panel', 'aria-labelledby': 'map-title' },
        h('h2', { id: 'map-title' }, 'Cameras'), map.svg,
        h('h2', {}, `Reads per minute (last ${cameraList.rateWindowMinutes} minutes)`),
        table(['Camera', 'Id', 'Kind', 'Reads/min'], rates, { id: 'camera-table' })),
      alertsPanel));

  const controller = new AbortController();
  context.cleanup.push(() => controller.abort());
  const timer = setInterval(async () => {
    try { fillRates(await api('GET', '/cameras')); } catch { /* shown when the stream fails */ }
  }, 10_000);
  context.cleanup.push(() => clearInterval(timer));
  if (!context.receivesAlerts) return;

  const render = (delivery, fresh) => {
    const existing = queue.querySelector(`[data-alert="${delivery.alert.id}"]`);
    const item = alertItem(delivery, names, fresh, (updated) => render(updated, false));
    if (existing) existing.replaceWith(item);
    else queue.prepend(item);
    if (fresh) {
      map.highlight(delivery.alert.read.camera);
      if (sound.getAttribute('aria-pressed') === 'true') chime(delivery.alert.entry.priority);
    }
  };
  // The most recent deliveries first, then the stream from the newest one we have.
  const recent = await api('GET', '/alerts?latest=50');
  recent.deliveries.forEach((d) => render(d, false));
  let last = recent.deliveries.at(-1)?.sequence ?? 0;
  const state = document.getElementById('stream-state');
  (async () => {
    while (!controller.signal.aborted) {
      try {
        state.textContent = 'live';
        await stream(`/alerts/stream?after=${last}`, (event) => {
          const delivery = JSON.parse(event.data);
          last = Math.max(last, delivery.sequence);
          render(delivery, true);
        }, controller.signal);
      } catch (error) {
        if (controller.signal.aborted) return;
        state.textContent = `reconnecting (${error.message})`;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
}

function alertItem(delivery, names, fresh, onUpdate) {
  const { alert } = delivery;
  const read = alert.read;
  const entry = alert.entry;
  const priority = entry.priority ?? 4;
  const disposed = delivery.dispositions.at(-1);
  const note = h('input', { 'aria-label': `Note for alert ${alert.id}`, placeholder: 'note (optional)', class: 'note' });
  const actions = h('div', { class: 'actions', role: 'group', 'aria-label': `Disposition of alert ${alert.id}` },
    DISPOSITIONS.map(([kind, label, action]) => h('button', {
      type: 'button', dataset: { disposition: kind },
      onclick: async () => {
        try {
          const updated = await api('POST', `/alerts/${alert.id}/disposition`, { disposition: kind, action, note: note.value || undefined });
          say(`Alert ${alert.id} recorded as ${label.toLowerCase()}.`);
          onUpdate(updated);
        } catch (error) { say(error.describe?.() ?? String(error), true); }
      },
    }, label)), note);
  return h('li', { class: `alert p${priority}${fresh ? ' new' : ''}`, dataset: { alert: alert.id, plate: read.plate, camera: read.camera } },
    h('header', {},
      h('span', { class: `badge priority-${priority}` }, `P${priority}`),
      read.plateCrop ? h('img', { class: 'crop', src: `data:image/jpeg;base64,${read.plateCrop}`, alt: `Plate crop reading ${read.plate}` }) : null,
      plate(read.plate),
      h('strong', {}, `${entry.category}${entry.reason ? ' — ' + entry.reason : ''}`),
      h('span', { class: 'badge' }, alert.match === 'exact' ? 'exact' : `${alert.match}: ${alert.matchedText}`)),
    h('div', { class: 'meta' },
      `List ${alert.list} of ${alert.listOwner}`, entry.caseNumber ? ` · case ${entry.caseNumber}` : '',
      ` · camera ${names.get(read.camera) ?? read.camera} (${read.owner})`,
      read.direction ? ` · heading ${read.direction}` : '',
      ` · ${time(read.time)} · confidence ${Math.round(read.confidence * 100)}%`),
    disposed
      ? h('p', { class: 'disposed' }, `Disposition: ${disposed.kind} by ${disposed.user} at ${time(disposed.time)}`)
      : actions);
}

let audio;
function chime(priority = 4) {
  try {
    audio ??= new AudioContext();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = priority <= 2 ? 880 : 660;
    gain.gain.setValueAtTime(0.2, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.4);
  } catch { /* no audio device: the queue still shows the alert */ }
}
