// What a change of the model would cost or save, measured before it is written: the 2,500-agent town
// as it is (A) and with some scenario settings changed (B), built from this checkout in one process
// and stepped a simulated day each by turns (who goes first alternating), as tick-ab.ts does for two
// code trees, in two rounds: the variant's town built second, then first. Prints each one's main-thread CPU ms per tick, B/A, and both populations (a variant
// that kills the town is no saving). With '{}' it measures its own noise (and the hashes agree).
// With --after N both towns first live N untimed days (the settled town rather than its first weeks).
// Usage: npx tsx scripts/bench/scenario-ab.ts '{"production":{"shiftTicks":16}}' [days] [agents] [--after DAYS]

import { loadavg } from 'node:os';
import { loadScenario } from '../../src/persistence/scenario-files';
import { createSociety } from '../../src/society/create';
import { parseScenario } from '../../src/society/scenario';
import { option, positional } from './args';
import { mainThreadCpuMs } from './thread-cpu';

const after = option('--after', 0);
const args = positional('--after');
const variantText = args[0];
if (!variantText) {
  console.error(`usage: npx tsx scripts/bench/scenario-ab.ts '{"section":{"setting":value}}' [days] [agents] [--after DAYS]`);
  process.exit(2);
}
const variant: unknown = JSON.parse(variantText);
const days = Number(args[1] ?? 20);
const agents = Number(args[2] ?? 2500);
const DAY = 48; // ticks in a town day

/** base with every leaf of `over` put in its place (objects merge, anything else replaces). */
function merged(base: unknown, over: unknown): unknown {
  if (typeof over !== 'object' || over === null || Array.isArray(over)) return over;
  const out: Record<string, unknown> = { ...(typeof base === 'object' && base !== null ? (base as Record<string, unknown>) : {}) };
  for (const [k, v] of Object.entries(over)) out[k] = merged(out[k], v);
  return out;
}

const scenario = loadScenario('town');
const side = Math.sqrt(agents / 2500) * scenario.world.width;
const sized = { ...scenario, world: { width: side, height: side } };
// Parsed again, so that a misspelt setting is an error rather than a silent no-op.
const changed = parseScenario(merged(sized, variant), 'variant');

/** One round: both towns built (in the given order) and stepped by turns; main-thread CPU ms of each. */
function round(variantFirst: boolean) {
  const b0 = variantFirst ? createSociety(changed, { agents }) : null;
  const a = createSociety(sized, { agents });
  const b = b0 ?? createSociety(changed, { agents });
  a.run(50 + after * DAY);
  b.run(50 + after * DAY);
  let ca = 0;
  let cb = 0;
  const time = (w: typeof a) => {
    const c0 = mainThreadCpuMs();
    w.run(DAY);
    return mainThreadCpuMs() - c0;
  };
  for (let d = 0; d < days; d++) {
    if (d % 2 === 0) {
      ca += time(a);
      cb += time(b);
    } else {
      cb += time(b);
      ca += time(a);
    }
  }
  return { ca, cb, popA: a.entities.alive().length, popB: b.entities.alive().length, same: a.stateHash() === b.stateHash() };
}

// The town built second ran up to 5% faster in identical pairs (an A/A check): each order once, and their geometric mean.
const r1 = round(false);
const r2 = round(true);
const perTick = (ms: number) => (ms / (2 * days * DAY)).toFixed(3);
const ratio1 = r1.cb / r1.ca;
const ratio2 = r2.cb / r2.ca;
console.log(
  `${variantText}: A ${perTick(r1.ca + r2.ca)}, B ${perTick(r1.cb + r2.cb)} ms/tick main-thread CPU (both rounds); B/A ${ratio1.toFixed(3)} (variant built second), ${ratio2.toFixed(3)} (built first), geometric mean ${Math.sqrt(ratio1 * ratio2).toFixed(3)}; ${days} days of ${agents} agents${after ? ` after ${after} untimed days` : ''}; population ${r1.popA} / ${r1.popB}; state hashes ${r1.same ? 'equal' : 'differ'}; load ${loadavg()[0].toFixed(2)}`,
);
