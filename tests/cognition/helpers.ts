// Building small worlds with LLM cognition against the fake vendor servers.

import { Cognition, type CognitionOptions } from '../../src/cognition/cognition';
import { EndpointPool, DEFAULT_RELIABILITY, type ReliabilityOptions, type EndpointLimits } from '../../src/cognition/endpoint-pool';
import { AnthropicProvider } from '../../src/cognition/providers/anthropic';
import { GeminiProvider } from '../../src/cognition/providers/gemini';
import { OpenAiProvider } from '../../src/cognition/providers/openai';
import type { LlmProvider } from '../../src/cognition/providers/types';
import type { World } from '../../src/engine/world';
import { IDLE } from '../../src/society/actions';
import { Action } from '../../src/society/components';
import { createSociety } from '../../src/society/create';
import { parseScenario, type Scenario } from '../../src/society/scenario';
import type { FakeServer, Vendor } from './fake-llm-server';

/** Never a real key: the tests check it never leaks into errors, logs or saves. */
export const FAKE_KEY = 'test-key-not-real';

export const MODELS: Record<Vendor, string> = { openai: 'gpt-4o-mini', anthropic: 'claude-haiku-4-5', gemini: 'gemini-2.5-flash' };

export function providerFor(vendor: Vendor, server: FakeServer): LlmProvider {
  if (vendor === 'openai') return new OpenAiProvider({ model: MODELS.openai, apiKey: FAKE_KEY, baseURL: server.baseURL });
  if (vendor === 'anthropic') return new AnthropicProvider({ model: MODELS.anthropic, apiKey: FAKE_KEY, baseURL: server.baseURL });
  return new GeminiProvider({ model: MODELS.gemini, apiKey: FAKE_KEY, baseURL: server.baseURL });
}

export const UNLIMITED: EndpointLimits = { requestsPerMinute: Infinity, tokensPerMinute: Infinity };

export function poolFor(vendor: Vendor, servers: FakeServer | FakeServer[], reliability: Partial<ReliabilityOptions> = {}, limits: EndpointLimits | EndpointLimits[] = UNLIMITED): EndpointPool {
  const list = Array.isArray(servers) ? servers : [servers];
  return new EndpointPool(list.map((s) => providerFor(vendor, s)), limits, { ...DEFAULT_RELIABILITY, timeoutMs: 2000, backoffBaseMs: 20, backoffMaxMs: 3000, ...reliability }, [FAKE_KEY]);
}

export function smallScenario(cognition: Partial<Scenario['cognition']> = {}, agents = 12): Scenario {
  return parseScenario({ name: 'cognition-test', seed: 7, agents, world: { width: 20, height: 20 }, cognition });
}

/** Agents left without an action after the decide phase, summed over ticks (must stay 0: nobody waits on the network). */
export const idleAfterDecide = new WeakMap<World, number>();

export function worldWith(scenario: Scenario, options: CognitionOptions): { world: World; cognition: Cognition } {
  const cognition = new Cognition(scenario, options);
  const world = createSociety(scenario, { plugins: [cognition.plugin()] });
  idleAfterDecide.set(world, 0);
  world.addSystem({
    name: 'test-probe',
    phase: 'decide',
    run(w) {
      const kind = w.store(Action).kind;
      let idle = 0;
      for (const e of w.entities.alive()) if (kind[e] === IDLE) idle++;
      idleAfterDecide.set(w, idleAfterDecide.get(w)! + idle);
    },
  });
  return { world, cognition };
}

/** Lockstep: step, then wait for every answer requested in that tick. */
export async function runLockstep(world: World, cognition: Cognition, ticks: number): Promise<void> {
  for (let i = 0; i < ticks; i++) {
    world.step();
    await cognition.settle();
  }
}
