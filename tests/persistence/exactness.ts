// Reusable exactness check: N ticks, save, load, M more ticks must reach the same state hash as a
// straight run of N + M ticks. Brains other than the heuristic one (replay, lockstep LLM) reuse it by
// passing their own `build` (and `load`, for plugins the loaded world needs).

import type { World } from '../../src/engine/world';
import { encodeWorld, loadWorld } from '../../src/persistence/world-file';

export interface ExactnessCase {
  /** A fresh world, identical every call (same scenario, seed, plugins). */
  build: () => World;
  /** Ticks before the save, and after the load. */
  before: number;
  after: number;
  /** Loads the saved bytes; defaults to loadWorld(bytes). */
  load?: (bytes: Uint8Array) => World;
  /** Advances a world one tick; defaults to world.step() (lockstep brains may need to wait for answers). */
  step?: (world: World) => void | Promise<void>;
}

export interface ExactnessResult {
  straight: string;
  resumed: string;
  /** The hash of the saved world at the save, and of the loaded world before it ran on. */
  atSave: string;
  afterLoad: string;
  bytes: number;
}

export async function saveLoadExactness(c: ExactnessCase): Promise<ExactnessResult> {
  const step = c.step ?? ((w: World) => w.step());
  const load = c.load ?? ((b: Uint8Array) => loadWorld(b));

  const straight = c.build();
  for (let i = 0; i < c.before + c.after; i++) await step(straight);

  const first = c.build();
  for (let i = 0; i < c.before; i++) await step(first);
  const atSave = first.stateHash();
  const bytes = encodeWorld(first);
  const second = load(bytes);
  const afterLoad = second.stateHash();
  for (let i = 0; i < c.after; i++) await step(second);
  return { straight: straight.stateHash(), resumed: second.stateHash(), atSave, afterLoad, bytes: bytes.length };
}
