// Random worlds for the GPU tests: the society's components, a scattered alive list (births and
// deaths leave gaps), random state. Built twice from the same seed, the two worlds are identical.
import type { ComponentDef } from '../../src/engine/component';
import { Rng } from '../../src/engine/rng';
import { World } from '../../src/engine/world';
import { Action, Motion, Position, Vitals } from '../../src/society/components';
import { ScenarioConfig } from '../../src/society/core/config';
import { parseScenario } from '../../src/society/scenario';
import { affinityArrays, Culture, Social } from '../../src/society/social/components';


export const WIDTH = 300;
export const HEIGHT = 200;

export function randomWorld(seed: number, n: number, width = WIDTH, height = HEIGHT): World {
  const scenario = parseScenario({ name: 'gpu-test', agents: Math.min(n, 2_000_000), world: { width, height }, socialRadius: 6 });
  const world = new World({ seed, minutesPerTick: 30, capacity: 64 });
  world.setResource(ScenarioConfig, scenario);
  for (const c of [Position, Motion, Vitals, Action, Social, Culture] as ComponentDef[]) world.register(c);
  const rng = Rng.fromSeed(seed);
  for (let i = 0; i < n + n / 4; i++) world.spawn();
  // Kill a quarter at random: the alive list is then out of id order with holes.
  for (let i = 0; i < n / 4; i++) {
    const alive = world.entities.alive();
    world.despawn(alive[rng.int(alive.length)], 'test');
  }
  const p = world.store(Position);
  const m = world.store(Motion);
  const v = world.store(Vitals);
  const a = world.store(Action);
  const c = world.store(Culture);
  const reputation = world.store(Social).reputation;
  const affinity = affinityArrays(c);
  for (const e of world.entities.alive()) {
    p.x[e] = rng.range(0, width);
    p.y[e] = rng.range(0, height);
    m.tx[e] = rng.range(-10, width + 10); // some targets off the map: clamping
    m.ty[e] = rng.range(-10, height + 10);
    m.speed[e] = rng.range(0.5, 4);
    m.moving[e] = rng.chance(0.7) ? 1 : 0;
    if (rng.chance(0.1)) {
      m.tx[e] = p.x[e] + rng.range(-1, 1); // arrives this tick
      m.ty[e] = p.y[e];
    }
    a.kind[e] = 1 + rng.int(5);
    a.remaining[e] = rng.chance(0.5) ? 0xffff : rng.int(10);
    v.energy[e] = rng.range(0, 1);
    v.hunger[e] = rng.chance(0.1) ? 0.9999 : rng.range(0, 1);
    v.health[e] = rng.chance(0.05) ? 0.001 : rng.range(0, 1);
    v.happiness[e] = rng.range(0, 1);
    v.age[e] = rng.range(0, 90);
    reputation[e] = rng.range(0, 1);
    c.group[e] = rng.int(5);
    const raw = [0, 1, 2, 3, 4].map(() => rng.range(0.01, 1));
    const sum = raw.reduce((s, r) => s + r, 0);
    for (let g = 0; g < 5; g++) affinity[g][e] = raw[g] / sum;
  }
  return world;
}

/** Largest absolute difference between two float arrays over the alive ids. */
export function maxDiff(a: Float32Array, b: Float32Array, alive: Int32Array): number {
  let m = 0;
  for (const e of alive) m = Math.max(m, Math.abs(a[e] - b[e]));
  return m;
}

export function sameInts(a: ArrayLike<number>, b: ArrayLike<number>, alive: Int32Array): number {
  let diff = 0;
  for (const e of alive) if (a[e] !== b[e]) diff++;
  return diff;
}
