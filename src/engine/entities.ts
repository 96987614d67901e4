// Entity ids with a generation per slot. Ids index the component arrays directly; a dead id is
// recycled (most recently freed first), and its generation moves on, so a stored (id, generation)
// reference to the dead never resolves to the newborn who got the id.
//
// The alive list keeps a stable, restorable order: systems iterate it, so a save stores it
// exactly and a loaded world iterates agents in the same order as the one that was saved.

export interface EntityRef {
  readonly id: number;
  readonly gen: number;
}

export interface EntityIndexState {
  dense: Int32Array;
  alive: number;
  nextId: number;
  generations: Uint32Array;
}

export class EntityIndex {
  /** Slots [0, alive) are the living ids in iteration order; [alive, length) are free ids, next to reuse first. */
  private dense: Int32Array;
  private sparse: Int32Array;
  private gens: Uint32Array;
  private aliveCount = 0;
  private next = 0;
  private changes = 0;

  constructor(capacity: number) {
    this.dense = new Int32Array(capacity);
    this.sparse = new Int32Array(capacity).fill(-1);
    this.gens = new Uint32Array(capacity);
  }

  get count(): number {
    return this.aliveCount;
  }

  /** Highest id ever handed out + 1: the range component arrays must cover. */
  get highWater(): number {
    return this.next;
  }

  /** Moves on whenever the alive list changes (a create, a destroy, a load): lists derived from it are still good while it stands. */
  get version(): number {
    return this.changes;
  }

  /** The living ids, in iteration order. A view: do not hold it across spawns or despawns. */
  alive(): Int32Array {
    return this.dense.subarray(0, this.aliveCount);
  }

  /** Ensure room for ids below `capacity`. */
  grow(capacity: number): void {
    if (capacity <= this.sparse.length) return;
    const dense = new Int32Array(capacity);
    dense.set(this.dense);
    const sparse = new Int32Array(capacity).fill(-1);
    sparse.set(this.sparse);
    const gens = new Uint32Array(capacity);
    gens.set(this.gens);
    this.dense = dense;
    this.sparse = sparse;
    this.gens = gens;
  }

  /** Next id that create() will return (so a caller can grow storage first). */
  peekNext(): number {
    return this.aliveCount < this.next ? this.dense[this.aliveCount] : this.next;
  }

  create(): number {
    let id: number;
    if (this.aliveCount < this.next) {
      id = this.dense[this.aliveCount];
    } else {
      id = this.next++;
      if (id >= this.sparse.length) this.grow(Math.max(16, this.sparse.length * 2));
      this.dense[this.aliveCount] = id;
    }
    this.sparse[id] = this.aliveCount;
    this.aliveCount++;
    this.changes++;
    return id;
  }

  destroy(id: number): void {
    if (!this.isAlive(id)) throw new Error(`entity ${id} is not alive`);
    const at = this.sparse[id];
    const last = this.aliveCount - 1;
    // Keep the iteration order of the survivors: shift left instead of swap-remove would be O(N);
    // swap-remove is O(1) and just as deterministic, because the order is saved.
    const lastId = this.dense[last];
    this.dense[at] = lastId;
    this.sparse[lastId] = at;
    this.dense[last] = id;
    this.sparse[id] = -1;
    this.aliveCount--;
    this.changes++;
    this.gens[id] = (this.gens[id] + 1) >>> 0;
  }

  isAlive(id: number): boolean {
    return id >= 0 && id < this.next && this.sparse[id] >= 0;
  }

  generation(id: number): number {
    return this.gens[id];
  }

  /**
   * Each id's generation while alive, -1 otherwise (ids up to highWater): for checking a load's
   * hundreds of thousands of references with one array read each (`gens[id] === savedGen`; an id out
   * of range reads undefined, which equals no generation).
   */
  liveGenerations(): Int32Array {
    const out = new Int32Array(this.next).fill(-1);
    for (let i = 0; i < this.aliveCount; i++) out[this.dense[i]] = this.gens[this.dense[i]];
    return out;
  }

  ref(id: number): EntityRef {
    return { id, gen: this.gens[id] };
  }

  /** Is this reference still the same living entity? */
  resolves(ref: EntityRef): boolean {
    return this.isAlive(ref.id) && this.gens[ref.id] === ref.gen;
  }

  save(): EntityIndexState {
    return {
      dense: this.dense.slice(0, this.next),
      alive: this.aliveCount,
      nextId: this.next,
      generations: this.gens.slice(0, this.next),
    };
  }

  /** Validates before changing anything. */
  load(state: EntityIndexState): void {
    const { dense, alive, nextId, generations } = state;
    if (!Number.isInteger(nextId) || nextId < 0) throw new Error('entities: nextId must be a non-negative integer');
    if (!Number.isInteger(alive) || alive < 0 || alive > nextId) throw new Error('entities: alive count out of range');
    if (dense.length !== nextId || generations.length !== nextId) throw new Error('entities: list lengths do not match nextId');
    if (!(dense instanceof Int32Array) || !(generations instanceof Uint32Array)) throw new Error('entities: dense and generations must be an Int32Array and a Uint32Array');
    const seen = new Uint8Array(nextId);
    for (let i = 0; i < nextId; i++) {
      const id = dense[i];
      if (id < 0 || id >= nextId) throw new Error(`entities: id ${id} out of range`);
      if (seen[id]) throw new Error(`entities: id ${id} listed twice`);
      seen[id] = 1;
    }
    const cap = Math.max(16, this.sparse.length, nextId);
    this.dense = new Int32Array(cap);
    this.sparse = new Int32Array(cap).fill(-1);
    this.gens = new Uint32Array(cap);
    this.dense.set(dense);
    this.gens.set(generations);
    for (let i = 0; i < alive; i++) this.sparse[dense[i]] = i;
    this.aliveCount = alive;
    this.next = nextId;
    this.changes++;
  }
}
