// An action's quickArgs (the fast path around zod for plainly well-formed requests) must accept
// nothing its schema rejects and return exactly what the schema returns; and it must actually cover
// the requests a living town makes, or the fast path is dead weight.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loadScenario } from '../../src/persistence/scenario-files';
import { Actions, type ActionDef } from '../../src/society/actions';
import { createSociety } from '../../src/society/create';
import { GOODS } from '../../src/society/resources';

const world = createSociety(loadScenario('village'), { agents: 60, seed: 5 });
const registry = world.resource(Actions);
const withQuick = registry.all().filter((d) => d.quickArgs);

const argNames = (def: ActionDef) => Object.keys((def.args as unknown as z.ZodObject).shape);

/** Mostly plausible values (so that well-formed requests come up often), and every kind of wrong one. */
const value = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 300 }), weight: 6 },
  { arbitrary: fc.constantFrom(...GOODS, 'any', 'wood', 'stone', 'materials', 'luxury', 'services'), weight: 5 },
  { arbitrary: fc.integer({ min: -5, max: 2_100_000_000 }), weight: 1 },
  { arbitrary: fc.constantFrom(0, -0, 0.5, 1e6, 1e6 + 1, 2_000_000_000, 2_000_000_001, 2 ** 53, NaN, Infinity, -Infinity), weight: 1 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: fc.constantFrom('all', 'gold', '', 'FOOD', ' ', ' a shed '), weight: 1 },
  // Account, loan and object kinds (and near misses).
  { arbitrary: fc.constantFrom('checking', 'savings', 'business', 'personal', 'emergency', 'mortgage', 'object', 'building', 'Checking', 'house'), weight: 4 },
  { arbitrary: fc.string(), weight: 1 },
  { arbitrary: fc.constantFrom(null, undefined, true, [], {}, [1], '12'), weight: 1 },
);

describe('quickArgs', () => {
  it('exist for the actions a town requests most', () => {
    expect(withQuick.map((d) => d.name).sort()).toEqual(
      expect.arrayContaining(['apply_for_job', 'borrow', 'buy', 'create_object', 'deposit', 'enjoy', 'family_interact_child', 'gather', 'gather_resources', 'give', 'invest_in_firm', 'move_to', 'propose_marriage', 'repay', 'sell', 'talk_to', 'withdraw']),
    );
  });

  for (const def of withQuick) {
    it(`${def.name}: accepts only what its schema accepts, and returns what the schema returns`, () => {
      const names = argNames(def);
      // Every argument given (often all well-formed), or any subset, with or without an unknown one;
      // and any subset of the schema's own arguments (give takes either of two of them).
      const own = fc.subarray(names).chain((keys) => fc.record(Object.fromEntries(keys.map((n) => [n, value]))));
      const request = fc.oneof(fc.record(Object.fromEntries(names.map((n) => [n, value]))), fc.record(Object.fromEntries([...names, 'extra'].map((n) => [n, value])), { requiredKeys: [] }), own);
      let accepted = 0;
      fc.assert(
        fc.property(request, (args) => {
          const r = { ...args, type: def.name };
          const quick = def.quickArgs!(r);
          const { type: _type, ...rest } = r;
          const parsed = def.args.safeParse(rest);
          if (quick !== undefined) {
            accepted++;
            expect(parsed.success).toBe(true);
            expect(quick).toStrictEqual(parsed.data);
          }
        }),
        { numRuns: 30_000 },
      );
      // The generator reaches well-formed requests often enough for the comparison to mean something
      // (sell, with three arguments, reached 20-35 in 10,000 runs, so a bound of 20 failed about one run
      // in 30; 90-110 in 30,000).
      expect(accepted).toBeGreaterThan(20);
    });
  }

  it('cover every well-formed request of a living village (zod parses none of them)', () => {
    let quick = 0;
    const slow: string[] = [];
    // The registry takes a definition's hooks when it is added or replaced: the counting ones go in by replace().
    for (const def of withQuick) {
      registry.replace({
        ...def,
        quickArgs: (r) => {
          const a = def.quickArgs!(r);
          const { type: _type, ...rest } = r;
          if (a !== undefined) quick++;
          else if (def.args.safeParse(rest).success) slow.push(JSON.stringify(r));
          return a;
        },
      });
    }
    try {
      world.run(48 * 3);
    } finally {
      for (const def of withQuick) registry.replace(def);
    }
    expect(quick).toBeGreaterThan(500);
    expect(slow).toEqual([]);
  });
});
