// The camera map, drawn as SVG from coordinates: roads from the server's basemap when it has
// one, cameras as dots, and optionally a vehicle's path. No tiles, nothing from the internet.
import { s } from './dom.js';

const WIDTH = 800;

export class CameraMap {
  constructor(basemap, cameras, title) {
    this.basemap = basemap ?? { roads: [] };
    this.cameras = cameras;
    const points = [...this.basemap.roads.flat(), ...cameras.map((c) => c.location)];
    const lats = points.map((p) => p.latitude), lons = points.map((p) => p.longitude);
    const pad = 0.002;
    this.south = Math.min(...lats, 90) - pad; this.north = Math.max(...lats, -90) + pad;
    this.west = Math.min(...lons, 180) - pad; this.east = Math.max(...lons, -180) + pad;
    if (!points.length) { this.south = 0; this.north = 1; this.west = 0; this.east = 1; }
    // Equirectangular, scaled by the cosine of the latitude so a city is not stretched.
    const k = Math.cos(((this.north + this.south) / 2) * Math.PI / 180);
    this.scale = WIDTH / ((this.east - this.west) * k);
    this.k = k;
    this.height = Math.max(200, Math.round((this.north - this.south) * this.scale));
    this.svg = s('svg', { class: 'map', viewBox: `0 0 ${WIDTH} ${this.height}`, role: 'img', 'aria-label': title });
    this.svg.append(s('title', {}, title));
    const roads = s('g', { class: 'roads' });
    for (const road of this.basemap.roads) {
      roads.append(s('polyline', { class: 'road', points: road.map((p) => this.xy(p).join(',')).join(' ') }));
    }
    this.overlay = s('g', { class: 'overlay' });
    this.dots = s('g', { class: 'cameras' });
    this.svg.append(roads, this.dots, this.overlay);
    this.byId = new Map();
    for (const camera of cameras) {
      const [x, y] = this.xy(camera.location);
      const dot = s('circle', { class: `camera ${camera.kind}`, cx: x, cy: y, r: 6, dataset: { camera: camera.id, owner: camera.owner } },
        s('title', {}, `${camera.name} (${camera.id}, ${camera.owner})`));
      this.byId.set(camera.id, dot);
      this.dots.append(dot);
    }
  }

  xy(point) {
    return [
      Math.round((point.longitude - this.west) * this.k * this.scale * 10) / 10,
      Math.round((this.north - point.latitude) * this.scale * 10) / 10,
    ];
  }

  /** Marks the camera that raised the newest alert. */
  highlight(cameraId) {
    for (const dot of this.byId.values()) dot.classList.remove('hit');
    this.byId.get(cameraId)?.classList.add('hit');
  }

  /** Draws reads in time order as a numbered path. */
  path(reads) {
    this.overlay.replaceChildren();
    if (!reads.length) return;
    const points = reads.map((r) => this.xy({ latitude: r.latitude, longitude: r.longitude }));
    this.overlay.append(s('polyline', { class: 'path', points: points.map((p) => p.join(',')).join(' ') }));
    reads.forEach((read, i) => {
      const [x, y] = points[i];
      const stop = s('g', { class: 'stop-group', dataset: { order: i + 1, camera: read.camera } },
        s('circle', { class: 'stop', cx: x, cy: y, r: 9 }),
        s('text', { class: 'stop-label', x, y: y + 4, 'text-anchor': 'middle' }, String(i + 1)),
        s('title', {}, `${i + 1}: ${read.camera} at ${new Date(read.time).toLocaleString()}`));
      this.overlay.append(stop);
    });
  }
}
