// A loaded world keeps its social memories as the saved columns and builds an agent's list on first
// use. These tests hold it to what building every list on load did: the same lists, the same saved
// section (and so the same state hash), also when an agent that pending memories point at dies
// before their holders' lists are built, and when a holder itself dies.

import { describe, expect, it } from 'vitest';
import type { World } from '../../src/engine/world';
import { loadScenario } from '../../src/persistence/scenario-files';
import { encodeWorld, loadWorld } from '../../src/persistence/world-file';
import { createSociety } from '../../src/society/create';
import { SocialMemoryKey } from '../../src/society/social/social-memory';

function talkativeWorld(): { world: World; a: number; b: number; c: number; d: number } {
  const world = createSociety(loadScenario('village'), { agents: 30, seed: 21 });
  world.run(20);
  const [a, b, c, d] = world.entities.alive();
  const memory = world.resource(SocialMemoryKey);
  memory.add(a, 'conversation', 'Talked with b about the harvest', b);
  memory.add(c, 'conversation', 'Talked with b about the weather', b);
  memory.add(c, 'gift', 'Gave d a loaf', d);
  memory.add(d, 'conversation', 'Talked with a', a);
  return { world, a, b, c, d };
}

const memories = (w: World, eids: number[]) => eids.map((e) => w.resource(SocialMemoryKey).recent(e));

describe('social memory after a load', () => {
  it('gives the same lists and the same saved section as the world that was saved', () => {
    const { world, a, b, c, d } = talkativeWorld();
    const loaded = loadWorld(encodeWorld(world));
    expect(loaded.resource(SocialMemoryKey).save()).toEqual(world.resource(SocialMemoryKey).save());
    expect(loaded.resource(SocialMemoryKey).pointingAt(b)).toBe(world.resource(SocialMemoryKey).pointingAt(b));
    // Build some lists (recent, add) and leave others as columns: the section is still the same.
    expect(memories(loaded, [a, c])).toEqual(memories(world, [a, c]));
    for (const w of [world, loaded]) w.resource(SocialMemoryKey).add(d, 'gift', 'Gave c a tool', c);
    expect(loaded.resource(SocialMemoryKey).save()).toEqual(world.resource(SocialMemoryKey).save());
    expect(loaded.stateHash()).toBe(world.stateHash());
  });

  it('forgets the dead like the world that was saved, whether or not the lists were built', () => {
    const { world, a, b, c, d } = talkativeWorld();
    const loaded = loadWorld(encodeWorld(world));
    // c's list is built before b dies, a's after; d (a holder) dies with its list never built.
    loaded.resource(SocialMemoryKey).recent(c);
    for (const w of [world, loaded]) {
      w.despawn(b, 'test');
      w.despawn(d, 'test');
    }
    // Saved while a's list is still columns, then with every list built.
    expect(loaded.resource(SocialMemoryKey).pointingAt(b)).toBe(0);
    expect(loaded.resource(SocialMemoryKey).save()).toEqual(world.resource(SocialMemoryKey).save());
    expect(loaded.stateHash()).toBe(world.stateHash());
    const pointedAtB = memories(world, [a, c]).flat().filter((m) => m.text.includes('with b'));
    expect(pointedAtB.length).toBe(2);
    expect(pointedAtB.every((m) => m.with === null)).toBe(true);
    expect(memories(loaded, [a, c, d])).toEqual(memories(world, [a, c, d]));
    expect(loaded.resource(SocialMemoryKey).save()).toEqual(world.resource(SocialMemoryKey).save());
    // And the two run on alike (deaths, births, new memories in the columns' ids).
    world.run(30);
    loaded.run(30);
    expect(loaded.stateHash()).toBe(world.stateHash());
  });

  it('saves each text ending at its UTF-8 byte count, ASCII or not, and loads the same lists', () => {
    const { world, a, b, c } = talkativeWorld();
    const memory = world.resource(SocialMemoryKey);
    // a: all ASCII (written joined); b: accents, an emoji and a lone surrogate (written one by one).
    memory.add(b, 'conversation', 'Café au lait with a', a);
    memory.add(b, 'gift', 'Gave c a 🍞', c);
    memory.add(b, 'gift', 'Half a pair \uD83D', c);
    const saved = memory.save();
    const decoder = new TextDecoder();
    const all = decoder.decode(saved.texts.bytes);
    const texts = Array.from(saved.textEnds, (end, i) => decoder.decode(saved.texts.bytes.subarray(i > 0 ? saved.textEnds[i - 1] : 0, end)));
    expect(texts.join('')).toBe(all);
    expect(texts).toContain('Café au lait with a');
    expect(texts).toContain('Gave c a 🍞');
    expect(texts).toContain('Half a pair \uFFFD');
    const loaded = loadWorld(encodeWorld(world));
    expect(memories(loaded, [a, b, c])).toEqual(memories(world, [a, b, c]));
    expect(loaded.resource(SocialMemoryKey).save()).toEqual(saved);
  });

  it('refuses a memory that points at the dead before keeping anything', () => {
    const { world, a } = talkativeWorld();
    const bytes = encodeWorld(world);
    const loaded = loadWorld(bytes);
    const memory = loaded.resource(SocialMemoryKey);
    const saved = memory.save();
    const before = memory.recent(a);
    const i = saved.withId.findIndex((x) => x >= 0);
    saved.withGen[i] += 1;
    expect(() => memory.load(saved)).toThrow(/^social-memory section: agent \d+: memory points at \d+, not a living agent$/);
    expect(memory.recent(a)).toEqual(before);
  });
});
