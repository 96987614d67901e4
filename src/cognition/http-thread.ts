// LLM calls on their own thread. The vendors' SDKs spend most of a millisecond of CPU per request
// (building, encoding, connecting: Node's fetch), and with hundreds of requests in flight that
// CPU, their sockets, timers and garbage would all land on the simulation's thread. Here a
// worker_threads worker owns the SDK clients (http-worker.ts); the simulation's side holds only
// proxies that post each call as a message and get the answer (or the error's essentials) back as
// a message. Everything else stays where it was: the endpoint pool's limits, timeouts, retries and
// breaker run on the simulation's thread, and answers are still applied at a tick boundary in
// request order (cognition.ts). Node only: the app's simulation already runs in a Web Worker.

import { Worker } from 'node:worker_threads';
import type { BrainSpec } from './brain-spec';
import { ProviderError, type CallHandle, type ChatRequest, type ChatResponse, type FailureKind, type LlmProvider, type Vendor } from './providers/types';

/** What crosses from the worker when a call fails: enough for classifyError, nothing more. */
export type ThreadError =
  | { provider: { kind: FailureKind; message: string; status?: number; retryAfterMs?: number } }
  | { name: string; message: string; status?: number; headers: Record<string, string> };

/**
 * A request as posted. The system prompt and the answer schema are the same for most requests and
 * the bulk of each message (cloning them cost the simulation's thread ~0.2 ms per request): each
 * goes once in a `define` message, then by number.
 */
export type WireRequest = Omit<ChatRequest, 'system' | 'schema'> & { system: string | number; schema: Record<string, unknown> | number };

export type ToThread =
  | { type: 'define'; key: number; value: string | Record<string, unknown> }
  | { type: 'chat'; id: number; endpoint: number; request: WireRequest }
  | { type: 'embed'; id: number; endpoint: number; texts: string[] }
  | { type: 'abort'; id: number };

export type FromThread = { type: 'ready' } | { type: 'ok'; id: number; value: ChatResponse | number[][] } | { type: 'error'; id: number; error: ThreadError };

export interface ThreadSetup {
  spec: Extract<BrainSpec, { kind: 'llm' }>;
  apiKey: string;
  embeddingModel?: string;
}

/** Rebuild, on the simulation's side, an error that classifyError reads as it would the SDK's own. */
function revive(e: ThreadError): Error {
  if ('provider' in e) return new ProviderError(e.provider.kind, e.provider.message, e.provider.status, e.provider.retryAfterMs);
  return Object.assign(new Error(e.message), { name: e.name, status: e.status, headers: e.headers });
}

const abortError = () => Object.assign(new Error('request was aborted'), { name: 'AbortError' });

type ThreadValue = ChatResponse | number[][];

/** One call on its way through the thread: settled by the thread's reply, or at once by `abort()`. */
class ThreadCall<T extends ThreadValue> implements CallHandle<T> {
  aborted = false;
  readonly answer: Promise<T>;
  /** Settle with the thread's reply (the caller said what type its call returns). */
  resolve!: (value: ThreadValue) => void;
  reject!: (err: Error) => void;

  constructor(
    private readonly thread: HttpThread,
    readonly id: number,
  ) {
    this.answer = new Promise<T>((resolve, reject) => {
      this.resolve = resolve as (value: ThreadValue) => void;
      this.reject = reject;
    });
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.thread.abort(this.id);
  }
}

/** A call that failed before it was posted. */
function failed<T>(err: Error): CallHandle<T> {
  return { answer: Promise.reject(err), aborted: false, abort: () => {} };
}

/**
 * The process's Node flags that a worker needs and accepts: module loaders and conditions (tsx's
 * loader among them), source maps, warnings, experimental features. Not a script given on the
 * command line (`node -e CODE`: with it the worker ran that script instead of its entry), and not
 * per-process flags (`--expose-gc`, `--max-old-space-size`...), with which a worker refuses to start.
 */
export function workerExecArgv(args: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (/^(--import|--require|-r|--loader|--experimental-loader|--conditions|-C)$/.test(a) && i + 1 < args.length) out.push(a, args[++i]);
    else if (/^--(import|require|loader|experimental-loader|conditions)=/.test(a) || /^--(enable-source-maps|no-warnings|experimental-[a-z-]+)$/.test(a)) out.push(a);
  }
  return out;
}

/** System prompts sent by number at most (a registry change makes new ones; old ones stay defined). */
const MAX_SYSTEM_PROMPTS = 32;

/** One worker thread holding the SDK clients of every endpoint of one brain. */
export class HttpThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, ThreadCall<ThreadValue>>();
  private next = 1;
  private closed = false;
  /** The thread has exited (closed, or crashed): calls fail at once. */
  private stopped = false;
  private isReady = false;
  private nextKey = 1;
  private readonly schemaKeys = new WeakMap<object, number>();
  private readonly systemKeys = new Map<string, number>();
  /** Resolves once the thread has loaded the SDKs (a second or so); calls made before simply wait. */
  readonly ready: Promise<void>;

  constructor(setup: ThreadSetup) {
    this.worker = new Worker(new URL('./http-worker-boot.mjs', import.meta.url), { workerData: setup, execArgv: workerExecArgv() });
    // An idle thread never keeps the process alive: it is referenced while it starts (someone may be
    // awaiting `ready` with nothing else to keep the event loop going) and while calls are pending.
    let started!: () => void;
    this.ready = new Promise<void>((resolve) => (started = resolve)).then(() => {
      this.isReady = true;
      if (this.pending.size === 0) this.worker.unref();
    });
    this.worker.on('message', (m: FromThread) => (m.type === 'ready' ? started() : this.settle(m)));
    this.worker.on('error', (err) => this.failAll(`the LLM thread failed: ${err.message}`));
    this.worker.on('exit', () => {
      this.stopped = true;
      started();
      this.failAll('the LLM thread stopped');
    });
  }

  private settle(m: Exclude<FromThread, { type: 'ready' }>): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (this.pending.size === 0 && this.isReady) this.worker.unref();
    if (m.type === 'ok') p.resolve(m.value);
    else p.reject(revive(m.error));
  }

  private failAll(message: string): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(new ProviderError('network', message));
  }

  /** The request with its schema and (long, recurring) system prompt sent by number. */
  private wire(request: ChatRequest): WireRequest {
    let schema = this.schemaKeys.get(request.schema);
    if (schema === undefined) {
      this.schemaKeys.set(request.schema, (schema = this.nextKey++));
      this.worker.postMessage({ type: 'define', key: schema, value: request.schema } satisfies ToThread);
    }
    let system: string | number | undefined = this.systemKeys.get(request.system);
    if (system === undefined) {
      // Few distinct system prompts recur (decisions, conversation turns); others go inline.
      if (request.system.length < 1000 || this.systemKeys.size >= MAX_SYSTEM_PROMPTS) system = request.system;
      else {
        this.systemKeys.set(request.system, (system = this.nextKey++));
        this.worker.postMessage({ type: 'define', key: system, value: request.system } satisfies ToThread);
      }
    }
    return { ...request, system, schema };
  }

  /**
   * Post one call; `abort()` on the handle posts a cancel (the worker aborts the SDK call, closing
   * its connection).
   */
  start<T extends ThreadValue>(call: { type: 'chat'; endpoint: number; request: ChatRequest } | { type: 'embed'; endpoint: number; texts: string[] }): CallHandle<T> {
    if (this.closed) return failed(new ProviderError('cancelled', 'the LLM thread is closed'));
    if (this.stopped) return failed(new ProviderError('network', 'the LLM thread stopped'));
    const handle = new ThreadCall<T>(this, this.next++);
    this.pending.set(handle.id, handle);
    if (this.pending.size === 1) this.worker.ref();
    this.worker.postMessage((call.type === 'chat' ? { ...call, id: handle.id, request: this.wire(call.request) } : { ...call, id: handle.id }) satisfies ToThread);
    return handle;
  }

  /** The call ends here at once (a timeout is exact even if the thread is stuck); its late reply finds nothing pending. */
  abort(id: number): void {
    const call = this.pending.get(id);
    if (!call) return;
    this.worker.postMessage({ type: 'abort', id } satisfies ToThread);
    this.pending.delete(id);
    if (this.pending.size === 0 && this.isReady) this.worker.unref();
    call.reject(abortError());
  }

  /** `start`, aborted through a signal. */
  call<T extends ThreadValue>(call: { type: 'chat'; endpoint: number; request: ChatRequest } | { type: 'embed'; endpoint: number; texts: string[] }, signal: AbortSignal): Promise<T> {
    if (signal.aborted) return Promise.reject(abortError());
    const handle = this.start<T>(call);
    const onAbort = () => handle.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => signal.removeEventListener('abort', onAbort);
    handle.answer.then(done, done);
    return handle.answer;
  }

  /** Stop the thread: calls still on their way fail as cancelled (their connections close with it). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(new ProviderError('cancelled', 'the LLM thread was closed'));
    void this.worker.terminate();
  }
}

/** A provider whose calls run on the thread: same vendor, model and endpoint as the one it stands for. */
class ThreadedProvider implements LlmProvider {
  constructor(
    private readonly thread: HttpThread,
    private readonly index: number,
    readonly vendor: Vendor,
    readonly model: string,
    readonly endpoint: string,
    canEmbed: boolean,
  ) {
    if (!canEmbed) this.embed = undefined;
  }

  chat(request: ChatRequest, signal: AbortSignal): Promise<ChatResponse> {
    return this.thread.call<ChatResponse>({ type: 'chat', endpoint: this.index, request }, signal);
  }

  start(request: ChatRequest): CallHandle<ChatResponse> {
    return this.thread.start<ChatResponse>({ type: 'chat', endpoint: this.index, request });
  }

  embed? = (texts: string[], signal: AbortSignal): Promise<number[][]> => this.thread.call<number[][]>({ type: 'embed', endpoint: this.index, texts }, signal);

  ready(): Promise<void> {
    return this.thread.ready;
  }

  close(): void {
    this.thread.close();
  }
}

/**
 * Providers for every base URL of `setup.spec`, calling through one new HTTP thread. `local` are
 * the same providers built here (they describe the endpoints; their clients are never used).
 */
export function threadedProviders(setup: ThreadSetup, local: LlmProvider[]): LlmProvider[] {
  const thread = new HttpThread(setup);
  return local.map((p, i) => new ThreadedProvider(thread, i, p.vendor, p.model, p.endpoint, p.embed !== undefined));
}
