// LLM brains for a new world from the New World dialog: the same cognition the command line
// builds (src/cli/cognition-options.ts), in realtime mode so the worker's ticks never wait for the
// network. The API key goes from the dialog (or the Electron key store) straight into the
// providers here; it is never part of the world or a save.

import { parseBrainSpec } from '../../cognition/brain-spec';
import { CognitionKey, type Cognition } from '../../cognition/cognition';
import { createCognitionFromSpec } from '../../cognition/setup';
import type { World } from '../../engine/world';
import type { Scenario } from '../../society/scenario';
import type { NewWorldConfig } from '../protocol';

export function brainSpecText(llm: NewWorldConfig['llm']): string {
  const model = llm.model.trim();
  if (!model) throw new Error('LLM agents need a model name');
  const url = llm.baseUrl.trim();
  if (llm.provider === 'openai-compatible' && !url) throw new Error('an OpenAI-compatible provider needs a base URL (e.g. http://127.0.0.1:8000/v1)');
  return url ? `${llm.provider}:${model}@${url}` : `${llm.provider}:${model}`;
}

export function createBrains(scenario: Scenario, llm: NewWorldConfig['llm']): Cognition {
  const spec = parseBrainSpec(brainSpecText(llm));
  if (spec.kind !== 'llm') throw new Error(`unsupported brain "${spec.kind}" for the app`);
  return createCognitionFromSpec(scenario, spec, {
    mode: 'realtime',
    llmAgents: Math.min(llm.agents, scenario.agents),
    keys: llm.apiKey ? { [spec.vendor]: llm.apiKey } : {},
    budgetUsd: llm.budgetDollars > 0 ? llm.budgetDollars : undefined,
    overrides: { thinksPerTick: llm.thinksPerTick },
  });
}

/** A world being replaced (new world, load): abort its LLM calls, so that no late answer is waited for or applied. */
export function stopBrains(world: World | undefined): void {
  if (world?.hasResource(CognitionKey)) world.resource(CognitionKey).close();
}
