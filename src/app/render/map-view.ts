// The map: ground, map features, agents as batched particles (one draw call for thousands),
// state badges, the selection ring, lines to the selected agent's relations, speech bubbles and
// the night tint. The view owns no simulation state: it draws the latest frame, interpolated.

import 'pixi.js/unsafe-eval';
import { Application, Container, Graphics, Particle, ParticleContainer, Sprite, Text, Texture } from 'pixi.js';
import type { Frame, MapFeature, TerrainTiles, WorldInfo } from '../protocol';
import { AgentMotion } from './agent-motion';
import { Camera, pickNearest } from './camera';
import { nightAlpha, professionColor, rampColor, stateColor } from './colors';

const AGENT_TEXTURE_PX = 32;
const BUBBLE_MS = 4500;
const MAX_BUBBLES = 8;

interface Bubble {
  eid: number;
  born: number;
  view: Container;
}

export interface MapViewOptions {
  onPick(eid: number | null): void;
}

export class MapView {
  readonly app = new Application();
  readonly camera = new Camera(100, 100);
  readonly motion = new AgentMotion();
  private readonly worldLayer = new Container();
  private readonly screenLayer = new Container();
  private ground = new Sprite();
  /** The ground as drawn, for the minimap. */
  groundImage: HTMLCanvasElement | null = null;
  private readonly features = new Graphics();
  private readonly featureLabels = new Container();
  private agents!: ParticleContainer;
  private badges!: ParticleContainer;
  private agentTexture!: Texture;
  private badgeTexture!: Texture;
  private readonly relations = new Graphics();
  private readonly selection = new Graphics();
  private readonly night = new Graphics();
  private readonly bubbleLayer = new Container();
  private bubbles: Bubble[] = [];
  private info: WorldInfo | null = null;
  private frame: Frame | null = null;
  private agentSize = 1.2;
  private fresh = true;
  selected: number | null = null;
  private relationTargets: { eid: number; value: number }[] = [];
  /** Display frames drawn (for the benchmark). */
  framesDrawn = 0;

  constructor(private readonly options: MapViewOptions) {}

  /** maxFps (0 = the display's rate) lets tests leave CPU to the worker on software WebGL. */
  async init(host: HTMLElement, maxFps = 0): Promise<void> {
    await this.app.init({
      preference: 'webgl',
      resizeTo: host,
      background: 0x0b0e12,
      // MSAA costs a lot on software WebGL; agents are textures and need none.
      antialias: false,
      autoDensity: true,
      resolution: Math.min(2, window.devicePixelRatio || 1),
      // Lets tests and the screenshot script read the canvas pixels after a frame.
      preserveDrawingBuffer: true,
    });
    host.append(this.app.canvas);
    if (maxFps > 0) this.app.ticker.maxFPS = maxFps;
    this.agentTexture = Texture.from(circleCanvas(AGENT_TEXTURE_PX, true));
    this.badgeTexture = Texture.from(circleCanvas(16, false));
    this.agents = new ParticleContainer({ texture: this.agentTexture, dynamicProperties: { position: true, color: true } });
    this.badges = new ParticleContainer({ texture: this.badgeTexture, dynamicProperties: { position: true, color: true } });
    this.worldLayer.addChild(this.ground, this.features, this.featureLabels, this.relations, this.agents, this.badges, this.selection);
    this.screenLayer.addChild(this.night, this.bubbleLayer);
    this.app.stage.addChild(this.worldLayer, this.screenLayer);
    this.camera.resize(this.app.screen.width, this.app.screen.height);
    this.app.renderer.on('resize', (w: number, h: number) => this.camera.resize(w, h));
    this.app.ticker.add(() => this.draw());
    this.bindInput(this.app.canvas);
  }

  setWorld(info: WorldInfo): void {
    this.info = info;
    this.camera.setWorld(info.width, info.height);
    this.camera.fit();
    this.agentSize = Math.max(0.9, Math.min(info.width, info.height) / 90);
    this.ground.texture?.destroy(true);
    this.groundImage = groundCanvas(info);
    this.ground.texture = Texture.from(this.groundImage);
    this.ground.width = info.width;
    this.ground.height = info.height;
    this.drawFeatures(info.features);
    this.fresh = true;
    this.selected = null;
    this.relationTargets = [];
    for (const b of this.bubbles) b.view.destroy({ children: true });
    this.bubbles = [];
  }

  /** A new frame from the worker. */
  onFrame(frame: Frame): void {
    const now = performance.now();
    this.motion.update(frame.ids, frame.pos, frame.spawned, now, this.fresh);
    this.fresh = false;
    this.frame = frame;
    this.resizeParticles(frame.count);
    this.colourAgents(frame);
    for (const e of frame.events) if (e.lines && e.lines.length > 0 && e.agents.length > 0) this.addBubble(e.agents[0], e.lines[0], now);
  }

  setRelations(targets: { eid: number; value: number }[]): void {
    this.relationTargets = targets;
  }

  /** Re-apply colours (after the overlay mode changed on the UI side). */
  recolour(): void {
    if (this.frame) this.colourAgents(this.frame);
  }

  followSelected(): void {
    this.camera.follow = this.selected;
  }

  centreOnAgent(eid: number): void {
    const p = this.motion.positionOf(eid, performance.now());
    if (p) {
      this.camera.centreOn(p[0], p[1]);
      if (this.camera.zoom < this.camera.fitZoom() * 2.5) this.camera.zoom = this.camera.fitZoom() * 2.5;
    }
  }

  zoomBy(factor: number): void {
    this.camera.zoomAt(this.camera.viewW / 2, this.camera.viewH / 2, factor);
  }

  /** Screen position of an agent (for tests and tooltips), or null. */
  screenPositionOf(eid: number): [number, number] | null {
    const p = this.motion.positionOf(eid, performance.now());
    return p ? this.camera.worldToScreen(p[0], p[1]) : null;
  }

  private resizeParticles(n: number): void {
    const scale = this.agentSize / AGENT_TEXTURE_PX;
    const list = this.agents.particleChildren;
    const badges = this.badges.particleChildren;
    if (list.length === n) return;
    while (list.length < n) {
      list.push(new Particle({ texture: this.agentTexture, anchorX: 0.5, anchorY: 0.5, scaleX: scale, scaleY: scale }));
      badges.push(new Particle({ texture: this.badgeTexture, anchorX: 0.5, anchorY: 0.5, scaleX: scale * 0.9, scaleY: scale * 0.9 }));
    }
    list.length = n;
    badges.length = n;
    for (const p of list) p.scaleX = p.scaleY = scale;
    this.agents.update();
    this.badges.update();
  }

  private colourAgents(frame: Frame): void {
    const list = this.agents.particleChildren as Particle[];
    const badges = this.badges.particleChildren as Particle[];
    const actions = this.info?.actions ?? [];
    const stateColours = actions.map(stateColor);
    for (let i = 0; i < frame.count; i++) {
      let c: number;
      if (frame.overlay) c = rampColor(frame.overlay[i]);
      else if (frame.overlayMode === 'state') c = stateColours[frame.state[i]] ?? 0x999999;
      else c = professionColor(frame.profession[i]);
      list[i].tint = c;
      badges[i].tint = stateColours[frame.state[i]] ?? 0x999999;
    }
  }

  private draw(): void {
    const now = performance.now();
    this.framesDrawn++;
    const pos = this.motion.sample(now);
    const n = this.motion.count;
    const list = this.agents.particleChildren;
    const badges = this.badges.particleChildren;
    const off = this.agentSize * 0.42;
    for (let i = 0; i < n && i < list.length; i++) {
      const x = pos[2 * i];
      const y = pos[2 * i + 1];
      list[i].x = x;
      list[i].y = y;
      badges[i].x = x + off;
      badges[i].y = y - off;
    }
    const cam = this.camera;
    if (cam.follow !== null) {
      const p = this.motion.positionOf(cam.follow, now);
      if (p) cam.centreOn(p[0], p[1]);
      else cam.follow = null;
    }
    this.worldLayer.scale.set(cam.zoom);
    this.worldLayer.position.set(cam.viewW / 2 - cam.cx * cam.zoom, cam.viewH / 2 - cam.cy * cam.zoom);
    // Badges only when agents are big enough on screen to tell them apart.
    this.badges.visible = this.agentSize * cam.zoom >= 9;
    // Place names only when they can be read without piling onto each other.
    this.featureLabels.visible = this.agentSize * cam.zoom >= 14;
    this.drawSelection(now);
    this.drawNight(now);
    this.drawBubbles(now);
  }

  private drawSelection(now: number): void {
    const g = this.selection;
    const r = this.relations;
    g.clear();
    r.clear();
    if (this.selected === null) return;
    const p = this.motion.positionOf(this.selected, now);
    if (!p) return;
    const pulse = 1 + 0.12 * Math.sin(now / 180);
    g.circle(p[0], p[1], this.agentSize * 1.1 * pulse).stroke({ color: 0xffffff, width: Math.max(0.12, 2 / this.camera.zoom), alpha: 0.95 });
    for (const t of this.relationTargets) {
      const q = this.motion.positionOf(t.eid, now);
      if (!q) continue;
      const v = Math.max(-1, Math.min(1, t.value));
      r.moveTo(p[0], p[1])
        .lineTo(q[0], q[1])
        .stroke({ color: v >= 0 ? 0x7ee787 : 0xff7b72, width: Math.max(0.08, (1 + 2 * Math.abs(v)) / this.camera.zoom), alpha: 0.35 + 0.5 * Math.abs(v) });
    }
  }

  private drawNight(now: number): void {
    if (!this.frame || !this.info) return;
    const ticks = this.frame.tick + (this.frame.running ? this.motion.alpha(now) : 0);
    const hour = ((ticks * this.info.minutesPerTick) / 60) % 24;
    const a = nightAlpha(hour);
    this.night.clear();
    if (a > 0) this.night.rect(0, 0, this.camera.viewW, this.camera.viewH).fill({ color: 0x0a1436, alpha: a });
  }

  private addBubble(eid: number, line: string, now: number): void {
    // A full set of bubbles stays until they fade: at high speed new talk waits, instead of text
    // being laid out and thrown away every frame.
    if (this.bubbles.length >= MAX_BUBBLES) return;
    const text = new Text({
      text: line.length > 90 ? `${line.slice(0, 87)}…` : line,
      style: { fontFamily: 'Inter, Segoe UI, system-ui, sans-serif', fontSize: 12, fill: 0x0f1216, wordWrap: true, wordWrapWidth: 190 },
    });
    const pad = 6;
    const bg = new Graphics()
      .roundRect(0, 0, text.width + pad * 2, text.height + pad * 2, 7)
      .fill({ color: 0xf6f8fa, alpha: 0.95 })
      .poly([10, text.height + pad * 2, 18, text.height + pad * 2, 8, text.height + pad * 2 + 7])
      .fill({ color: 0xf6f8fa, alpha: 0.95 });
    text.position.set(pad, pad);
    const view = new Container();
    view.addChild(bg, text);
    view.pivot.set(8, text.height + pad * 2 + 7);
    this.bubbleLayer.addChild(view);
    this.bubbles.push({ eid, born: now, view });
  }

  private drawBubbles(now: number): void {
    this.bubbles = this.bubbles.filter((b) => {
      const age = now - b.born;
      const p = this.motion.positionOf(b.eid, now);
      if (age > BUBBLE_MS || !p) {
        b.view.destroy({ children: true });
        return false;
      }
      const [sx, sy] = this.camera.worldToScreen(p[0], p[1] - this.agentSize * 0.6);
      b.view.position.set(sx, sy);
      b.view.alpha = age > BUBBLE_MS - 600 ? (BUBBLE_MS - age) / 600 : 1;
      return true;
    });
  }

  private drawFeatures(features: MapFeature[]): void {
    this.features.clear();
    this.featureLabels.removeChildren().forEach((c) => c.destroy());
    const s = this.agentSize;
    for (const f of features) {
      if (f.kind === 'home') {
        // A small house: walls and a roof.
        this.features.rect(f.x - s * 0.7, f.y - s * 0.3, s * 1.4, s * 0.9).fill({ color: 0xc9a27a }).stroke({ color: 0x2b2118, width: s * 0.08 });
        this.features.poly([f.x - s * 0.9, f.y - s * 0.25, f.x, f.y - s * 1.0, f.x + s * 0.9, f.y - s * 0.25]).fill({ color: 0x9c4a3a }).stroke({ color: 0x2b2118, width: s * 0.08 });
      } else if (/building|market|bank|school|hall|workshop|office|studio|mill|lumberyard|quarry|farm/i.test(f.kind)) {
        this.features.roundRect(f.x - s * 1.5, f.y - s * 1.1, s * 3, s * 2.2, s * 0.3).fill({ color: placeColour(f.kind) }).stroke({ color: 0x1b1612, width: s * 0.12 });
      } else {
        this.features.circle(f.x, f.y, s * 1.4).fill({ color: resourceColour(f.kind), alpha: 0.85 }).stroke({ color: 0x102010, width: s * 0.12 });
      }
      if (f.label) {
        const t = new Text({ text: f.label, style: { fontSize: 24, fill: 0xe6edf3, fontFamily: 'Inter, system-ui, sans-serif', stroke: { color: 0x0b0e12, width: 4 } } });
        t.scale.set(s / 44);
        t.anchor.set(0.5, 0);
        t.position.set(f.x, f.y + s * 1.6);
        this.featureLabels.addChild(t);
      }
    }
  }

  private bindInput(canvas: HTMLCanvasElement): void {
    let drag: { x: number; y: number; moved: boolean } | null = null;
    canvas.addEventListener('pointerdown', (e) => {
      drag = { x: e.offsetX, y: e.offsetY, moved: false };
      canvas.setPointerCapture(e.pointerId);
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!drag) return;
      const dx = e.offsetX - drag.x;
      const dy = e.offsetY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      drag.moved = true;
      canvas.classList.add('dragging');
      this.camera.panBy(dx, dy);
      drag.x = e.offsetX;
      drag.y = e.offsetY;
    });
    canvas.addEventListener('pointerup', (e) => {
      canvas.classList.remove('dragging');
      if (drag && !drag.moved) this.pick(e.offsetX, e.offsetY);
      drag = null;
    });
    canvas.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        this.camera.zoomAt(e.offsetX, e.offsetY, Math.exp(-e.deltaY * 0.0015));
      },
      { passive: false },
    );
  }

  private pick(sx: number, sy: number): void {
    const [wx, wy] = this.camera.screenToWorld(sx, sy);
    const pos = this.motion.sample(performance.now());
    const maxDist = Math.max(this.agentSize, 10 / this.camera.zoom);
    const i = pickNearest(pos, this.motion.count, wx, wy, maxDist);
    this.options.onPick(i >= 0 ? this.motion.ids[i] : null);
  }
}

function placeColour(kind: string): number {
  const colours: Record<string, number> = { market: 0xd9a441, bank: 0x7f8fa6, hall: 0xb08968, school: 0x6d9dc5, workshop: 0xa0785a, office: 0x8a8fb5, studio: 0xc28bb0, mill: 0x5f9ea0, lumberyard: 0x7a5c3a, quarry: 0x8d8d86, farm: 0xb9a048 };
  return colours[kind] ?? 0x8b6b4a;
}

function resourceColour(kind: string): number {
  if (/food|farm|field|berr|fish/i.test(kind)) return 0x9ccc65;
  if (/wood|forest|tree|material/i.test(kind)) return 0x4e8a3e;
  if (/stone|ore|mine|quarry/i.test(kind)) return 0x9e9e9e;
  if (/water|well|lake/i.test(kind)) return 0x4fc3f7;
  return 0xcfa15a;
}

/** White disc with a dark rim: tinted, the disc takes the colour and the rim keeps agents apart. */
function circleCanvas(px: number, rim: boolean): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = c.height = px;
  const g = c.getContext('2d')!;
  g.beginPath();
  g.arc(px / 2, px / 2, px / 2 - 1, 0, Math.PI * 2);
  g.fillStyle = rim ? '#1a1f26' : '#ffffff';
  g.fill();
  if (rim) {
    g.beginPath();
    g.arc(px / 2, px / 2, px / 2 - 3.5, 0, Math.PI * 2);
    g.fillStyle = '#ffffff';
    g.fill();
    g.beginPath();
    g.arc(px / 2 - 3, px / 2 - 3, px / 6, 0, Math.PI * 2);
    g.fillStyle = 'rgba(255,255,255,0.9)';
    g.fill();
  }
  return c;
}

/** Base colour per terrain name (grass, field, forest, water, stone); unknown kinds look like grass. */
const TERRAIN_RGB: Record<string, [number, number, number]> = {
  grass: [52, 84, 52],
  field: [150, 138, 66],
  forest: [30, 58, 34],
  water: [34, 74, 112],
  stone: [104, 104, 98],
};

/**
 * The ground: the world plugin's terrain tiles when the world has them, else a meadow, with value
 * noise for texture and a faint grid every ten world units. Deterministic from the seed.
 */
function groundCanvas(info: WorldInfo): HTMLCanvasElement {
  const { width: worldW, height: worldH, seed } = info;
  const px = Math.min(8, 2048 / Math.max(worldW, worldH));
  const w = Math.max(1, Math.ceil(worldW * px));
  const h = Math.max(1, Math.ceil(worldH * px));
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  const g = c.getContext('2d')!;
  const img = g.createImageData(w, h);
  const noise = valueNoise(seed);
  const terrain = info.terrain;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = (x / w) * worldW;
      const v = (y / h) * worldH;
      const n = 0.55 * noise(u / 18, v / 18) + 0.3 * noise(u / 6, v / 6) + 0.15 * noise(u / 1.5, v / 1.5);
      const kind = terrain ? terrainName(terrain, u, v) : 'grass';
      const [r, gg, b] = TERRAIN_RGB[kind] ?? TERRAIN_RGB.grass;
      // Trees: dark canopy blotches; water: soft ripples; others: gentle mottling.
      const k = kind === 'forest' ? 0.55 + 0.9 * noise(u * 1.7, v * 1.7) : kind === 'water' ? 0.85 + 0.3 * noise(u / 3, v * 1.5) : 0.8 + 0.45 * n;
      const i = (y * w + x) * 4;
      img.data[i] = r * k;
      img.data[i + 1] = gg * k;
      img.data[i + 2] = b * k;
      img.data[i + 3] = 255;
    }
  }
  g.putImageData(img, 0, 0);
  g.strokeStyle = 'rgba(255,255,255,0.045)';
  g.lineWidth = 1;
  for (let gx = 10; gx < worldW; gx += 10) {
    const x = Math.round((gx / worldW) * w) + 0.5;
    g.beginPath();
    g.moveTo(x, 0);
    g.lineTo(x, h);
    g.stroke();
  }
  for (let gy = 10; gy < worldH; gy += 10) {
    const y = Math.round((gy / worldH) * h) + 0.5;
    g.beginPath();
    g.moveTo(0, y);
    g.lineTo(w, y);
    g.stroke();
  }
  g.strokeStyle = 'rgba(0,0,0,0.6)';
  g.lineWidth = 3;
  g.strokeRect(1.5, 1.5, w - 3, h - 3);
  return c;
}

function terrainName(t: TerrainTiles, x: number, y: number): string {
  const col = Math.min(t.cols - 1, Math.max(0, Math.floor(x / t.tileSize)));
  const row = Math.min(t.rows - 1, Math.max(0, Math.floor(y / t.tileSize)));
  return t.names[t.tiles[row * t.cols + col]] ?? 'grass';
}

/** Smooth 2-D value noise in [0, 1] from an integer hash (for the ground only; not simulation state). */
function valueNoise(seed: number): (x: number, y: number) => number {
  const hash = (x: number, y: number) => {
    let h = (x * 374761393 + y * 668265263 + seed * 2246822519) | 0;
    h = Math.imul(h ^ (h >>> 13), 1274126177);
    return ((h ^ (h >>> 16)) >>> 0) / 4294967295;
  };
  const smooth = (t: number) => t * t * (3 - 2 * t);
  return (x, y) => {
    const x0 = Math.floor(x);
    const y0 = Math.floor(y);
    const fx = smooth(x - x0);
    const fy = smooth(y - y0);
    const a = hash(x0, y0) + (hash(x0 + 1, y0) - hash(x0, y0)) * fx;
    const b = hash(x0, y0 + 1) + (hash(x0 + 1, y0 + 1) - hash(x0, y0 + 1)) * fx;
    return a + (b - a) * fy;
  };
}
