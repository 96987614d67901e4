// What a headless run keeps on disk besides its summary: the run store (with --out), autosaves
// (--autosave-every) and the world file at the end (--save). The runner calls afterTick between
// ticks and finish/fail once.

import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { World } from '../engine/world';
import { Autosaver } from './autosave';
import { RunStore } from './run-store';
import { saveWorldFile, type SaveResult } from './save-file';

export interface RecorderOptions {
  /** Output folder: the run store goes to DIR/run.sqlite. */
  out?: string;
  /** Save the world here when the run ends. */
  save?: string;
  autosaveEveryDays?: number;
  /** The world file this run continues (resume). */
  resumedFrom?: string;
  /** How the run was started, for the run store's manifest. */
  settings?: Record<string, unknown>;
}

export class RunRecorder {
  readonly store: RunStore | null;
  readonly autosaver: Autosaver | null;
  saved: SaveResult | null = null;

  constructor(
    private readonly world: World,
    private readonly options: RecorderOptions,
  ) {
    if (options.out) mkdirSync(options.out, { recursive: true });
    this.store = options.out ? new RunStore(join(options.out, 'run.sqlite'), world, { options: options.settings, resumedFrom: options.resumedFrom }) : null;
    this.autosaver =
      options.autosaveEveryDays !== undefined
        ? new Autosaver({
            dir: options.save ? dirname(resolve(options.save)) : (options.out ?? '.'),
            baseName: options.save ? basename(options.save).replace(/\.society$/, '') : 'world',
            everyDays: options.autosaveEveryDays,
          })
        : null;
  }

  afterTick(): void {
    this.store?.afterTick();
    this.autosaver?.afterTick(this.world);
  }

  /** The run ended normally: save the world (if asked) and close the run store. */
  finish(stateHash: string): void {
    try {
      if (this.options.save) this.saved = saveWorldFile(this.world, this.options.save);
    } catch (err) {
      this.store?.finish('failed', { stateHash, error: (err as Error).message });
      throw err;
    }
    this.store?.finish('completed', { stateHash });
  }

  fail(err: unknown): void {
    this.store?.finish('failed', { error: err instanceof Error ? err.message : String(err) });
  }
}
