// Choosing who thinks: the heap that keeps the most urgent `k` agents must choose exactly what a
// full sort would (the dispatch order is part of a run's determinism).

import { describe, expect, it } from 'vitest';
import { bestOf } from '../../src/cognition/cognition';

describe('bestOf', () => {
  it('keeps the same k items as sorting them all, with ties broken by the order given', () => {
    let r = 99;
    const rand = (n: number) => ((r = (r * 1103515245 + 12345) % 2 ** 31), r % n);
    for (let trial = 0; trial < 300; trial++) {
      const n = rand(60);
      const k = rand(70);
      // Few distinct priorities and ticks: many ties, settled by id as in the dispatch order.
      const priority = Array.from({ length: n }, () => rand(4));
      const last = Array.from({ length: n }, () => (rand(5) === 0 ? -Infinity : rand(8)));
      const ids = Array.from({ length: n }, (_, i) => i * 3 + rand(3));
      const order = (x: number, y: number) => priority[y] - priority[x] || last[x] - last[y] || ids[x] - ids[y];
      const all = Array.from({ length: n }, (_, i) => i).sort(order);
      expect(bestOf(n, k, order).sort(order)).toEqual(all.slice(0, k));
    }
  });
});
