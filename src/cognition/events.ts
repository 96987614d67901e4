// Cognition's events (declaration merging onto the engine's EventMap). Host-facing: they report
// the LLM side (budget, providers) and are not part of the state hash.

export {};

declare module '../engine/events' {
  interface EventMap {
    llmBudgetExhausted: { spentTokens: number; spentUsd: number; reason: string };
    llmProvider: { endpoint: string; status: 'down' | 'up' };
    /**
     * One LLM decision answer for one agent, screened: accepted (it waits for the agent to be idle;
     * the rules still judge it then) or rejected with the reason. Tokens, cost and latency are the
     * agent's share of its (possibly batched) request; a cached or replayed answer costs nothing.
     */
    llmDecision: { agent: number; provider: string; model: string; tokensIn: number; tokensOut: number; costUsd: number; latencyMs: number; cached: boolean; accepted: boolean; reason?: string };
  }
}
