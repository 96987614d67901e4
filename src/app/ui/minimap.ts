// The minimap: every agent as a dot over the whole world, the camera's view as a rectangle.
// Click or drag on it to move the camera.

import type { Camera } from '../render/camera';
import { cssHex, professionColor } from '../render/colors';

export class Minimap {
  private worldW = 100;
  private worldH = 100;
  private readonly g: CanvasRenderingContext2D;
  private readonly colours = Array.from({ length: 16 }, (_, i) => cssHex(professionColor(i)));

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly camera: Camera,
  ) {
    this.g = canvas.getContext('2d')!;
    let down = false;
    const move = (e: PointerEvent) => {
      const [wx, wy] = this.toWorld(e.offsetX, e.offsetY);
      this.camera.follow = null;
      this.camera.centreOn(wx, wy);
    };
    canvas.addEventListener('pointerdown', (e) => {
      down = true;
      canvas.setPointerCapture(e.pointerId);
      move(e);
    });
    canvas.addEventListener('pointermove', (e) => down && move(e));
    canvas.addEventListener('pointerup', () => (down = false));
  }

  setWorld(w: number, h: number): void {
    this.worldW = w;
    this.worldH = h;
  }

  private scale(): number {
    return Math.min(this.canvas.width / this.worldW, this.canvas.height / this.worldH);
  }

  private toWorld(px: number, py: number): [number, number] {
    const k = this.scale() * (this.canvas.clientWidth ? this.canvas.width / this.canvas.clientWidth : 1);
    return [px / k, py / k];
  }

  draw(pos: Float32Array, count: number, profession: Uint8Array | null, ground: HTMLCanvasElement | null): void {
    const g = this.g;
    const k = this.scale();
    g.fillStyle = '#0b0e12';
    g.fillRect(0, 0, this.canvas.width, this.canvas.height);
    if (ground) g.drawImage(ground, 0, 0, this.worldW * k, this.worldH * k);
    else {
      g.fillStyle = '#1d3322';
      g.fillRect(0, 0, this.worldW * k, this.worldH * k);
    }
    for (let i = 0; i < count; i++) {
      g.fillStyle = profession ? this.colours[profession[i] % 16] : '#ffffff';
      g.fillRect(pos[2 * i] * k - 1, pos[2 * i + 1] * k - 1, 2, 2);
    }
    const [x0, y0, x1, y1] = this.camera.visible();
    g.strokeStyle = '#ffffff';
    g.lineWidth = 1.5;
    g.strokeRect(x0 * k, y0 * k, (x1 - x0) * k, (y1 - y0) * k);
  }
}
