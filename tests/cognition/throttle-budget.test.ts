// Throttling and the budget: never more requests in flight or new thinks per tick than configured,
// per-endpoint rate limits across load-balanced base URLs, and a hard budget that stops spending
// exactly where the next request would not fit, then tells the user and leaves agents heuristic.

import { afterEach, describe, expect, it } from 'vitest';
import { estimateTokens } from '../../src/cognition/prompt';
import { decisions, startFakeLlm, type FakeServer } from './fake-llm-server';
import { idleAfterDecide, poolFor, runLockstep, smallScenario, worldWith } from './helpers';

let servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function server(delayMs: number, tokensIn = 100, tokensOut = 20): Promise<FakeServer> {
  const s = await startFakeLlm('openai', (req) => ({ delayMs, then: { ...(decisions(req) as { json: unknown }), tokensIn, tokensOut } }));
  servers.push(s);
  return s;
}

describe('throttling', () => {
  it('never has more requests in flight, or more new thinks per tick, than configured', async () => {
    const s = await server(40);
    const { world, cognition } = worldWith(smallScenario({ thinksPerTick: 5, maxInFlight: 3, cooldownTicks: 0 }, 60), { source: { kind: 'llm', pool: poolFor('openai', s) }, llmAgents: 60, mode: 'realtime' });
    let lastRequests = 0;
    let maxPerTick = 0;
    for (let t = 0; t < 80; t++) {
      world.step();
      const requests = Object.values(cognition.usage().byModel)[0]?.requests ?? 0;
      maxPerTick = Math.max(maxPerTick, requests - lastRequests);
      lastRequests = requests;
      expect(cognition.inFlightCount).toBeLessThanOrEqual(3);
      await new Promise((r) => setTimeout(r, 5));
    }
    await cognition.settle();
    expect(maxPerTick).toBe(3); // in-flight cap binds before the per-tick cap
    expect(s.maxInFlight).toBeLessThanOrEqual(3);
    expect(s.requests.length).toBeGreaterThan(10);
    expect(idleAfterDecide.get(world)).toBe(0);
  });

  it('caps new thinks per tick (a batched request counts each agent)', async () => {
    const s = await server(0);
    const { world, cognition } = worldWith(smallScenario({ thinksPerTick: 4, maxInFlight: 100, batchSize: 3, cooldownTicks: 0 }, 40), { source: { kind: 'llm', pool: poolFor('openai', s) }, llmAgents: 40, mode: 'lockstep' });
    for (let t = 0; t < 10; t++) {
      const before = s.requests.length;
      world.step();
      await cognition.settle();
      const agents = s.requests.slice(before).reduce((n, r) => n + r.agents.length, 0);
      expect(agents).toBeLessThanOrEqual(4);
      expect(agents).toBeGreaterThan(0);
    }
  });

  it('keeps each endpoint within its own requests-per-minute and balances across base URLs', async () => {
    const a = await server(0);
    const b = await server(0);
    const pool = poolFor('openai', [a, b], {}, [
      { requestsPerMinute: 3, tokensPerMinute: Infinity },
      { requestsPerMinute: 5, tokensPerMinute: Infinity },
    ]);
    const { world, cognition } = worldWith(smallScenario({ thinksPerTick: 50, maxInFlight: 50, cooldownTicks: 0 }, 30), { source: { kind: 'llm', pool }, llmAgents: 30, mode: 'realtime' });
    for (let t = 0; t < 10; t++) {
      world.step();
      await new Promise((r) => setTimeout(r, 2));
    }
    await cognition.settle();
    // Buckets start full and refill at 3 and 5 per minute: within a second at most one more each.
    expect(a.requests.length).toBeGreaterThanOrEqual(3);
    expect(a.requests.length).toBeLessThanOrEqual(4);
    expect(b.requests.length).toBeGreaterThanOrEqual(5);
    expect(b.requests.length).toBeLessThanOrEqual(6);
  });
});

describe('budget', () => {
  it('stops spending tokens exactly where the next request would not fit, tells the user, and agents go on heuristically', async () => {
    const s = await server(0, 100, 20);
    const logs: string[] = [];
    const sc = smallScenario({ thinksPerTick: 1, outputTokensPerDecision: 50, cooldownTicks: 0 }, 12);
    const { world, cognition } = worldWith(sc, { source: { kind: 'llm', pool: poolFor('openai', s, { cacheEntries: 0 }) }, llmAgents: 4, mode: 'lockstep', budget: { tokens: 2000 }, log: (l) => logs.push(l) });
    // Reproduce the rule: a request reserves its estimated prompt plus its output cap, and is sent
    // only if spent + reservation fits; each answer then costs the 120 tokens the server reports.
    let spent = 0;
    let expected = 0;
    for (let t = 0; t < 40 && !cognition.budget.exhausted; t++) {
      const before = s.requests.length;
      world.step();
      await cognition.settle();
      for (const r of s.requests.slice(before)) {
        const reserve = estimateTokens((r.body.messages as { content: string }[])[0].content) + estimateTokens((r.body.messages as { content: string }[])[1].content) + 50;
        expect(spent + reserve).toBeLessThanOrEqual(2000);
        spent += 120;
        expected++;
      }
    }
    expect(cognition.budget.exhausted).toBe(true);
    expect(s.requests.length).toBe(expected);
    expect(cognition.budget.spentTokens).toBe(spent);
    expect(cognition.budget.spentTokens).toBeLessThanOrEqual(2000);
    const sent = s.requests.length;
    await runLockstep(world, cognition, 20);
    expect(s.requests.length).toBe(sent); // not one more
    expect(logs.filter((l) => /budget spent/.test(l))).toHaveLength(1);
    expect(world.events.count('llmBudgetExhausted')).toBe(1);
    expect(cognition.usage().budget).toMatchObject({ exhausted: true, limitTokens: 2000, spentTokens: spent });
    expect(idleAfterDecide.get(world)).toBe(0);
  });

  it('stops at a money budget computed from the price table', async () => {
    const s = await server(0, 1000, 100);
    const sc = smallScenario({ thinksPerTick: 2, outputTokensPerDecision: 100, cooldownTicks: 0 }, 12);
    const prices = { 'gpt-4o-mini': { inputPerMTok: 1, outputPerMTok: 2 } }; // $0.0012 per answer
    const { world, cognition } = worldWith(sc, { source: { kind: 'llm', pool: poolFor('openai', s, { cacheEntries: 0 }) }, llmAgents: 6, mode: 'lockstep', budget: { usd: 0.01 }, prices });
    await runLockstep(world, cognition, 30);
    expect(cognition.budget.exhausted).toBe(true);
    const u = cognition.usage();
    expect(s.requests.length).toBeGreaterThan(2);
    expect(u.budget.spentUsd).toBeLessThanOrEqual(0.01);
    expect(u.budget.spentUsd).toBeCloseTo(s.requests.length * 0.0012, 9);
    expect(Object.values(u.byModel)[0].costUsd).toBeCloseTo(u.budget.spentUsd, 9);
  });

  it('serves a repeated prompt from the cache without spending, and never caches failures', async () => {
    let fail = true;
    const s = await startFakeLlm('openai', (req) => (fail ? { status: 500 } : decisions(req)));
    servers.push(s);
    const pool = poolFor('openai', s, { maxRetries: 0, breakerThreshold: 100 });
    const request = { system: 'sys', user: '## Person 3: x', schemaName: 'decisions', schema: { type: 'object' }, maxOutputTokens: 50, temperature: 0 };
    expect((await pool.call(request, 60)).ok).toBe(false);
    fail = false;
    const first = await pool.call(request, 60);
    const second = await pool.call(request, 60);
    expect(first.ok && !first.cached).toBe(true);
    expect(second.ok && second.cached).toBe(true);
    expect(s.requests).toHaveLength(2);
    expect((await pool.call({ ...request, temperature: 0.5 }, 60)).ok && s.requests.length === 3).toBe(true); // parameters are part of the key
  });

  it('opens the circuit breaker after repeated failures, so a dead provider costs nothing and stalls nothing', async () => {
    const s = await startFakeLlm('openai', () => ({ status: 503 }));
    servers.push(s);
    const logs: string[] = [];
    const { world, cognition } = worldWith(smallScenario({ thinksPerTick: 3, cooldownTicks: 0 }, 12), { source: { kind: 'llm', pool: poolFor('openai', s, { maxRetries: 0, breakerThreshold: 3, breakerCooldownMs: 60_000 }) }, llmAgents: 6, mode: 'lockstep', log: (l) => logs.push(l) });
    await runLockstep(world, cognition, 20);
    expect(s.requests.length).toBe(3);
    expect(logs.some((l) => /down \(circuit open\)/.test(l))).toBe(true);
    expect(world.tick).toBe(20);
    expect(idleAfterDecide.get(world)).toBe(0);
  });
});
