// Systems run in named phases, in a fixed order; within a phase, in registration order.
// A society subsystem is a plugin: it registers its components, resources, state and systems.

import type { World } from './world';

export const PHASES = [
  'input', // apply commands and arrived decisions at the tick boundary
  'perceive', // rebuild spatial indices, sense neighbours
  'decide', // brains choose actions
  'act', // actions take effect
  'economy', // markets, bank, wages, taxes
  'social', // relationships, families, culture
  'life', // vitals, ageing, death
  'metrics', // measure
  'cleanup', // deferred removals
] as const;

export type Phase = (typeof PHASES)[number];

export interface System {
  readonly name: string;
  readonly phase: Phase;
  run(world: World): void;
}

export interface Plugin {
  readonly name: string;
  /** Plugins this one needs installed first (by name). */
  readonly dependsOn?: readonly string[];
  build(world: World): void;
}

export class Schedule {
  private readonly byPhase = new Map<Phase, System[]>(PHASES.map((p) => [p, []]));
  /** Wall-clock milliseconds per system over the last tick; host-side profiling only, never read by the simulation. */
  readonly timings = new Map<string, number>();
  profile = false;

  add(system: System): void {
    const list = this.byPhase.get(system.phase);
    if (!list) throw new Error(`system "${system.name}": unknown phase "${system.phase}"`);
    if (this.systems().some((s) => s.name === system.name)) throw new Error(`system "${system.name}" is already registered`);
    list.push(system);
  }

  systems(): System[] {
    return PHASES.flatMap((p) => this.byPhase.get(p)!);
  }

  run(world: World): void {
    for (const phase of PHASES) {
      for (const system of this.byPhase.get(phase)!) {
        if (this.profile) {
          const t0 = performance.now();
          system.run(world);
          this.timings.set(system.name, performance.now() - t0);
        } else {
          system.run(world);
        }
      }
    }
  }
}
