// A test plugin that stands for "some other engineer's subsystem": a component with every field
// kind and a state section holding typed arrays, nested objects and references to agents. The save
// code knows nothing about it; the round-trip tests prove it is saved and restored all the same.

import { defineComponent } from '../../src/engine/component';
import type { Plugin } from '../../src/engine/schedule';
import type { StateSection, World } from '../../src/engine/world';

export const Probe = defineComponent('Probe', { f: 'f32', i: 'i32', u: 'u32', h: 'u16', b: 'u8' });

interface ProbeData {
  floats: Float32Array;
  counts: Uint32Array;
  friends: [number, number][];
  notes: { label: string; when: number }[];
}

export class ProbeSection implements StateSection {
  readonly name = 'probe';
  data: ProbeData = { floats: new Float32Array(8), counts: new Uint32Array(4), friends: [], notes: [] };

  constructor(private readonly world: World) {}

  save(): ProbeData {
    return { floats: this.data.floats.slice(), counts: this.data.counts.slice(), friends: this.data.friends.map((f) => [f[0], f[1]]), notes: this.data.notes.map((n) => ({ ...n })) };
  }

  load(data: unknown): void {
    const d = data as ProbeData;
    if (!d || !(d.floats instanceof Float32Array) || d.floats.length !== 8 || !(d.counts instanceof Uint32Array) || !Array.isArray(d.friends) || !Array.isArray(d.notes)) {
      throw new Error('probe section: bad shape');
    }
    for (const [a, b] of d.friends) {
      if (!this.world.isAlive(a) || !this.world.isAlive(b)) throw new Error(`probe section: friendship ${a}-${b} names an entity that is not alive`);
    }
    this.data = d;
  }
}

export const probePlugin: Plugin = {
  name: 'probe',
  build(world) {
    world.register(Probe);
    const section = new ProbeSection(world);
    world.addState(section);
    world.onDespawn((_w, eid) => {
      section.data.friends = section.data.friends.filter(([a, b]) => a !== eid && b !== eid);
    });
    world.addSystem({
      name: 'probe',
      phase: 'social',
      run(w) {
        const rng = w.stream('probe');
        const p = w.store(Probe);
        const alive = w.entities.alive();
        for (let k = 0; k < alive.length; k++) {
          const e = alive[k];
          p.f[e] += rng.float() - 0.5;
          p.i[e] -= rng.int(3);
          p.u[e] = (p.u[e] + rng.u32()) >>> 0;
          p.h[e] = (p.h[e] + 7) & 0xffff;
          p.b[e] = (p.b[e] + 1) & 0xff;
        }
        section.data.floats[w.tick % 8] += rng.float();
        section.data.counts[w.tick % 4]++;
        if (alive.length >= 2 && rng.chance(0.2)) section.data.friends.push([alive[rng.int(alive.length)], alive[rng.int(alive.length)]]);
        if (rng.chance(0.1)) section.data.notes.push({ label: `tick ${w.tick}`, when: w.tick });
      },
    });
  },
};
