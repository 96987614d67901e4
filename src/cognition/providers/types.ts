// The provider interface every vendor adapter implements, and the one place errors are classified
// and scrubbed of secrets. Adapters call their vendor's SDK with its own retries switched off:
// retries, timeouts, rate limits and the circuit breaker live in endpoint-pool.ts.

export type Vendor = 'openai' | 'openai-compatible' | 'anthropic' | 'gemini';

export interface ChatRequest {
  system: string;
  user: string;
  /** Name of the structured-output schema (OpenAI json_schema name, Anthropic tool name). */
  schemaName: string;
  /** JSON Schema the answer must follow. */
  schema: Record<string, unknown>;
  maxOutputTokens: number;
  temperature: number;
}

export interface ChatResponse {
  /** The structured answer as JSON text (not yet parsed or trusted). */
  text: string;
  tokensIn: number;
  tokensOut: number;
}

export interface LlmProvider {
  readonly vendor: Vendor;
  readonly model: string;
  /** Base URL (for the accounting key and logs; never holds a key). */
  readonly endpoint: string;
  chat(request: ChatRequest, signal: AbortSignal): Promise<ChatResponse>;
  /**
   * The same call, aborted by calling `abort()` rather than through an AbortSignal (optional: the
   * HTTP thread's proxies have it). With a thousand calls on their way, a controller and an abort
   * listener per call were ~1 KB and ~7 µs each on the simulation's thread.
   */
  start?(request: ChatRequest): CallHandle<ChatResponse>;
  /** Embedding vectors for memory relevance (optional: Anthropic has no embeddings API). */
  embed?(texts: string[], signal: AbortSignal): Promise<number[][]>;
  /** Resolves when the provider can send (e.g. its thread has started); absent: at once. */
  ready?(): Promise<void>;
  /** Release what the provider holds (a thread, sockets); later calls fail. */
  close?(): void;
}

/** A call on its way: its answer, and how to abort it (the answer then fails; `aborted` says so). */
export interface CallHandle<T> {
  readonly answer: Promise<T>;
  readonly aborted: boolean;
  abort(): void;
}

/** `cancelled`: the run ended (or the host stopped it) while the call was on its way. */
export type FailureKind = 'rate_limit' | 'server' | 'timeout' | 'network' | 'auth' | 'bad_request' | 'circuit_open' | 'empty' | 'cancelled';

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
    /** Server-requested wait before retrying (Retry-After header or Gemini RetryInfo). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.kind === 'rate_limit' || this.kind === 'server' || this.kind === 'timeout' || this.kind === 'network' || this.kind === 'empty';
  }
}

/** Replace every known secret in a text (keys given to providers are registered here). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  // Key-shaped tokens we were never told about (e.g. echoed by a proxy) are scrubbed too.
  return out.replace(/\b(sk-[A-Za-z0-9_-]{8,}|sk-ant-[A-Za-z0-9_-]{8,}|AIza[0-9A-Za-z_-]{20,})\b/g, '[redacted]');
}

/** Parse a Retry-After header (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - nowMs) : undefined;
}

/** Classify anything an SDK throws into a ProviderError whose message holds no secret. */
export function classifyError(err: unknown, secrets: readonly string[], aborted: boolean): ProviderError {
  if (err instanceof ProviderError) return new ProviderError(err.kind, redact(err.message, secrets), err.status, err.retryAfterMs);
  const e = err as { status?: unknown; headers?: unknown; message?: unknown; name?: unknown; code?: unknown };
  const raw = typeof e?.message === 'string' ? e.message : String(err);
  const message = redact(raw, secrets).slice(0, 300);
  if (aborted || e?.name === 'AbortError' || /abort|timed? ?out/i.test(String(e?.name)) || /request was aborted|timed out/i.test(raw)) {
    return new ProviderError('timeout', 'request timed out');
  }
  const status = typeof e?.status === 'number' ? e.status : undefined;
  if (status === undefined) return new ProviderError('network', `network error: ${message}`);
  const retryAfterMs = retryAfterOf(e.headers) ?? geminiRetryDelay(raw);
  if (status === 429) return new ProviderError('rate_limit', `rate limited (HTTP 429)`, status, retryAfterMs);
  if (status === 401 || status === 403) return new ProviderError('auth', `not authorised (HTTP ${status}): check the API key`, status);
  if (status >= 500) return new ProviderError('server', `server error (HTTP ${status})`, status, retryAfterMs);
  return new ProviderError('bad_request', `request rejected (HTTP ${status}): ${message.slice(0, 160)}`, status);
}

function retryAfterOf(headers: unknown): number | undefined {
  if (!headers) return undefined;
  const get = (name: string): string | null | undefined => {
    if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
    return (headers as Record<string, string | undefined>)[name];
  };
  const ms = Number(get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  return parseRetryAfter(get('retry-after'), Date.now());
}

/** Gemini puts the wait in the error body: google.rpc.RetryInfo {"retryDelay": "12s"}. */
function geminiRetryDelay(body: string): number | undefined {
  const m = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(body);
  return m ? Number(m[1]) * 1000 : undefined;
}
