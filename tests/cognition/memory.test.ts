// The memory stream: retrieval ranking (recency, importance, relevance), the reflection trigger and
// its insights, caps per agent and in total at 2,500 agents, despawn cleanup, save/load validation.

import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore, DEFAULT_MEMORY_LIMITS, MEMORY_KINDS, type MemoryFormat, type MemoryLimits } from '../../src/cognition/memory';
import { BRAIN_LLM, Identity } from '../../src/society/components';
import { Names } from '../../src/society/core/agents';
import { decisions, startFakeLlm, type FakeServer } from './fake-llm-server';
import { poolFor, runLockstep, smallScenario, worldWith } from './helpers';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('retrieval', () => {
  const store = () => new MemoryStore({ ...DEFAULT_MEMORY_LIMITS, recencyHalfLifeTicks: 10 });

  it('prefers relevant memories, then important ones, then recent ones', () => {
    const m = store();
    m.add(1, 0, { tick: 0, kind: 'observation', importance: 2, text: 'The river was cold this morning.' });
    m.add(1, 0, { tick: 50, kind: 'trade', importance: 2, text: 'Sold bread to Mira at the market.' });
    m.add(1, 0, { tick: 0, kind: 'observation', importance: 10, text: 'My father died in the winter.' });
    m.add(1, 0, { tick: 50, kind: 'observation', importance: 1, text: 'Saw a bird.' });
    // Relevance wins: the query names the market.
    expect(m.retrieve(1, 'market bread price', 100, 1)[0].text).toMatch(/Sold bread/);
    // No keyword overlap: importance 10 (old) beats importance 1 (new) ...
    expect(m.retrieve(1, 'weather', 100, 1)[0].text).toMatch(/father died/);
    // ... and between equal importance, the recent one wins.
    const r = m.retrieve(1, 'weather', 100, 4).map((x) => x.text);
    expect(r.indexOf('Sold bread to Mira at the market.')).toBeLessThan(r.indexOf('The river was cold this morning.'));
  });

  it('weighs rare shared words above common ones (BM25-like)', () => {
    const m = store();
    for (let i = 0; i < 6; i++) m.add(2, 0, { tick: 10, kind: 'observation', importance: 3, text: `Worked at the farm, day ${i}.` });
    m.add(2, 0, { tick: 10, kind: 'observation', importance: 3, text: 'The farm owner offered me a loan.' });
    expect(m.retrieve(2, 'farm loan', 10, 1)[0].text).toMatch(/loan/);
  });
});

describe('caps', () => {
  it('keeps each agent within its cap, dropping the least important oldest first', () => {
    const m = new MemoryStore({ ...DEFAULT_MEMORY_LIMITS, perAgent: 5 });
    m.add(1, 0, { tick: 0, kind: 'observation', importance: 9, text: 'wedding' });
    for (let i = 1; i <= 20; i++) m.add(1, 0, { tick: i, kind: 'observation', importance: 2, text: `chore ${i}` });
    expect(m.count(1)).toBe(5);
    expect(m.all(1).map((x) => x.text)).toEqual(['wedding', 'chore 17', 'chore 18', 'chore 19', 'chore 20']);
  });

  it('2,500 agents over a long run stay within the total budget; the fullest streams shrink first', () => {
    const m = new MemoryStore({ ...DEFAULT_MEMORY_LIMITS, perAgent: 64, total: 50_000 });
    let maxTotal = 0;
    for (let tick = 0; tick < 60; tick++) {
      for (let a = 0; a < 2500; a++) m.add(a, 0, { tick, kind: 'observation', importance: 1 + ((a + tick) % 10), text: `event ${tick}` });
      maxTotal = Math.max(maxTotal, m.total);
    }
    expect(maxTotal).toBeLessThanOrEqual(50_000);
    expect(m.total).toBe(50_000);
    for (const a of [0, 1249, 2499]) expect(m.count(a)).toBeLessThanOrEqual(21); // 50,000 / 2,500 = 20, +1 for the newest
    m.drop(7);
    expect(m.count(7)).toBe(0);
    expect(m.total).toBeLessThan(50_000);
  });

  it('a reused id (new generation) starts an empty stream', () => {
    const m = new MemoryStore();
    m.add(3, 0, { tick: 0, kind: 'observation', importance: 5, text: 'old life' });
    m.add(3, 1, { tick: 5, kind: 'observation', importance: 5, text: 'new life' });
    expect(m.all(3).map((x) => x.text)).toEqual(['new life']);
    expect(m.total).toBe(1);
  });

  it('loads only valid data and leaves itself unchanged otherwise', () => {
    const m = new MemoryStore();
    m.add(1, 0, { tick: 0, kind: 'trade', importance: 4, text: 'sold fish' });
    const saved = JSON.parse(JSON.stringify(m.save()));
    expect(() => m.load({ streams: [[1, 0, 0, [[0, 'dream', 4, 'x']]]] })).toThrow(/agent 1 has a malformed memory/);
    expect(() => m.load({ streams: [[1, 0, 0, [[0, 'trade', 11, 'x']]]] })).toThrow(/importance 1-10/);
    expect(m.all(1)[0].text).toBe('sold fish');
    const n = new MemoryStore();
    n.load(saved);
    expect(n.all(1)).toEqual(m.all(1));
    expect(n.total).toBe(1);
  });
});

/**
 * The caps as documented, written the plain way (a list per agent, splice out the least important,
 * oldest among equals; over the total, the stream over its fair share pays, else the longest, lowest
 * id on ties): the oracle for the store, which keeps its slots out of order to avoid shifting.
 */
class ReferenceStore {
  readonly streams = new Map<number, { gen: number; since: number; items: [number, string, number, string][] }>();
  size = 0;
  constructor(private readonly limits: MemoryLimits) {}
  add(eid: number, gen: number, tick: number, kind: string, importance: number, text: string): void {
    let s = this.streams.get(eid);
    if (!s || s.gen !== gen) {
      if (s) this.size -= s.items.length;
      this.streams.set(eid, (s = { gen, since: 0, items: [] }));
    }
    s.items.push([tick, kind, importance, text.slice(0, this.limits.maxTextLength)]);
    this.size++;
    if (kind !== 'reflection') s.since += importance;
    if (s.items.length > this.limits.perAgent) this.evict(s);
    while (this.size > this.limits.total) {
      let longest = [...this.streams].sort(([a, x], [b, y]) => y.items.length - x.items.length || a - b)[0][1];
      if (s.items.length > this.size / this.streams.size) longest = s;
      this.evict(longest);
    }
  }
  private evict(s: { items: [number, string, number, string][] }): void {
    let worst = 0;
    for (let i = 1; i < s.items.length; i++) if (s.items[i][2] < s.items[worst][2]) worst = i;
    s.items.splice(worst, 1);
    this.size--;
  }
  drop(eid: number): void {
    this.size -= this.streams.get(eid)?.items.length ?? 0;
    this.streams.delete(eid);
  }
  save(): unknown {
    return { streams: [...this.streams].sort(([a], [b]) => a - b).map(([eid, s]) => [eid, s.gen, s.since, s.items]) };
  }
}

describe('deferred texts', () => {
  // Writes wait in a journal until a stream is read, evicted from, or the journal is full: with a
  // total cap that evicts all the time or never, and a journal that fills every few writes or never.
  it.each([
    [40, undefined],
    [40, 5],
    [10_000, 7],
    [10_000, undefined],
  ])('follow the documented caps exactly (checked against a plain list), through drops, new generations, saves and loads (total %i, journal %s)', (total, journal) => {
    const limits = { ...DEFAULT_MEMORY_LIMITS, perAgent: 6, total, maxTextLength: 30 };
    const store = new MemoryStore(limits, journal);
    const reference = new ReferenceStore(limits);
    const sold: MemoryFormat = (name, good, quantity, price) => `Sold ${quantity} ${good as string} for ${price} cents to ${name as string}.`;
    let r = 12345;
    const rand = (n: number) => ((r = (r * 1103515245 + 12345) % 2 ** 31), r % n);
    for (let tick = 0; tick < 3000; tick++) {
      const eid = rand(13);
      const gen = rand(50) === 0 ? 1 : 0; // now and then a reused id
      const kind = MEMORY_KINDS[rand(MEMORY_KINDS.length)];
      const importance = 1 + rand(10);
      const [name, quantity, price] = [`Agent ${rand(99)}`, rand(5), rand(900)];
      const text = sold(name, 'fish', quantity, price);
      if (rand(3) === 0) store.add(eid, gen, { tick, kind, importance, text });
      else store.addDeferred(eid, gen, tick, kind, importance, sold, name, 'fish', quantity, price);
      reference.add(eid, gen, tick, kind, importance, text);
      if (rand(200) === 0) {
        store.drop(eid);
        reference.drop(eid);
      }
      expect(store.total).toBe(reference.size);
      expect(store.count(eid)).toBe(reference.streams.get(eid)?.items.length ?? 0);
      if (rand(100) === 0) expect(store.all(eid).map((m) => [m.tick, m.kind, m.importance, m.text])).toEqual(reference.streams.get(eid)?.items ?? []);
      if (tick % 500 === 499) {
        expect(store.save()).toEqual(reference.save());
        // A loaded store carries on in the same order (its memories are numbered as saved).
        const copy = new MemoryStore(limits);
        copy.load(JSON.parse(JSON.stringify(store.save())));
        expect(copy.save()).toEqual(store.save());
      }
    }
    for (let eid = 0; eid < 13; eid++) expect(store.all(eid).map((m) => [m.tick, m.kind, m.importance, m.text])).toEqual(reference.streams.get(eid)?.items ?? []);
  });

  it('are built only when read, once, and cut to the maximum length', () => {
    const store = new MemoryStore({ ...DEFAULT_MEMORY_LIMITS, maxTextLength: 20 });
    let built = 0;
    const talked: MemoryFormat = (name, lines) => {
      built++;
      return `Talked with ${name as string}: ${(lines as string[]).join(' / ')}`;
    };
    for (let i = 0; i < 10; i++) store.addDeferred(1, 0, i, 'conversation', 4, talked, 'Mira', ['A: hello', 'B: hi'], 0, 0);
    expect(built).toBe(0);
    expect(store.count(1)).toBe(10);
    expect(store.all(1)[0].text).toBe('Talked with Mira: A:');
    expect(built).toBe(10);
    store.save();
    store.retrieve(1, 'hello', 10, 3);
    expect(built).toBe(10);
  });
});

describe('memory in the world', () => {
  it('reflects when recent importance passes the threshold; insights become reflection memories', async () => {
    server = await startFakeLlm('openai', (req) => (req.schemaName === 'reflection' ? { json: { insights: ['I should save money for winter.', 'Mira is a good friend.'] } } : decisions(req)));
    const { world, cognition } = worldWith(smallScenario({ reflectionThreshold: 15, thinksPerTick: 2 }), { source: { kind: 'llm', pool: poolFor('openai', server) }, llmAgents: 1, mode: 'lockstep' });
    world.step();
    await cognition.settle();
    const agent = [...world.entities.alive()].find((e) => world.store(Identity).brain[e] === BRAIN_LLM)!;
    expect(server.requests.filter((r) => r.schemaName === 'reflection')).toHaveLength(0);
    // Two important events push the agent over the threshold.
    world.emit('marriage', { a: agent, b: (agent + 1) % 12 });
    world.emit('birth', { agent: (agent + 2) % 12, parents: [agent] });
    expect(cognition.memory.dueForReflection(agent)).toBe(true);
    await runLockstep(world, cognition, 3);
    const reflections = server.requests.filter((r) => r.schemaName === 'reflection');
    expect(reflections).toHaveLength(1);
    expect(reflections[0].prompt).toMatch(/I married/);
    const insights = cognition.memory.all(agent).filter((m) => m.kind === 'reflection').map((m) => m.text);
    expect(insights).toEqual(['I should save money for winter.', 'Mira is a good friend.']);
    expect(cognition.memory.dueForReflection(agent)).toBe(false);
  });

  it('world events land in memory (routine ones when an LLM agent takes part) and leave with the agent', async () => {
    server = await startFakeLlm('openai', (req) => decisions(req));
    const { world, cognition } = worldWith(smallScenario(), { source: { kind: 'llm', pool: poolFor('openai', server) }, llmAgents: 3, mode: 'lockstep' });
    world.step();
    const brain = world.store(Identity).brain;
    const alive = [...world.entities.alive()];
    const llm = alive.filter((e) => brain[e] === BRAIN_LLM);
    const heuristic = alive.filter((e) => brain[e] !== BRAIN_LLM);
    const [a] = llm;
    const [h1, h2, h3] = heuristic;
    const memoriesOf = (eid: number) => cognition.memory.all(eid).map((m) => m.text);
    // An LLM agent and the heuristic people it deals with both remember.
    world.emit('trade', { buyer: a, seller: h1, good: 'food', quantity: 2, priceCents: 220 });
    world.emit('conversation', { a, b: h2, lines: ['A: hello', 'B: hi'] });
    expect(cognition.memory.all(a).map((m) => m.kind)).toEqual(expect.arrayContaining(['trade', 'conversation']));
    expect(memoriesOf(h1).some((t) => /Sold 2 food for 220 cents/.test(t))).toBe(true);
    expect(memoriesOf(h2).some((t) => /^Talked with .*hello/.test(t))).toBe(true);
    // The other party is remembered by the name it had then (texts are built when read; an id may be reused).
    const names = world.resource(Names);
    const sellerName = names.get(h1)!.name;
    names.set(h1, { ...names.get(h1)!, name: 'Someone Else' });
    expect(memoriesOf(a)).toContain(`Bought 2 food for 220 cents from ${sellerName}.`);
    // Between heuristic agents only, routine events are left to the social plugin's memory.
    world.emit('trade', { buyer: h2, seller: h3, good: 'tools', quantity: 1, priceCents: 500 });
    world.emit('conversation', { a: h1, b: h3, lines: ['C: rain again', 'D: yes'] });
    expect([...memoriesOf(h1), ...memoriesOf(h2), ...memoriesOf(h3)].some((t) => /tools|rain again/.test(t))).toBe(false);
    // Life events are remembered by anyone.
    world.emit('marriage', { a: h1, b: h3 });
    expect(memoriesOf(h3).some((t) => /^I married/.test(t))).toBe(true);
    world.despawnLater(a, 'test');
    world.step();
    expect(cognition.memory.count(a)).toBe(0);
  });
});
