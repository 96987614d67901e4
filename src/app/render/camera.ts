// The map camera: which world point is at the centre of the view and how many pixels a world
// unit takes. Pure math (screen <-> world, zoom about the cursor, fit), tested in Node.

export const MAX_ZOOM = 80;

export class Camera {
  /** World point at the centre of the view. */
  cx = 0;
  cy = 0;
  /** Pixels per world unit. */
  zoom = 1;
  viewW = 1;
  viewH = 1;
  /** The agent the camera follows, or null. */
  follow: number | null = null;

  constructor(
    private worldW: number,
    private worldH: number,
  ) {}

  setWorld(w: number, h: number): void {
    this.worldW = w;
    this.worldH = h;
  }

  resize(w: number, h: number): void {
    this.viewW = Math.max(1, w);
    this.viewH = Math.max(1, h);
  }

  get minZoom(): number {
    return this.fitZoom() * 0.5;
  }

  fitZoom(): number {
    return Math.min(this.viewW / this.worldW, this.viewH / this.worldH) * 0.94;
  }

  fit(): void {
    this.follow = null;
    this.zoom = this.fitZoom();
    this.cx = this.worldW / 2;
    this.cy = this.worldH / 2;
  }

  screenToWorld(sx: number, sy: number): [number, number] {
    return [this.cx + (sx - this.viewW / 2) / this.zoom, this.cy + (sy - this.viewH / 2) / this.zoom];
  }

  worldToScreen(wx: number, wy: number): [number, number] {
    return [(wx - this.cx) * this.zoom + this.viewW / 2, (wy - this.cy) * this.zoom + this.viewH / 2];
  }

  /** Pan by a screen-space drag. */
  panBy(dxScreen: number, dyScreen: number): void {
    this.follow = null;
    this.cx -= dxScreen / this.zoom;
    this.cy -= dyScreen / this.zoom;
    this.clampCentre();
  }

  centreOn(wx: number, wy: number): void {
    this.cx = wx;
    this.cy = wy;
    this.clampCentre();
  }

  /** Zoom by a factor keeping the world point under the cursor fixed. */
  zoomAt(sx: number, sy: number, factor: number): void {
    const [wx, wy] = this.screenToWorld(sx, sy);
    this.zoom = Math.min(MAX_ZOOM, Math.max(this.minZoom, this.zoom * factor));
    if (this.follow === null) {
      this.cx = wx - (sx - this.viewW / 2) / this.zoom;
      this.cy = wy - (sy - this.viewH / 2) / this.zoom;
    }
    this.clampCentre();
  }

  /** Visible world rectangle [x0, y0, x1, y1]. */
  visible(): [number, number, number, number] {
    const [x0, y0] = this.screenToWorld(0, 0);
    const [x1, y1] = this.screenToWorld(this.viewW, this.viewH);
    return [x0, y0, x1, y1];
  }

  private clampCentre(): void {
    this.cx = Math.min(this.worldW, Math.max(0, this.cx));
    this.cy = Math.min(this.worldH, Math.max(0, this.cy));
  }
}

/** Index of the agent nearest to (x, y) within maxDist in the positions array (x0, y0, x1, y1...), or -1. */
export function pickNearest(pos: Float32Array, count: number, x: number, y: number, maxDist: number): number {
  let best = -1;
  let bestD = maxDist * maxDist;
  for (let i = 0; i < count; i++) {
    const dx = pos[2 * i] - x;
    const dy = pos[2 * i + 1] - y;
    const d = dx * dx + dy * dy;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}
