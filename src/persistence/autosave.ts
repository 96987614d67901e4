// Autosave: every N simulated days and/or every M wall-clock minutes, keeping the last K files.
// The wall clock only decides when the host saves; it never influences the simulation.

import { mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { World } from '../engine/world';
import { saveWorldFile, type SaveResult } from './save-file';

export interface AutosaveOptions {
  /** Folder the autosaves go to (created if missing). */
  dir: string;
  /** File names are `<baseName>.autosave-<tick>.society`. */
  baseName: string;
  /** Save at the start of every N-th simulated day (days N, 2N, 3N... of the world). */
  everyDays?: number;
  /** Save when this many wall-clock minutes have passed since the last autosave. */
  everyMinutes?: number;
  /** How many autosaves to keep (the oldest are deleted); default 3. */
  keep?: number;
  /** Wall clock in milliseconds (tests pass their own). */
  now?: () => number;
}

export class Autosaver {
  private readonly keep: number;
  private readonly now: () => number;
  private lastTick: number | null = null;
  private lastWall: number;
  readonly written: SaveResult[] = [];

  constructor(private readonly options: AutosaveOptions) {
    if (options.everyDays === undefined && options.everyMinutes === undefined) throw new Error('autosave needs everyDays or everyMinutes');
    if (options.everyDays !== undefined && !(Number.isInteger(options.everyDays) && options.everyDays >= 1)) throw new Error('autosave every: days must be a positive integer');
    if (options.everyMinutes !== undefined && !(options.everyMinutes > 0)) throw new Error('autosave every: minutes must be positive');
    this.keep = options.keep ?? 3;
    if (!Number.isInteger(this.keep) || this.keep < 1) throw new Error('autosave keep must be a positive integer');
    this.now = options.now ?? Date.now;
    this.lastWall = this.now();
    mkdirSync(options.dir, { recursive: true });
  }

  /** Call between ticks; saves when a cadence is due. Returns what was written, or null. */
  afterTick(world: World): SaveResult | null {
    const tick = world.tick;
    if (tick === this.lastTick) return null;
    const { everyDays, everyMinutes } = this.options;
    // Whole simulated days since the world began (day N, 2N, 3N...), so a resumed world keeps the cadence.
    const dueByDays = everyDays !== undefined && tick > 0 && tick % (everyDays * world.clock.ticksPerDay) === 0;
    const dueByTime = everyMinutes !== undefined && this.now() - this.lastWall >= everyMinutes * 60_000;
    return dueByDays || dueByTime ? this.save(world) : null;
  }

  save(world: World): SaveResult {
    const path = join(this.options.dir, `${this.options.baseName}.autosave-${String(world.tick).padStart(10, '0')}.society`);
    const result = saveWorldFile(world, path, { backup: false });
    this.lastTick = world.tick;
    this.lastWall = this.now();
    this.written.push(result);
    this.rotate();
    return result;
  }

  /** The autosaves on disk, oldest first. */
  files(): string[] {
    const prefix = `${this.options.baseName}.autosave-`;
    return readdirSync(this.options.dir)
      .filter((f) => f.startsWith(prefix) && f.endsWith('.society'))
      .sort()
      .map((f) => join(this.options.dir, f));
  }

  private rotate(): void {
    const files = this.files();
    for (const f of files.slice(0, Math.max(0, files.length - this.keep))) unlinkSync(f);
  }
}
