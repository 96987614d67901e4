// Cognition's events (declaration merging onto the engine's EventMap). Host-facing: they report
// the LLM side (budget, providers) and are not part of the state hash.

export {};

declare module '../engine/events' {
  interface EventMap {
    llmBudgetExhausted: { spentTokens: number; spentUsd: number; reason: string };
    llmProvider: { endpoint: string; status: 'down' | 'up' };
  }
}
