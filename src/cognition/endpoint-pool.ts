// Reliable calls over one or several endpoints (base URLs) of the same model: per-endpoint rate
// limits (requests and tokens per minute), a circuit breaker per endpoint, a per-attempt timeout,
// retries with exponential backoff and jitter that honour Retry-After, load balancing, and a
// response cache. Everything here is host-side timing: it decides WHEN an answer arrives, never
// what the simulation does with it (that happens at a tick boundary in cognition.ts).

import { Hasher } from '../engine/hash';
import { classifyError, ProviderError, type CallHandle, type ChatRequest, type ChatResponse, type LlmProvider } from './providers/types';

export interface EndpointLimits {
  requestsPerMinute: number;
  tokensPerMinute: number;
}

export interface ReliabilityOptions {
  timeoutMs: number;
  maxRetries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Consecutive failures that open an endpoint's breaker. */
  breakerThreshold: number;
  breakerCooldownMs: number;
  cacheEntries: number;
}

export const DEFAULT_RELIABILITY: ReliabilityOptions = {
  timeoutMs: 30_000,
  maxRetries: 3,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  breakerThreshold: 5,
  breakerCooldownMs: 30_000,
  cacheEntries: 2000,
};

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or at once when `cancel` aborts (its timer then no longer holds the process). */
  sleep(ms: number, cancel?: AbortSignal): Promise<void>;
}

export const wallClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, cancel) =>
    new Promise((resolve) => {
      if (cancel?.aborted) return resolve();
      const wake = () => {
        clearTimeout(timer);
        cancel?.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      cancel?.addEventListener('abort', wake, { once: true });
    }),
};

/** A continuous token bucket: `capacity` per minute, refilled linearly. */
class Bucket {
  private level: number;
  private last: number;
  constructor(
    private readonly perMinute: number,
    now: number,
  ) {
    this.level = perMinute;
    this.last = now;
  }

  private refill(now: number): void {
    if (!Number.isFinite(this.perMinute)) return;
    this.level = Math.min(this.perMinute, this.level + ((now - this.last) * this.perMinute) / 60_000);
    this.last = now;
  }

  has(amount: number, now: number): boolean {
    if (!Number.isFinite(this.perMinute)) return true;
    this.refill(now);
    // A request larger than a whole minute's allowance may go when the bucket is full.
    return this.level >= Math.min(amount, this.perMinute);
  }

  take(amount: number, now: number): void {
    if (!Number.isFinite(this.perMinute)) return;
    this.refill(now);
    this.level -= amount;
  }

  /** Ms until `amount` is available. */
  waitFor(amount: number, now: number): number {
    if (!Number.isFinite(this.perMinute)) return 0;
    this.refill(now);
    const need = Math.min(amount, this.perMinute) - this.level;
    return need <= 0 ? 0 : Math.ceil((need * 60_000) / this.perMinute);
  }
}

export class Endpoint {
  private readonly requests: Bucket;
  private readonly tokens: Bucket;
  private consecutiveFailures = 0;
  private openUntil = 0;
  inFlight = 0;
  /** Set when the breaker opens, cleared when it closes (the pool reports transitions). */
  breakerOpen = false;

  constructor(
    readonly provider: LlmProvider,
    readonly limits: EndpointLimits,
    private readonly clock: Clock,
    private readonly reliability: ReliabilityOptions,
  ) {
    this.requests = new Bucket(limits.requestsPerMinute, clock.now());
    this.tokens = new Bucket(limits.tokensPerMinute, clock.now());
  }

  /** Closed, or half-open after the cooldown (one probe at a time). */
  available(now: number): boolean {
    if (this.consecutiveFailures < this.reliability.breakerThreshold) return true;
    return now >= this.openUntil && this.inFlight === 0;
  }

  hasCapacity(tokens: number, now: number): boolean {
    return this.available(now) && this.requests.has(1, now) && this.tokens.has(tokens, now);
  }

  waitFor(tokens: number, now: number): number {
    return Math.max(this.requests.waitFor(1, now), this.tokens.waitFor(tokens, now));
  }

  take(tokens: number, now: number): void {
    this.requests.take(1, now);
    this.tokens.take(tokens, now);
  }

  succeeded(): void {
    this.consecutiveFailures = 0;
    this.breakerOpen = false;
  }

  failed(err: ProviderError, now: number): void {
    // Only failures that say the endpoint is unwell count toward opening the breaker.
    if (err.kind === 'bad_request' || err.kind === 'empty') return;
    this.consecutiveFailures++;
    if (this.consecutiveFailures >= this.reliability.breakerThreshold) {
      this.openUntil = now + this.reliability.breakerCooldownMs;
      this.breakerOpen = true;
    }
  }
}

export interface CallResult {
  ok: true;
  response: ChatResponse;
  cached: boolean;
  latencyMs: number;
  endpoint: string;
}

export interface CallFailure {
  ok: false;
  error: ProviderError;
  latencyMs: number;
  /** Attempts that reached a server (the budget counts their reservation as unspent). */
  attempts: number;
}

/** Schemas are built once per registry change; their text is computed once per schema object. */
const schemaText = new WeakMap<object, string>();

/**
 * A request's key: the 64-bit digest of everything that makes its answer (model, parameters, schema
 * and both prompts). It keys the response cache and is the request hash in the decision log. A call
 * keeps only this (16 characters), not the ~7 KB text it digests, while it is on its way.
 */
export function requestKey(model: string, request: ChatRequest): string {
  let schema = schemaText.get(request.schema);
  if (schema === undefined) schemaText.set(request.schema, (schema = JSON.stringify(request.schema)));
  return new Hasher().str(JSON.stringify([model, request.temperature, request.maxOutputTokens, request.schemaName, schema, request.system, request.user])).digest();
}

const abortCall = (call: CallHandle<unknown>) => call.abort();

/** A call through the provider's `start` when it has one, else through `chat` with a controller of its own. */
function startCall(provider: LlmProvider, request: ChatRequest): CallHandle<ChatResponse> {
  if (provider.start) return provider.start(request);
  const controller = new AbortController();
  return {
    answer: provider.chat(request, controller.signal),
    get aborted() {
      return controller.signal.aborted;
    },
    abort: () => controller.abort(),
  };
}

export class EndpointPool {
  readonly endpoints: Endpoint[];
  private readonly cache = new Map<string, ChatResponse>();
  private next = 0;
  /** Called when an endpoint's breaker opens or closes (for the log). */
  onBreaker: ((endpoint: string, open: boolean) => void) | null = null;

  constructor(
    providers: LlmProvider[],
    limits: EndpointLimits | EndpointLimits[],
    readonly reliability: ReliabilityOptions = DEFAULT_RELIABILITY,
    readonly secrets: readonly string[] = [],
    private readonly clock: Clock = wallClock,
  ) {
    if (providers.length === 0) throw new Error('an endpoint pool needs at least one provider');
    this.endpoints = providers.map((p, i) => new Endpoint(p, Array.isArray(limits) ? limits[i] ?? limits[0] : limits, clock, reliability));
  }

  get model(): string {
    return this.endpoints[0].provider.model;
  }

  get vendor(): string {
    return this.endpoints[0].provider.vendor;
  }

  get inFlight(): number {
    let n = 0;
    for (const e of this.endpoints) n += e.inFlight;
    return n;
  }

  /** `key`: the request's requestKey, when the caller has it already. */
  cached(request: ChatRequest, key = requestKey(this.model, request)): ChatResponse | undefined {
    return this.cache.get(key);
  }

  /** Whether some endpoint could take a request of this size now (realtime mode never queues inside). */
  hasCapacity(tokens: number): boolean {
    const now = this.clock.now();
    return this.endpoints.some((e) => e.hasCapacity(tokens, now));
  }

  /** Least loaded endpoint with capacity, round-robin among equals; null if none. */
  private pick(tokens: number): Endpoint | null {
    const now = this.clock.now();
    let best: Endpoint | null = null;
    for (let i = 0; i < this.endpoints.length; i++) {
      const e = this.endpoints[(this.next + i) % this.endpoints.length];
      if (!e.hasCapacity(tokens, now)) continue;
      if (!best || e.inFlight < best.inFlight) best = e;
    }
    if (best) this.next = (this.endpoints.indexOf(best) + 1) % this.endpoints.length;
    return best;
  }

  /**
   * Call with retries. Never throws: failures come back as CallFailure with a scrubbed message.
   * `cancel` (the run's signal) aborts the call on the wire and stops its retries. `key`: the
   * request's requestKey, when the caller has it already.
   */
  async call(request: ChatRequest, estimatedTokens: number, cancel?: AbortSignal, key = requestKey(this.model, request)): Promise<CallResult | CallFailure> {
    const hit = this.cache.get(key);
    if (hit) return { ok: true, response: hit, cached: true, latencyMs: 0, endpoint: 'cache' };
    const t0 = this.clock.now();
    let attempts = 0;
    // Errors (with their stack traces) are made on failure only: a call kept none while waiting.
    let lastError: ProviderError | null = null;
    const cancelled = () => new ProviderError('cancelled', 'the run ended before the answer came');
    for (let attempt = 0; attempt <= this.reliability.maxRetries; attempt++) {
      if (cancel?.aborted) return { ok: false, error: cancelled(), latencyMs: this.clock.now() - t0, attempts };
      const endpoint = await this.acquire(estimatedTokens, cancel);
      if (!endpoint) break;
      attempts++;
      const result = await this.attempt(endpoint, request, cancel);
      if (cancel?.aborted) return { ok: false, error: cancelled(), latencyMs: this.clock.now() - t0, attempts };
      if (result instanceof ProviderError) {
        lastError = result;
        endpoint.failed(result, this.clock.now());
        if (endpoint.breakerOpen) this.onBreaker?.(endpoint.provider.endpoint, true);
        if (!result.retryable || attempt === this.reliability.maxRetries) break;
        await this.clock.sleep(this.backoff(attempt, result.retryAfterMs), cancel);
        continue;
      }
      const wasOpen = endpoint.breakerOpen;
      endpoint.succeeded();
      if (wasOpen) this.onBreaker?.(endpoint.provider.endpoint, false);
      if (this.reliability.cacheEntries > 0) {
        if (this.cache.size >= this.reliability.cacheEntries) this.cache.delete(this.cache.keys().next().value!);
        this.cache.set(key, result);
      }
      return { ok: true, response: result, cached: false, latencyMs: this.clock.now() - t0, endpoint: endpoint.provider.endpoint };
    }
    return { ok: false, error: lastError ?? new ProviderError('circuit_open', 'every endpoint is unavailable (circuit breaker open)'), latencyMs: this.clock.now() - t0, attempts };
  }

  /**
   * An endpoint with capacity, waiting for rate-limit room if needed (lockstep mode and retries
   * wait; realtime mode checks hasCapacity before calling). Null when every breaker is open.
   */
  private async acquire(tokens: number, cancel?: AbortSignal): Promise<Endpoint | null> {
    for (;;) {
      if (cancel?.aborted) return null;
      const e = this.pick(tokens);
      if (e) {
        e.take(tokens, this.clock.now());
        return e;
      }
      const now = this.clock.now();
      const open = this.endpoints.every((x) => !x.available(now) && x.inFlight === 0);
      if (open) return null;
      const wait = Math.min(...this.endpoints.map((x) => x.waitFor(tokens, now)));
      await this.clock.sleep(Math.max(10, Math.min(wait, 1000)), cancel);
    }
  }

  private async attempt(endpoint: Endpoint, request: ChatRequest, cancel?: AbortSignal): Promise<ChatResponse | ProviderError> {
    const call = startCall(endpoint.provider, request);
    const timer = setTimeout(abortCall, this.reliability.timeoutMs, call);
    this.watch(cancel, call);
    endpoint.inFlight++;
    try {
      return await call.answer;
    } catch (err) {
      return classifyError(err, this.secrets, call.aborted);
    } finally {
      clearTimeout(timer);
      if (cancel) this.onCancel.get(cancel)?.delete(call);
      endpoint.inFlight--;
    }
  }

  /**
   * Calls on their way by the cancel signal they obey, with one listener per signal rather than one
   * per call (1,000 calls on one run signal: no listener each, and no O(n) removal per answer).
   */
  private readonly onCancel = new WeakMap<AbortSignal, Set<CallHandle<ChatResponse>>>();

  private watch(cancel: AbortSignal | undefined, call: CallHandle<ChatResponse>): void {
    if (!cancel) return;
    if (cancel.aborted) return call.abort();
    let calls = this.onCancel.get(cancel);
    if (!calls) {
      const all = (calls = new Set());
      this.onCancel.set(cancel, all);
      cancel.addEventListener('abort', () => all.forEach(abortCall), { once: true });
    }
    calls.add(call);
  }

  /** Resolves when every endpoint can send (hosts await it before the first tick). */
  async ready(): Promise<void> {
    await Promise.all(this.endpoints.map((e) => e.provider.ready?.()));
  }

  /** Release the providers (their thread and connections); call after the run's signal is aborted. */
  close(): void {
    for (const e of this.endpoints) e.provider.close?.();
  }

  /** Retry-After when the server gave one, else exponential backoff with full jitter. */
  private backoff(attempt: number, retryAfterMs: number | undefined): number {
    if (retryAfterMs !== undefined) return Math.min(retryAfterMs, this.reliability.backoffMaxMs);
    const cap = Math.min(this.reliability.backoffMaxMs, this.reliability.backoffBaseMs * 2 ** attempt);
    // Jitter spreads retries of many agents; it only shifts timing, never simulation state,
    // so a non-simulation random source is right here.
    return cap / 2 + Math.random() * (cap / 2);
  }
}
