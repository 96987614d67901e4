import { describe, expect, it } from 'vitest';
import { Rng, RngStreams } from '../../src/engine/rng';

describe('Rng', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = Rng.fromSeed(1, 'x');
    const b = Rng.fromSeed(1, 'x');
    const c = Rng.fromSeed(2, 'x');
    const seqA = Array.from({ length: 20 }, () => a.u32());
    const seqB = Array.from({ length: 20 }, () => b.u32());
    const seqC = Array.from({ length: 20 }, () => c.u32());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
  });

  it('floats are in [0, 1) with a sane mean, ints in range', () => {
    const r = Rng.fromSeed(9);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const f = r.float();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      sum += f;
    }
    expect(sum / 20000).toBeGreaterThan(0.48);
    expect(sum / 20000).toBeLessThan(0.52);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[r.int(3)]++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
    for (let i = 0; i < 200; i++) {
      const v = r.intBetween(2, 4);
      expect([2, 3, 4]).toContain(v);
    }
  });

  it('normal draws have roughly the requested mean and spread', () => {
    const r = Rng.fromSeed(5);
    const xs = Array.from({ length: 20000 }, () => r.normal(3, 2));
    const mean = xs.reduce((a, b) => a + b) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(3, 1);
    expect(sd).toBeCloseTo(2, 1);
  });

  it('state round-trips exactly', () => {
    const r = Rng.fromSeed(3, 'a');
    for (let i = 0; i < 7; i++) r.u32();
    const copy = new Rng(r.state());
    expect(Array.from({ length: 10 }, () => copy.u32())).toEqual(Array.from({ length: 10 }, () => r.u32()));
  });
});

describe('RngStreams', () => {
  it('streams are independent: draining one does not shift another', () => {
    const s1 = new RngStreams(42);
    const s2 = new RngStreams(42);
    for (let i = 0; i < 1000; i++) s1.get('market').u32();
    expect(s1.get('brain').u32()).toBe(s2.get('brain').u32());
    expect(s1.get('brain').u32()).not.toBe(s1.get('market').u32());
  });

  it('save and load restore every stream', () => {
    const s = new RngStreams(7);
    s.get('a').u32();
    s.get('b').float();
    const saved = JSON.parse(JSON.stringify(s.save()));
    const t = new RngStreams(7);
    t.load(saved);
    expect(t.get('a').u32()).toBe(s.get('a').u32());
    expect(t.get('b').u32()).toBe(s.get('b').u32());
    expect(Object.keys(saved)).toEqual(['a', 'b']);
  });
});
