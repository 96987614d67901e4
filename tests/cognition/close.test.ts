// Ending a run (Cognition.close, which the CLI and the app call): calls on their way are aborted on
// the wire, their answers are never waited for or applied, nothing more is sent, and the agents
// that were waiting are asked first if a save of the world is loaded and run on.

import { afterEach, describe, expect, it } from 'vitest';
import { decisions, startFakeLlm, type FakeServer } from './fake-llm-server';
import { poolFor, smallScenario, worldWith } from './helpers';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('Cognition.close', () => {
  it('aborts the calls on their way (the server sees the connections close) and applies no late answer', async () => {
    // Answers would come after 20 s; the test is over long before.
    server = await startFakeLlm('openai', (req) => ({ delayMs: 20_000, then: decisions(req) }));
    const { world, cognition } = worldWith(smallScenario({ thinksPerTick: 4, maxInFlight: 6 }), { source: { kind: 'llm', pool: poolFor('openai', server, { timeoutMs: 60_000 }) }, llmAgents: 6 });
    for (let i = 0; i < 3; i++) world.step();
    expect(cognition.inFlightCount).toBe(6);
    await until(() => server!.requests.length === 6);
    const waiting = [...new Set(server.requests.flatMap((r) => r.agents))].sort((a, b) => a - b);

    cognition.close();
    const t0 = performance.now();
    await cognition.settle();
    expect(performance.now() - t0).toBeLessThan(50);
    expect(cognition.usage()).toMatchObject({ inFlight: 0, cancelled: 6, applied: 0 });
    await until(() => server!.inFlight === 0);
    expect(server.abandoned).toBe(6);

    // The world runs on (e.g. the app's world until it is replaced) with nothing sent or applied.
    const hash = world.stateHash();
    for (let i = 0; i < 20; i++) world.step();
    expect(world.stateHash()).not.toBe(hash);
    expect(server.requests.length).toBe(6);
    expect(cognition.usage().applied).toBe(0);
    // A save made now asks the agents that were waiting first, after a load.
    expect(cognition.save().queue).toEqual(waiting);
  });

  it('a call dropped by a load never takes the place of a newer call with the same number', async () => {
    server = await startFakeLlm('openai', (req) => ({ delayMs: 20_000, then: decisions(req) }));
    const { world, cognition } = worldWith(smallScenario({ thinksPerTick: 1, maxInFlight: 6 }), { source: { kind: 'llm', pool: poolFor('openai', server, { timeoutMs: 60_000 }) }, llmAgents: 6 });
    const saved = cognition.save();
    world.step();
    expect(cognition.inFlightCount).toBe(1);
    // The load aborts that call and numbers requests from the save again: the next call gets its number.
    cognition.load(saved);
    world.step();
    expect(cognition.inFlightCount).toBe(1);
    // The aborted call's failure comes back within a few event-loop turns, and is dropped.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(cognition.inFlightCount).toBe(1);
    expect(cognition.usage().inFlight).toBe(1);
    cognition.close();
  });
});

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
