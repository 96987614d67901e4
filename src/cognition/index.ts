// Cognition's public surface (re-exported by src/index.ts).

export { Cognition, CognitionKey, createCognition, type CognitionMode, type CognitionOptions } from './cognition';
export { createCognitionFromSpec, DEFAULT_LIMITS, type CognitionSettings } from './setup';
export { parseBrainSpec, resolveKey, makeProviders, BrainSpecError, KEY_ENV, type BrainSpec } from './brain-spec';
export { EndpointPool, DEFAULT_RELIABILITY, type EndpointLimits, type ReliabilityOptions } from './endpoint-pool';
export { Accounts, Budget, DEFAULT_PRICES, priceOf, type Price, type UsageFigures } from './accounting';
export { EmbeddingCache, cosine } from './embeddings';
export { MemoryStore, DEFAULT_MEMORY_LIMITS, type Memory, type MemoryKind, type MemoryLimits } from './memory';
export { ReplayLog, RecordError, type RecordLine } from './record';
export { parseDecisionAnswer, decisionJsonSchema, injectionIn } from './decision';
export { agentBlock, decisionSystemPrompt, decisionUserPrompt, estimateTokens } from './prompt';
export { OpenAiProvider } from './providers/openai';
export { AnthropicProvider } from './providers/anthropic';
export { GeminiProvider } from './providers/gemini';
export { ProviderError, redact, type LlmProvider, type ChatRequest, type ChatResponse, type Vendor } from './providers/types';
