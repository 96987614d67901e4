// Saving and loading a world: every component, every state section, the entity bookkeeping, the RNG
// streams, the event log and the clock come back equal, generically (the probe plugin stands for a
// subsystem the save code has never heard of); and a run continued from a save is exact.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TypedArray } from '../../src/engine/component';
import type { StateSection, World } from '../../src/engine/world';
import { Vitals } from '../../src/society/components';
import { spawnAgent } from '../../src/society/core/agents';
import { createSociety } from '../../src/society/create';
import { LedgerKey } from '../../src/society/economy/ledger';
import { StockKey } from '../../src/society/economy/stock';
import { loadScenario } from '../../src/persistence/scenario-files';
import { readContainer, writeContainer } from '../../src/persistence/container';
import { zlibCodec } from '../../src/persistence/save-file';
import { APP_VERSION, encodeWorld, FORMAT_VERSION, inspectWorld, loadWorld, WorldFileError } from '../../src/persistence/world-file';
import { saveLoadExactness } from './exactness';
import { Probe, probePlugin, ProbeSection } from './probe-plugin';

const village = loadScenario('village');

function busyWorld(): World {
  const world = createSociety(village, { agents: 60, seed: 7, plugins: [probePlugin] });
  world.run(40);
  // Free some ids and reuse one, so the free list and generations are not trivial.
  const alive = [...world.entities.alive()];
  for (const eid of [alive[3], alive[10], alive[20], alive[33], alive[59]]) world.despawn(eid, 'test');
  spawnAgent(world);
  world.run(20);
  return world;
}

/** Every piece of simulation state of `b` equals `a`'s, enumerated generically. */
function expectSameState(a: World, b: World): void {
  expect(b.tick).toBe(a.tick);
  expect(b.seed).toBe(a.seed);
  expect(b.entities.save()).toEqual(a.entities.save());
  expect(b.rng.save()).toEqual(a.rng.save());
  expect(b.events.save()).toEqual(a.events.save());
  const hw = a.entities.highWater;
  expect(b.components.all().map((c) => c.def.name)).toEqual(a.components.all().map((c) => c.def.name));
  for (const { def, store } of a.components.all()) {
    const other = b.components.byNameOrThrow(def.name).store as Record<string, TypedArray>;
    for (const field of Object.keys(def.fields)) {
      const mine = (store as Record<string, TypedArray>)[field];
      expect(Buffer.from(other[field].buffer, other[field].byteOffset, hw * other[field].BYTES_PER_ELEMENT), `${def.name}.${field}`).toEqual(
        Buffer.from(mine.buffer, mine.byteOffset, hw * mine.BYTES_PER_ELEMENT),
      );
    }
  }
  const sections = (w: World) => new Map<string, StateSection>(w.stateSections().map((s) => [s.name, s]));
  const sa = sections(a);
  const sb = sections(b);
  expect([...sb.keys()]).toEqual([...sa.keys()]);
  for (const [name, s] of sa) expect(sb.get(name)!.save(), `${name} section`).toEqual(s.save());
  expect(b.stateHash()).toBe(a.stateHash());
}

describe('world file round trip', () => {
  it('restores every component, every state section, entities, RNG, events and the clock', () => {
    const world = busyWorld();
    expect(world.entities.highWater).toBeGreaterThan(world.entities.count); // dead ids exist
    const probe = world.stateSections().find((s) => s.name === 'probe') as ProbeSection;
    expect(probe.data.friends.length).toBeGreaterThan(0);
    const loaded = loadWorld(encodeWorld(world), { plugins: [probePlugin] });
    expectSameState(world, loaded);
    // Typed arrays in a section come back as typed arrays of the same kind.
    const back = loaded.stateSections().find((s) => s.name === 'probe') as ProbeSection;
    expect(back.data.floats).toBeInstanceOf(Float32Array);
    expect(back.data.counts).toBeInstanceOf(Uint32Array);
    expect(loaded.store(Probe).u[world.entities.alive()[0]]).toBe(world.store(Probe).u[world.entities.alive()[0]]);
    // The loaded world is independent of the saved one, and its books stay as they were as it runs on
    // (not zero here: the test's own spawnAgent above created an agent's cash outside the ledger).
    const money = world.resource(LedgerKey).discrepancy(world);
    const goods = world.resource(StockKey).discrepancy(world);
    expect(loaded.resource(LedgerKey).discrepancy(loaded)).toBe(money);
    loaded.run(20);
    expect(world.tick).toBe(loaded.tick - 20);
    expect(loaded.resource(LedgerKey).discrepancy(loaded)).toBe(money);
    expect(loaded.resource(StockKey).discrepancy(loaded)).toEqual(goods);
  });

  it('files compressed by node:zlib and by fflate are the same format', () => {
    const world = busyWorld();
    const byZlib = encodeWorld(world, { codec: zlibCodec, level: 6 });
    const byFflate = encodeWorld(world, { level: 1 });
    expect(loadWorld(byZlib, { plugins: [probePlugin] }).stateHash()).toBe(world.stateHash());
    expect(loadWorld(byFflate, { plugins: [probePlugin], codec: zlibCodec }).stateHash()).toBe(world.stateHash());
    expect(loadWorld(encodeWorld(world, { level: 0 }), { plugins: [probePlugin] }).stateHash()).toBe(world.stateHash());
  });

  it('round-trips a freshly created world and a world with nobody left', () => {
    const fresh = createSociety(village, { agents: 5 });
    expectSameState(fresh, loadWorld(encodeWorld(fresh)));
    const empty = createSociety(village, { agents: 3 });
    for (const e of [...empty.entities.alive()]) empty.despawn(e, 'test');
    empty.run(3);
    expectSameState(empty, loadWorld(encodeWorld(empty)));
  });

  it('is exact: N ticks, save, load, M ticks equals N + M ticks straight (heuristic brain)', async () => {
    for (const [before, after] of [
      [0, 30],
      [47, 50], // the save falls mid-day; the resumed run crosses a day boundary (metrics row)
      [96, 1], // the save falls on a day boundary
    ]) {
      const r = await saveLoadExactness({ build: () => createSociety(village, { agents: 80, seed: 3 }), before, after });
      expect(r.afterLoad).toBe(r.atSave);
      expect(r.resumed).toBe(r.straight);
    }
    // And with a plugin the save code does not know (its component, section and RNG stream).
    const r = await saveLoadExactness({
      build: () => createSociety(village, { agents: 40, seed: 9, plugins: [probePlugin] }),
      load: (b) => loadWorld(b, { plugins: [probePlugin] }),
      before: 30,
      after: 30,
    });
    expect(r.resumed).toBe(r.straight);
  });

  it('the exactness check can fail: a different seed after the load is caught', async () => {
    const r = await saveLoadExactness({
      build: () => createSociety(village, { agents: 30, seed: 3 }),
      load: (b) => {
        const w = loadWorld(b);
        w.stream('brain').u32(); // one extra draw after loading
        return w;
      },
      before: 10,
      after: 10,
    });
    expect(r.resumed).not.toBe(r.straight);
  });

  it('refuses a save that would lose or leak something, naming the section', () => {
    const world = createSociety(village, { agents: 3 });
    const leaky = { name: 'llm', save: () => ({ provider: 'openai', apiKey: 'sk-not-a-real-key-but-long-enough-1234' }), load() {} };
    world.addState(leaky);
    expect(() => encodeWorld(world)).toThrow(/refusing to save the llm section: it holds a field named "apiKey"/);
    try {
      encodeWorld(world);
    } catch (err) {
      expect((err as Error).message).not.toContain('sk-not-a-real-key');
    }
    for (const [data, pattern] of [
      [{ settings: { api_key: 'x' } }, /field named "api_key" at settings/],
      [{ auth: { password: 'x' } }, /field named "password"/],
      [{ accessToken: 'x' }, /field named "accessToken"/],
      [{ clientSecret: 'x' }, /field named "clientSecret"/],
      [{ memory: ['I once saw sk-proj-abcdefghijklmnopqrstuvwxyz012345 on a wall'] }, /string at memory.0 looks like an API key/],
      [{ x: NaN }, /non-finite number NaN at x/],
      [{ x: new Float32Array([1, Infinity]) }, /non-finite number in the f32 array at x/],
      [{ m: new Map([[1, 2]]) }, /a Map at m is not plain JSON data/],
      [{ big: 10n }, /a bigint at big is not JSON data/],
    ] as const) {
      leaky.save = () => data as never;
      expect(() => encodeWorld(world)).toThrow(WorldFileError);
      expect(() => encodeWorld(world)).toThrow(pattern);
    }
    // Usage figures are not secrets: token counts save fine.
    leaky.save = () => ({ usage: { inputTokens: 10, outputTokens: 3, maxTokens: 100 }, provider: 'openai', model: 'gpt-4o-mini' }) as never;
    expect(() => encodeWorld(world)).not.toThrow();
  });

  it('refuses to save a non-finite number in a component, naming the component, field and entity', () => {
    const world = createSociety(village, { agents: 3 });
    const e = world.entities.alive()[1];
    world.store(Vitals).health[e] = NaN;
    expect(() => encodeWorld(world)).toThrow(`cannot save: component Vitals.health of entity ${e} is NaN (not a finite number)`);
    world.store(Vitals).health[e] = 1;
    expect(() => encodeWorld(world)).not.toThrow();
  });

  it('records the format and app versions; the app version is package.json\'s', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(APP_VERSION).toBe(pkg.version);
    const world = createSociety(village, { agents: 10 });
    world.run(5);
    const info = inspectWorld(encodeWorld(world));
    expect(info).toMatchObject({ formatVersion: FORMAT_VERSION, appVersion: APP_VERSION, scenario: 'village', tick: 5, population: 10, highWater: 10 });
    expect(info.sections.map((s) => s.name)).toEqual(expect.arrayContaining(['meta', 'rng', 'entities', 'events', 'component Vitals', 'names', 'ledger']));
  });

  it('runs older files through the migration hook, one version at a time', () => {
    const world = createSociety(village, { agents: 10 });
    world.run(3);
    const bytes = encodeWorld(world);
    // Pretend this app is two format versions ahead and the file needs two migrations.
    const v = FORMAT_VERSION;
    const steps: number[] = [];
    const migrations = {
      [v]: (f: ReturnType<typeof readContainer>) => (steps.push(v), { ...f, formatVersion: v + 1 }),
      [v + 1]: (f: ReturnType<typeof readContainer>) => (steps.push(v + 1), { ...f, formatVersion: v + 2, sections: f.sections.filter((s) => s.name !== 'state:obsolete') }),
    };
    const withObsolete = readContainer(bytes, FORMAT_VERSION);
    withObsolete.sections.push({ name: 'state:obsolete', data: new Uint8Array([0, 0, 0, 0]) });
    const loaded = loadWorld(writeContainer(withObsolete), { formatVersion: v + 2, migrations });
    expect(steps).toEqual([v, v + 1]);
    expect(loaded.stateHash()).toBe(world.stateHash());
    expect(() => loadWorld(bytes, { formatVersion: v + 2, migrations: { [v]: migrations[v] } })).toThrow(`format version ${v + 1} has no migration to ${v + 2}`);
  });
});
