// What LLM calls cost: per provider and model, requests, tokens, cache hits, failures by kind,
// latency percentiles and estimated money; and the hard budget per run. Host-side figures: they
// are saved with the cognition section but never hashed (latency is wall-clock).

import type { FailureKind } from './providers/types';

/** US dollars per million tokens. */
export interface Price {
  inputPerMTok: number;
  outputPerMTok: number;
}

/** Model-name prefixes to prices; the longest matching prefix wins. Configurable per run. */
export const DEFAULT_PRICES: Readonly<Record<string, Price>> = {
  'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 },
  'gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6 },
  'gpt-4.1-nano': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  'gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8 },
  'gpt-5-mini': { inputPerMTok: 0.25, outputPerMTok: 2 },
  'gpt-5-nano': { inputPerMTok: 0.05, outputPerMTok: 0.4 },
  'gpt-5': { inputPerMTok: 1.25, outputPerMTok: 10 },
  'claude-haiku': { inputPerMTok: 1, outputPerMTok: 5 },
  'claude-sonnet': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-opus': { inputPerMTok: 15, outputPerMTok: 75 },
  'gemini-2.5-flash-lite': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  'gemini-2.5-flash': { inputPerMTok: 0.3, outputPerMTok: 2.5 },
  'gemini-2.5-pro': { inputPerMTok: 1.25, outputPerMTok: 10 },
};

export function priceOf(model: string, table: Readonly<Record<string, Price>>): Price {
  let best: Price = { inputPerMTok: 0, outputPerMTok: 0 };
  let bestLen = -1;
  for (const [prefix, price] of Object.entries(table)) {
    if (model.startsWith(prefix) && prefix.length > bestLen) {
      best = price;
      bestLen = prefix.length;
    }
  }
  return best;
}

export function costUsd(price: Price, tokensIn: number, tokensOut: number): number {
  return (tokensIn * price.inputPerMTok + tokensOut * price.outputPerMTok) / 1e6;
}

const LATENCY_SAMPLES = 2048;

export interface UsageFigures {
  requests: number;
  succeeded: number;
  decisionRequests: number;
  decisions: number;
  tokensIn: number;
  tokensOut: number;
  cacheHits: number;
  failures: Partial<Record<FailureKind, number>>;
  rejected: number;
  rejectedByReason: Record<string, number>;
  latencyMsP50: number;
  latencyMsP95: number;
  costUsd: number;
  decisionsPerRequest: number;
  tokensPerDecision: number;
}

/** Figures of one provider + model. */
export class Usage {
  requests = 0;
  succeeded = 0;
  /** Answered decision requests (not reflections or conversation turns): decisions per request = decisions / this. */
  decisionRequests = 0;
  decisions = 0;
  tokensIn = 0;
  tokensOut = 0;
  cacheHits = 0;
  costUsd = 0;
  rejected = 0;
  readonly failures: Partial<Record<FailureKind, number>> = {};
  readonly rejectedByReason: Record<string, number> = {};
  /** A ring of recent latencies: percentiles over the last LATENCY_SAMPLES calls. */
  private readonly latencies: number[] = [];
  private latencyAt = 0;

  latency(ms: number): void {
    if (this.latencies.length < LATENCY_SAMPLES) this.latencies.push(ms);
    else this.latencies[this.latencyAt++ % LATENCY_SAMPLES] = ms;
  }

  fail(kind: FailureKind): void {
    this.failures[kind] = (this.failures[kind] ?? 0) + 1;
  }

  reject(reasonKind: string): void {
    this.rejected++;
    this.rejectedByReason[reasonKind] = (this.rejectedByReason[reasonKind] ?? 0) + 1;
  }

  figures(): UsageFigures {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0);
    return {
      requests: this.requests,
      succeeded: this.succeeded,
      decisionRequests: this.decisionRequests,
      decisions: this.decisions,
      tokensIn: this.tokensIn,
      tokensOut: this.tokensOut,
      cacheHits: this.cacheHits,
      failures: { ...this.failures },
      rejected: this.rejected,
      rejectedByReason: { ...this.rejectedByReason },
      latencyMsP50: Math.round(pct(0.5)),
      latencyMsP95: Math.round(pct(0.95)),
      costUsd: Math.round(this.costUsd * 1e6) / 1e6,
      decisionsPerRequest: this.decisionRequests ? Math.round((this.decisions / this.decisionRequests) * 100) / 100 : 0,
      tokensPerDecision: this.decisions ? Math.round((this.tokensIn + this.tokensOut) / this.decisions) : 0,
    };
  }

  load(f: UsageFigures): void {
    this.requests = f.requests;
    this.succeeded = f.succeeded;
    this.decisionRequests = f.decisionRequests;
    this.decisions = f.decisions;
    this.tokensIn = f.tokensIn;
    this.tokensOut = f.tokensOut;
    this.cacheHits = f.cacheHits;
    this.costUsd = f.costUsd;
    this.rejected = f.rejected;
    Object.assign(this.failures, f.failures);
    Object.assign(this.rejectedByReason, f.rejectedByReason);
  }
}

/** Usage by "vendor:model" key. */
export class Accounts {
  private readonly byKey = new Map<string, Usage>();

  of(key: string): Usage {
    let u = this.byKey.get(key);
    if (!u) this.byKey.set(key, (u = new Usage()));
    return u;
  }

  figures(): Record<string, UsageFigures> {
    return Object.fromEntries([...this.byKey].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, u]) => [k, u.figures()]));
  }

  load(data: Record<string, UsageFigures>): void {
    this.byKey.clear();
    for (const [k, f] of Object.entries(data)) this.of(k).load(f);
  }
}

export interface BudgetLimits {
  /** Total tokens in + out for the run; Infinity for none. */
  tokens: number;
  usd: number;
}

/**
 * The hard budget. A request is sent only if what is spent, plus what requests in flight may still
 * spend (their reservation: estimated prompt + the output cap), plus its own reservation fits. So
 * spending never passes the limit as long as servers honour the output cap.
 */
export class Budget {
  spentTokens = 0;
  spentUsd = 0;
  private reservedTokens = 0;
  private reservedUsd = 0;
  exhausted = false;

  constructor(readonly limits: BudgetLimits) {}

  tryReserve(tokens: number, usd: number): boolean {
    if (this.spentTokens + this.reservedTokens + tokens > this.limits.tokens) return false;
    if (this.spentUsd + this.reservedUsd + usd > this.limits.usd + 1e-12) return false;
    this.reservedTokens += tokens;
    this.reservedUsd += usd;
    return true;
  }

  /** Replace a reservation by what was actually spent (0 for a call that never reached a model). */
  settle(reservedTokens: number, reservedUsd: number, tokens: number, usd: number): void {
    this.reservedTokens -= reservedTokens;
    this.reservedUsd -= reservedUsd;
    this.spentTokens += tokens;
    this.spentUsd += usd;
  }

  get inFlightReserved(): number {
    return this.reservedTokens;
  }
}
