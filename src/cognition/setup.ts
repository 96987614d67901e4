// From a brain spec and host settings to a ready Cognition: providers per base URL, the endpoint
// pool with its limits, keys resolved from settings or the environment (never stored elsewhere),
// or a replay log. Hosts (CLI, app) call this; file reading stays in the host.

import type { Scenario } from '../society/scenario';
import type { Price } from './accounting';
import { BrainSpecError, makeProviders, resolveKey, type BrainSpec } from './brain-spec';
import { EmbeddingCache } from './embeddings';
import type { ThreadSetup } from './http-thread';
import { Cognition, type CognitionMode, type CognitionOptions } from './cognition';
import { DEFAULT_RELIABILITY, EndpointPool, type EndpointLimits, type ReliabilityOptions } from './endpoint-pool';
import type { LlmProvider, Vendor } from './providers/types';
import type { RecordLine, ReplayLog } from './record';

export interface CognitionSettings {
  mode?: CognitionMode;
  llmAgents?: number;
  /** API keys by vendor (the app's settings); the environment is used for the rest. */
  keys?: Partial<Record<Vendor, string>>;
  env?: Record<string, string | undefined>;
  /** Per endpoint (one entry per base URL, or one for all). */
  limits?: EndpointLimits | EndpointLimits[];
  reliability?: Partial<ReliabilityOptions>;
  budgetTokens?: number;
  budgetUsd?: number;
  prices?: Record<string, Price>;
  overrides?: CognitionOptions['overrides'];
  record?: (line: RecordLine) => void;
  log?: (line: string) => void;
  /** Embedding model for memory relevance (OpenAI-compatible and Gemini; Anthropic has none). */
  embeddingModel?: string;
  /**
   * Where the SDK clients run: here (default), or e.g. on their own thread (`threadedProviders` from
   * http-thread.ts, which Node hosts such as the CLI pass; this module stays free of Node imports).
   */
  transport?: (setup: ThreadSetup, local: LlmProvider[]) => LlmProvider[];
}

export const DEFAULT_LIMITS: EndpointLimits = { requestsPerMinute: 600, tokensPerMinute: 2_000_000 };

export function createCognitionFromSpec(scenario: Scenario, spec: Exclude<BrainSpec, { kind: 'heuristic' }>, settings: CognitionSettings, replay?: ReplayLog): Cognition {
  const common = {
    mode: settings.mode,
    budget: { tokens: settings.budgetTokens, usd: settings.budgetUsd },
    prices: settings.prices,
    overrides: settings.overrides,
    record: settings.record,
    log: settings.log,
  };
  if (spec.kind === 'replay') {
    if (!replay) throw new Error('replay brain: the decision log was not loaded');
    return new Cognition(scenario, { ...common, source: { kind: 'replay', log: replay }, llmAgents: replay.header.llmAgents });
  }
  const key = resolveKey(spec.vendor, settings.keys, settings.env ?? {});
  const local = makeProviders(spec, key, settings.embeddingModel);
  if (settings.embeddingModel && !local[0].embed) throw new BrainSpecError(`${spec.vendor} has no embeddings API: leave out the embedding model`);
  const providers = settings.transport ? settings.transport({ spec, apiKey: key, embeddingModel: settings.embeddingModel }, local) : local;
  const pool = new EndpointPool(providers, settings.limits ?? DEFAULT_LIMITS, { ...DEFAULT_RELIABILITY, ...settings.reliability }, [key]);
  const embed = providers[0].embed;
  const embeddings = settings.embeddingModel && embed ? new EmbeddingCache(embed) : undefined;
  return new Cognition(scenario, { ...common, source: { kind: 'llm', pool }, llmAgents: settings.llmAgents ?? scenario.agents, embeddings });
}
