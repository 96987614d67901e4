// GPU vitals: stands in for the society's `vitals` system (same rules: shaders/vitals.wgsl).

import type { World } from '../../engine/world';
import { Vitals } from '../../society/components';
import { vitalsRates } from '../../society/core/vitals-system';
import { Program, storage, uniform } from '../kernel';
import { fieldRef } from '../mirror';
import type { GpuRuntime, GpuSystem } from '../runtime';

const FIELDS = ['energy', 'hunger', 'health', 'age'].map((f) => fieldRef(Vitals, f));

export class GpuVitals implements GpuSystem {
  readonly name = 'vitals';
  private program!: Program;
  private params!: ReturnType<typeof uniform>;
  private dead!: GPUBuffer;

  reads() {
    return FIELDS;
  }

  writes() {
    return FIELDS;
  }

  bytes(): number {
    return 64;
  }

  async init(rt: GpuRuntime): Promise<void> {
    this.program = await Program.load(rt.device, 'vitals', ['vitals']);
    this.params = uniform(rt.device, 'vitals.params', 8);
    this.dead = storage(rt.device, 'vitals.dead', 4);
  }

  encode(rt: GpuRuntime, world: World, encoder: GPUCommandEncoder): void {
    const r = vitalsRates(world);
    this.params.write([rt.n, r.energyDecay, r.hungerGain, r.starvationHealth, r.healthRecovery, r.yearsPerTick], [1, 2, 3, 4, 5]);
    encoder.clearBuffer(this.dead);
    const [energy, hunger, health, age] = FIELDS.map((f) => rt.mirror.buffer(f));
    const pass = encoder.beginComputePass({ label: 'vitals' });
    this.program.dispatch(pass, 'vitals', rt.n, { 0: this.params.buffer, 1: rt.alive, 2: energy, 3: hunger, 4: health, 5: age, 6: this.dead });
    pass.end();
  }

  outputs() {
    return [{ buffer: this.dead, bytes: 4 }];
  }

  /** As the CPU system: agents at health 0 leave at the end of the tick. */
  apply(world: World, [deadCount]: ArrayBuffer[]): void {
    if (new Uint32Array(deadCount)[0] === 0) return;
    const v = world.store(Vitals);
    const alive = world.entities.alive();
    for (let i = 0; i < alive.length; i++) {
      const eid = alive[i];
      if (v.health[eid] <= 0) world.despawnLater(eid, v.hunger[eid] >= 1 ? 'starvation' : 'health');
    }
  }

  destroy(): void {
    this.dead?.destroy();
  }
}
