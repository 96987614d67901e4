// Typed domain events: a bounded ring of the most recent ones plus subscribers (UI, metrics, run store).
// Event payloads are plain data. The society layer declares its event types by extending EventMap.

/** Event payloads by type. Layers add their own types with declaration merging. */
export interface EventMap {
  spawn: { agent: number; reason: string };
  despawn: { agent: number; reason: string };
}

export type EventType = keyof EventMap;
export type SimEvent<T extends EventType = EventType> = { [K in T]: { type: K; tick: number; seq: number } & EventMap[K] }[T];

type Listener = (event: SimEvent) => void;

/**
 * The fields emit() stamps on a payload. A frequent event's literal names them already, last and in
 * this order (`type: 'trade', tick: 0, seq: 0`, so a saved event reads the same): stamped onto a
 * literal of only its own fields, each event grew a property store, through stores that see every
 * event's shape (a tenth of a trade's settling).
 */
export interface EventStamp {
  type?: EventType;
  tick?: number;
  seq?: number;
}

export class EventLog {
  private readonly ring: (SimEvent | undefined)[];
  private head = 0;
  private stored = 0;
  private seq = 0;
  private readonly listeners = new Set<Listener>();
  private readonly typed = new Map<EventType, Set<Listener>>();
  private readonly counts = new Map<EventType, number>();

  constructor(readonly capacity = 4096) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new Error('EventLog capacity must be a positive integer');
    this.ring = new Array(capacity);
  }

  /** The payload object becomes the event (type, tick and seq added to it): pass a fresh one. */
  emit<T extends EventType>(type: T, tick: number, payload: EventMap[T] & EventStamp): void {
    // A copy of every payload was a quarter of a busy tick's event cost; every caller passes a literal.
    const fields = payload as unknown as { type: T; tick: number; seq: number };
    fields.type = type;
    fields.tick = tick;
    fields.seq = this.seq++;
    const event = fields as unknown as SimEvent;
    this.ring[this.head] = event;
    this.head = (this.head + 1) % this.capacity;
    if (this.stored < this.capacity) this.stored++;
    this.counts.set(type, (this.counts.get(type) ?? 0) + 1);
    for (const l of this.listeners) l(event);
    const set = this.typed.get(type);
    if (set) for (const l of set) l(event);
  }

  /** Subscribe to every event; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  on<T extends EventType>(type: T, listener: (event: SimEvent<T>) => void): () => void {
    let set = this.typed.get(type);
    if (!set) this.typed.set(type, (set = new Set()));
    set.add(listener as unknown as Listener);
    return () => set!.delete(listener as unknown as Listener);
  }

  /** The stored events, oldest first, optionally filtered by type. */
  recent<T extends EventType = EventType>(type?: T, limit = this.capacity): SimEvent<T>[] {
    const out: SimEvent<T>[] = [];
    const start = (this.head - this.stored + this.capacity) % this.capacity;
    for (let i = 0; i < this.stored; i++) {
      const e = this.ring[(start + i) % this.capacity]!;
      if (!type || e.type === type) out.push(e as unknown as SimEvent<T>);
    }
    return out.length > limit ? out.slice(out.length - limit) : out;
  }

  /** Total events of a type emitted since the start (not only those still in the ring). */
  count(type: EventType): number {
    return this.counts.get(type) ?? 0;
  }

  get emitted(): number {
    return this.seq;
  }

  save(): { seq: number; counts: Record<string, number>; recent: SimEvent[] } {
    return { seq: this.seq, counts: Object.fromEntries([...this.counts].sort(([a], [b]) => (a < b ? -1 : 1))), recent: this.recent() };
  }

  load(state: { seq: number; counts: Record<string, number>; recent: SimEvent[] }): void {
    this.ring.fill(undefined);
    this.head = 0;
    this.stored = 0;
    const recent = state.recent.slice(-this.capacity);
    for (const e of recent) {
      this.ring[this.head] = e;
      this.head = (this.head + 1) % this.capacity;
      this.stored++;
    }
    this.seq = state.seq;
    this.counts.clear();
    for (const [k, v] of Object.entries(state.counts)) this.counts.set(k as EventType, v);
  }
}
