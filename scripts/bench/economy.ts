// The economy's costs: order-book matching throughput (pure library and with escrow settlement in a
// world), and the economy's share of a whole tick at 2,500 agents (its systems and its heuristic
// contributors). Usage: npx tsx scripts/bench/economy.ts

import { loadavg } from 'node:os';
import { Rng } from '../../src/engine/rng';
import { World } from '../../src/engine/world';
import { spawnAgent } from '../../src/society/core/agents';
import { corePlugin } from '../../src/society/core/plugin';
import { loadScenario } from '../../src/persistence/scenario-files';
import { Actions } from '../../src/society/actions';
import { Inventory, Wallet } from '../../src/society/components';
import { createSociety } from '../../src/society/create';
import { bankHabits, marketHabits } from '../../src/society/economy/heuristics';
import { MarketsKey } from '../../src/society/economy/markets';
import { OrderBook } from '../../src/society/economy/order-book';
import { Candidates } from '../../src/society/core/heuristic-brain';

/** `lifetime`: ticks an order rests before it expires (16 orders a tick), so longer means a deeper book. */
function pureBook(orders: number, lifetime = 200) {
  const rng = new Rng([1, 2, 3, 4]);
  const book = new OrderBook();
  let fills = 0;
  let deepest = 0;
  const t0 = performance.now();
  for (let i = 0; i < orders; i++) {
    const side = rng.chance(0.5) ? 'buy' : 'sell';
    // Prices around 100 cents with a spread, so about half the orders trade and the book stays deep.
    const price = Math.round(100 + rng.normal(side === 'buy' ? -2 : 2, 4));
    const r = book.submit({ trader: rng.int(1000), side, quantity: 1 + rng.int(10), limitCents: Math.max(1, price), tick: i >> 4, expiresTick: (i >> 4) + lifetime });
    fills += r.fills.length;
    deepest = Math.max(deepest, book.size);
    if ((i & 15) === 0) book.expire(i >> 4);
  }
  const ms = performance.now() - t0;
  return { ordersPerSec: (orders / ms) * 1000, fills, resting: book.size, deepest };
}

function worldMarket(orders: number) {
  const world = createSociety(loadScenario('village'), { agents: 200, seed: 3 });
  const markets = world.resource(MarketsKey);
  const alive = world.entities.alive();
  const inv = world.store(Inventory);
  const cash = world.store(Wallet).cash;
  for (const e of alive) {
    inv.food[e] = 1_000_000;
    cash[e] = 1_000_000_000;
  }
  const rng = new Rng([5, 6, 7, 8]);
  let ok = 0;
  const t0 = performance.now();
  for (let i = 0; i < orders; i++) {
    if (i % 800 === 799) {
      world.clock.tick++; // the 5-offers-per-tick cap is per tick
      markets.update(world); // expiries
    }
    const side = rng.chance(0.5) ? 'buy' : 'sell';
    const price = Math.max(1, Math.round(100 + rng.normal(side === 'buy' ? -2 : 2, 4)));
    if (markets.submit(world, alive[rng.int(alive.length)], 'food', side, 1 + rng.int(10), price, 200).ok) ok++;
  }
  const ms = performance.now() - t0;
  return { ordersPerSec: (ok / ms) * 1000, accepted: ok };
}

function tickShare(agents: number, ticks: number) {
  const scenario = loadScenario('town');
  const side = Math.sqrt(agents / 2500) * 500;
  const world = createSociety({ ...scenario, world: { width: side, height: side } }, { agents });
  world.run(200); // warm-up: deposits, first orders
  world.schedule.profile = true;
  const sums = new Map<string, number>();
  const t0 = performance.now();
  for (let i = 0; i < ticks; i++) {
    world.step();
    for (const [k, v] of world.schedule.timings) sums.set(k, (sums.get(k) ?? 0) + v);
  }
  const total = performance.now() - t0;
  // The economy's heuristic contributors, called once for every agent (an upper bound: only idle agents are asked).
  const out = new Candidates();
  const alive = world.entities.alive();
  const c0 = performance.now();
  const reps = 20;
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < alive.length; i++) {
      out.clear();
      marketHabits(world, alive[i], out);
      bankHabits(world, alive[i], out);
    }
  }
  const contributorsMs = (performance.now() - c0) / reps;
  const per = (name: string) => (sums.get(name) ?? 0) / ticks;
  return { msPerTick: total / ticks, markets: per('markets'), bank: per('bank'), treasury: per('treasury'), decide: per('decide'), contributorsMs, trades: world.events.count('trade'), actions: world.resource(Actions).names().length };
}

/** The foundation systems alone at the same size: a yardstick for how loaded the machine is (0.50 ms/tick when quiet, docs/BENCHMARKS.md). */
function coreOnly(agents: number, ticks: number) {
  const scenario = loadScenario('town');
  const side = Math.sqrt(agents / 2500) * 500;
  const s = { ...scenario, world: { width: side, height: side } };
  const world = new World({ seed: 1, minutesPerTick: s.minutesPerTick, capacity: agents * 2 });
  world.use(corePlugin(s));
  for (let i = 0; i < agents; i++) spawnAgent(world);
  world.run(50);
  const t0 = performance.now();
  world.run(ticks);
  return (performance.now() - t0) / ticks;
}

console.log(`node ${process.version}, ${process.arch}, load average ${loadavg()[0].toFixed(1)} (figures are only comparable on a quiet machine)`);
const pb = pureBook(400_000);
console.log(`order book (library): ${Math.round(pb.ordersPerSec).toLocaleString('en')} orders/s (${pb.fills.toLocaleString('en')} fills, ${pb.resting} resting at the end)`);
const deep = pureBook(200_000, 5000);
console.log(`deep order book (library, up to ${deep.deepest.toLocaleString('en')} resting): ${Math.round(deep.ordersPerSec).toLocaleString('en')} orders/s`);
const wm = worldMarket(100_000);
console.log(`market with escrow settlement: ${Math.round(wm.ordersPerSec).toLocaleString('en')} orders/s (${wm.accepted.toLocaleString('en')} accepted)`);
console.log(`yardstick: core systems alone at 2,500 agents ${coreOnly(2500, 500).toFixed(3)} ms/tick`);
const ts = tickShare(2500, 500);
console.log(
  `2,500 agents, whole tick ${ts.msPerTick.toFixed(3)} ms (decide ${ts.decide.toFixed(3)} ms); economy systems: markets ${ts.markets.toFixed(3)} ms, bank ${ts.bank.toFixed(3)} ms, treasury ${ts.treasury.toFixed(3)} ms per tick; economy contributors for every agent: ${ts.contributorsMs.toFixed(3)} ms; ${ts.trades} trades`,
);
