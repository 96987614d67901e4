// Optional embedding relevance for memory retrieval. Vectors come from a provider asynchronously
// and live in a host-side cache keyed by text: a prompt uses a vector when it is already there and
// falls back to keyword relevance otherwise. Vectors only shape prompts (whose answers are recorded),
// never simulation state, so replays and the state hash do not depend on them.

export type EmbedFn = (texts: string[], signal: AbortSignal) => Promise<number[][]>;

export class EmbeddingCache {
  private readonly vectors = new Map<string, Float32Array>();
  private readonly wanted = new Set<string>();
  private busy = false;
  failures = 0;
  requests = 0;

  constructor(
    private readonly embed: EmbedFn,
    readonly maxEntries = 20_000,
    readonly batch = 64,
    readonly timeoutMs = 30_000,
  ) {}

  get size(): number {
    return this.vectors.size;
  }

  /** The vector of a text if known; otherwise it is queued for the next flush. */
  get(text: string): Float32Array | undefined {
    const v = this.vectors.get(text);
    if (!v) this.wanted.add(text);
    return v;
  }

  /**
   * Embed queued texts, one batch at a time; never throws (a failure leaves keyword relevance in use).
   * `cancel` (the run's signal) aborts the call when the run ends.
   */
  async flush(cancel?: AbortSignal): Promise<void> {
    if (this.busy || this.wanted.size === 0 || cancel?.aborted) return;
    this.busy = true;
    const texts = [...this.wanted].slice(0, this.batch);
    for (const t of texts) this.wanted.delete(t);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const onCancel = () => controller.abort();
    cancel?.addEventListener('abort', onCancel, { once: true });
    try {
      this.requests++;
      const vectors = await this.embed(texts, controller.signal);
      texts.forEach((t, i) => {
        if (!vectors[i]?.length) return;
        if (this.vectors.size >= this.maxEntries) this.vectors.delete(this.vectors.keys().next().value!);
        this.vectors.set(t, normalise(vectors[i]));
      });
    } catch {
      this.failures++;
    } finally {
      clearTimeout(timer);
      cancel?.removeEventListener('abort', onCancel);
      this.busy = false;
    }
  }
}

function normalise(v: number[]): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
  return Float32Array.from(v, (x) => x * inv);
}

/** Cosine similarity of two unit vectors (0 when their sizes differ). */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
