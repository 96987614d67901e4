// Uniform-grid spatial index, rebuilt each tick in O(N) by a counting sort over the occupied cells.
// Entries are stored cell by cell with a copy of their positions, so a query walks
// contiguous memory. Positions outside the bounds are clamped into the border cells.

export class SpatialGrid {
  readonly cols: number;
  readonly rows: number;
  /**
   * Entries per cell (0 for an empty one) and an occupied cell's first slot. Only the occupied cells
   * are written and cleared: a town's 2,500 agents fill some 300 of its 10,000 cells (100,000 agents'
   * map has 400,000), and every rebuild cleared and prefix-summed them all. Cells are laid out in the order the
   * entity list first meets them; a query reads a cell by its coordinates, never by that order.
   */
  private cellCount: Int32Array;
  private cellFirst: Int32Array;
  /** The cells rebuild() or adopt() filled, in layout order: the ones the next must clear. */
  private occupied = new Int32Array(0);
  private occupiedCount = 0;
  private ids: Int32Array = new Int32Array(0);
  /** Entry s's position at (xy[2s], xy[2s + 1]): one array, so a query's loop holds one fewer. */
  private xy: Float32Array = new Float32Array(0);
  /** Scratch for rebuild(): the cell of the i-th entity, so each position is binned once. */
  private cellOfEntry: Int32Array = new Int32Array(0);
  private size = 0;
  /** nearest()'s best so far, nearest first: ids and squared distances (grown to the largest k asked). */
  private bestIds = new Int32Array(16);
  private bestD = new Float64Array(16);
  private bestCount = 0;
  /**
   * Answers since the last rebuild, by query point (a direct-mapped table): workplaces and squares
   * crowd agents onto one point, and each of them asks for its neighbours in the same tick (four in
   * ten entries scanned were for a point already asked). A slot keeps the k + 1 nearest with nobody
   * excluded; any k' <= k with any one exclusion is read from it (drop the excluded, keep k').
   */
  /**
   * Each slot's query and answer side by side (x, y, radius, the rebuild it was filled in (0: empty),
   * how many its search asked for, and how many it found: fewer, all there are within its radius),
   * and its ids in a row of memoWidth: a query touches two or three cache lines, not seven arrays.
   */
  private memo = new Float64Array(MEMO_SLOTS * MEMO_FIELDS);
  private memoIds = new Int32Array(MEMO_SLOTS * 16);
  private memoWidth = 16;
  private epoch = 1;

  constructor(
    readonly width: number,
    readonly height: number,
    readonly cellSize: number,
  ) {
    if (!(width > 0 && height > 0 && cellSize > 0)) throw new Error('SpatialGrid: width, height and cellSize must be positive');
    this.cols = Math.max(1, Math.ceil(width / cellSize));
    this.rows = Math.max(1, Math.ceil(height / cellSize));
    this.cellCount = new Int32Array(this.cols * this.rows);
    this.cellFirst = new Int32Array(this.cols * this.rows);
    this.inverseCell = 1 / cellSize;
  }

  /** 1 / cellSize: a product and a truncation bin a town's positions in about half the time of a division and a floor. */
  private readonly inverseCell: number;

  get count(): number {
    this.build();
    return this.size;
  }

  /**
   * Index the given entity ids at their positions as they are now, binned when first asked: a town's
   * nights ask nothing (17 ticks of 48 held fewer than two queries), and a rebuild each was ~90 µs.
   * The ids and positions are copied, so later moves do not reach the bins.
   */
  stage(entities: Int32Array, x: Float32Array, y: Float32Array): void {
    if (this.stagedIds.length < entities.length) this.stagedIds = new Int32Array(Math.max(64, entities.length * 2));
    if (this.stagedX.length < x.length) this.stagedX = new Float32Array(x.length);
    if (this.stagedY.length < y.length) this.stagedY = new Float32Array(y.length);
    this.stagedIds.set(entities);
    this.stagedX.set(x);
    this.stagedY.set(y);
    this.staged = entities.length;
  }

  /** The entities stage() left, or -1 when the bins are up to date. */
  private staged = -1;
  private stagedIds = new Int32Array(0);
  private stagedX = new Float32Array(0);
  private stagedY = new Float32Array(0);

  /** Bin what stage() left, if anything. */
  private build(): void {
    if (this.staged < 0) return;
    const n = this.staged;
    this.staged = -1;
    this.rebuild(this.stagedIds.subarray(0, n), this.stagedX, this.stagedY);
  }

  cellOf(x: number, y: number): number {
    return this.row(y) * this.cols + this.col(x);
  }

  private col(x: number): number {
    return axisCell(x, this.inverseCell, this.cols - 1);
  }

  private row(y: number): number {
    return axisCell(y, this.inverseCell, this.rows - 1);
  }

  /** Index the given entity ids at their positions. */
  rebuild(entities: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>): void {
    this.staged = -1;
    const n = entities.length;
    this.reserve(n);
    if (this.cellOfEntry.length < n) this.cellOfEntry = new Int32Array(this.ids.length);
    const cellOfEntry = this.cellOfEntry;
    const count = this.cellCount;
    const first = this.cellFirst;
    const occupied = this.clearOccupied(n);
    let m = 0;
    const { cols, inverseCell } = this;
    const lastCol = cols - 1;
    const lastRow = this.rows - 1;
    for (let i = 0; i < n; i++) {
      const e = entities[i];
      const c = axisCell(y[e], inverseCell, lastRow) * cols + axisCell(x[e], inverseCell, lastCol);
      cellOfEntry[i] = c;
      if (count[c]++ === 0) occupied[m++] = c;
    }
    // Each cell's end, then backwards each entry takes the last free slot of its cell: a cell's
    // entries stay in list order, and its end comes down to its start.
    let acc = 0;
    for (let j = 0; j < m; j++) {
      const c = occupied[j];
      acc += count[c];
      first[c] = acc;
    }
    const { ids, xy } = this;
    for (let i = n - 1; i >= 0; i--) {
      const e = entities[i];
      const at = --first[cellOfEntry[i]];
      ids[at] = e;
      xy[2 * at] = x[e];
      xy[2 * at + 1] = y[e];
    }
    this.occupiedCount = m;
    this.size = n;
    this.epoch++;
  }

  /** Empty the cells the last bins filled; the list, with room for `n` occupied cells. */
  private clearOccupied(n: number): Int32Array {
    for (let j = 0; j < this.occupiedCount; j++) this.cellCount[this.occupied[j]] = 0;
    this.occupiedCount = 0;
    const cells = this.cellCount.length;
    if (this.occupied.length < Math.min(n, cells)) this.occupied = new Int32Array(Math.min(cells, Math.max(64, n * 2)));
    return this.occupied;
  }

  /**
   * Take bins built elsewhere (the GPU's counting sort, src/gpu/kernels/binning.ts): cellStart has
   * cols * rows + 1 entries; slot s holds ids[s] at (x[s], y[s]), cell by cell, in alive-list
   * order within a cell (the order forEachInRadius visits a cell's entries in, as after rebuild()).
   */
  adopt(cellStart: Int32Array, ids: Int32Array, x: Float32Array, y: Float32Array): void {
    this.staged = -1;
    const n = ids.length;
    const cells = this.cols * this.rows;
    if (cellStart.length !== cells + 1) throw new Error(`SpatialGrid.adopt: ${cellStart.length} cell starts for ${cells} cells`);
    if (cellStart[cells] !== n || x.length !== n || y.length !== n) throw new Error('SpatialGrid.adopt: bin sizes do not match');
    const occupied = this.clearOccupied(n);
    let m = 0;
    for (let c = 0; c < cells; c++) {
      const count = cellStart[c + 1] - cellStart[c];
      if (count === 0) continue;
      this.cellCount[c] = count;
      this.cellFirst[c] = cellStart[c];
      occupied[m++] = c;
    }
    this.occupiedCount = m;
    this.reserve(n);
    this.ids.set(ids);
    for (let s = 0; s < n; s++) {
      this.xy[2 * s] = x[s];
      this.xy[2 * s + 1] = y[s];
    }
    this.size = n;
    this.epoch++;
  }

  /** Room for n entries. */
  private reserve(n: number): void {
    if (this.ids.length >= n) return;
    const cap = Math.max(64, n * 2);
    this.ids = new Int32Array(cap);
    this.xy = new Float32Array(2 * cap);
  }

  /** Calls visit(id, distanceSquared) for every indexed entity within radius r of (x, y). */
  forEachInRadius(x: number, y: number, r: number, visit: (id: number, d2: number) => void): void {
    this.build();
    const r2 = r * r;
    const c0 = this.col(x - r);
    const c1 = this.col(x + r);
    const r0 = this.row(y - r);
    const r1 = this.row(y + r);
    for (let row = r0; row <= r1; row++) {
      for (let col = c0; col <= c1; col++) {
        const cell = row * this.cols + col;
        for (let i = this.cellFirst[cell], end = i + this.cellCount[cell]; i < end; i++) {
          const dx = this.xy[2 * i] - x;
          const dy = this.xy[2 * i + 1] - y;
          const d2 = dx * dx + dy * dy;
          if (d2 <= r2) visit(this.ids[i], d2);
        }
      }
    }
  }

  /** Ids within radius r of (x, y), into `out` (cleared first). */
  queryRadius(x: number, y: number, r: number, out: number[] = []): number[] {
    out.length = 0;
    this.forEachInRadius(x, y, r, (id) => out.push(id));
    return out;
  }

  /**
   * The k nearest indexed entities to (x, y), nearest first (ties broken by id), excluding `exclude`.
   * Searches rings of cells outward until no closer entity can remain; a cell is skipped when the
   * box around it is farther than maxRadius or than the k-th best so far (crowded squares would
   * otherwise scan every neighbour cell in full). The result is the same whatever the scan order.
   */
  nearest(x: number, y: number, k: number, exclude = -1, maxRadius = Infinity): number[] {
    if (this.nearestScratch.length < k) this.nearestScratch = new Int32Array(k);
    const n = this.nearestInto(x, y, k, exclude, maxRadius, this.nearestScratch);
    return Array.from(this.nearestScratch.subarray(0, n));
  }

  private nearestScratch = new Int32Array(16);

  /** nearest() into `out` (at least k long), for callers that ask every tick; returns how many were found. */
  nearestInto(x: number, y: number, k: number, exclude: number, maxRadius: number, out: Int32Array): number {
    this.build();
    if (k <= 0 || this.size === 0) return 0;
    if (k + 1 > this.memoWidth) {
      // Wider rows for a larger k: the memo starts empty.
      this.memoWidth = Math.max(k + 1, 2 * this.memoWidth);
      this.memo = new Float64Array(MEMO_SLOTS * MEMO_FIELDS);
      this.memoIds = new Int32Array(MEMO_SLOTS * this.memoWidth);
    }
    const memo = this.memo;
    const ids = this.memoIds;
    const m = memoSlot(x, y) * MEMO_FIELDS;
    const row = (m / MEMO_FIELDS) * this.memoWidth;
    let found: number;
    if (memo[m + 3] === this.epoch && memo[m] === x && memo[m + 1] === y && memo[m + 2] === maxRadius && (memo[m + 4] > k || memo[m + 5] < memo[m + 4])) {
      found = memo[m + 5];
    } else {
      // The first k + 1 with nobody excluded hold the first k without any one of them.
      found = this.search(x, y, k + 1, -1, maxRadius);
      const best = this.bestIds;
      for (let i = 0; i < found; i++) ids[row + i] = best[i];
      memo[m] = x;
      memo[m + 1] = y;
      memo[m + 2] = maxRadius;
      memo[m + 3] = this.epoch;
      memo[m + 4] = k + 1;
      memo[m + 5] = found;
    }
    let n = 0;
    for (let i = 0; i < found && n < k; i++) {
      const id = ids[row + i];
      if (id !== exclude) out[n++] = id;
    }
    return n;
  }

  private search(x: number, y: number, k: number, exclude: number, maxRadius: number): number {
    this.bestCount = 0;
    if (k <= 0 || this.size === 0) return 0;
    if (this.bestIds.length < k) {
      this.bestIds = new Int32Array(k);
      this.bestD = new Float64Array(k);
    }
    const bestD = this.bestD;
    const { cellCount, cols, rows, cellSize: cs } = this;
    const edgeSlack = 1e-4 * cs;
    const cx = this.col(x);
    const cy = this.row(y);
    const maxRing = Math.max(cols, rows);
    const maxR2 = maxRadius * maxRadius;
    // The squared distance a cell must come within to be scanned: the radius's, then the k-th best's
    // once k are found (never past the radius's).
    let bar = maxR2;
    for (let ring = 0; ring <= maxRing; ring++) {
      // Any entity in this ring or beyond is at least (ring - 1) * cellSize away.
      const minDist = (ring - 1) * cs;
      if (minDist > 0 && minDist * minDist > bar) break;
      // The ring's rows and columns within the grid.
      const row0 = Math.max(0, cy - ring);
      const row1 = Math.min(rows - 1, cy + ring);
      const col0 = Math.max(0, cx - ring);
      const col1 = Math.min(cols - 1, cx + ring);
      for (let row = row0; row <= row1; row++) {
        const onEdgeRow = row === cy - ring || row === cy + ring;
        // Vertical gap from (x, y) to this row of cells (0 inside it), less a hair for positions
        // binned in another precision (f32 copies, the GPU's f32 binning) that sit on a cell edge.
        const dy = (row < cy ? y - (row + 1) * cs : row > cy ? row * cs - y : 0) - edgeSlack;
        const dy2 = dy > 0 ? dy * dy : 0;
        if (dy2 > bar) continue;
        const rowStart = row * cols;
        // An edge row's every cell; a middle row's two ends (if inside the grid).
        const step = onEdgeRow ? 1 : 2 * ring;
        for (let col = onEdgeRow ? col0 : cx - ring; col <= col1; col += step) {
          if (col < 0) continue;
          const cell = rowStart + col;
          // Most cells of a town are empty: skip them before any distance arithmetic.
          if (cellCount[cell] === 0) continue;
          const dx = (col < cx ? x - (col + 1) * cs : col > cx ? col * cs - x : 0) - edgeSlack;
          const box2 = (dx > 0 ? dx * dx : 0) + dy2;
          if (box2 > bar) continue;
          this.collectCell(cell, x, y, k, exclude, maxR2);
          if (this.bestCount === k) bar = bestD[k - 1];
        }
      }
    }
    return this.bestCount;
  }

  private collectCell(cell: number, x: number, y: number, k: number, exclude: number, maxR2: number): void {
    const xy = this.xy;
    const cellIds = this.ids;
    const ids = this.bestIds;
    const ds = this.bestD;
    // The k-th best kept in locals: in a crowded square most entries lose to it, so the test runs
    // per entry without touching the lists (a third of the search's time went to those loads).
    // Until the list is full the bar is the radius itself (a full list's k-th best is never past it),
    // so each entry meets one comparison.
    let n = this.bestCount;
    let worstD = n === k ? ds[k - 1] : maxR2;
    let worstId = n === k ? ids[k - 1] : 0x7fffffff;
    for (let i = this.cellFirst[cell], end = i + this.cellCount[cell]; i < end; i++) {
      const dx = xy[2 * i] - x;
      const dy = xy[2 * i + 1] - y;
      const d2 = dx * dx + dy * dy;
      if (d2 > worstD) continue;
      const id = cellIds[i];
      if (id === exclude || (d2 === worstD && id > worstId)) continue;
      // Insertion into the small sorted list.
      let at = n === k ? k - 1 : n++;
      while (at > 0) {
        const d = ds[at - 1];
        if (!closer(d2, id, d, ids[at - 1])) break;
        ids[at] = ids[at - 1];
        ds[at] = d;
        at--;
      }
      ids[at] = id;
      ds[at] = d2;
      if (n === k) {
        worstD = ds[k - 1];
        worstId = ids[k - 1];
      }
    }
    this.bestCount = n;
  }
}

const MEMO_SLOTS = 1024;
/** A memo slot's numbers: x, y, radius, epoch, asked, found. */
const MEMO_FIELDS = 6;

/** A query point's slot in the memo: equal points share one (collisions only cost a search). */
function memoSlot(x: number, y: number): number {
  return (Math.imul(Math.floor(x * 8) | 0, 73856093) ^ Math.imul(Math.floor(y * 8) | 0, 19349663)) & (MEMO_SLOTS - 1);
}

/** The cell along one axis of coordinate v, clamped into [0, last] (NaN: the last). */
function axisCell(v: number, inverseCell: number, last: number): number {
  const f = v * inverseCell;
  // Truncation is floor for f > 0; the clamp comes first, so f | 0 never wraps.
  return f < last ? (f > 0 ? f | 0 : 0) : last;
}

function closer(d2: number, id: number, otherD2: number, otherId: number): boolean {
  return d2 < otherD2 || (d2 === otherD2 && id < otherId);
}

/** Reference implementations for tests and benchmarks: O(N) per query. */
export function bruteRadius(entities: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>, qx: number, qy: number, r: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < entities.length; i++) {
    const e = entities[i];
    const dx = x[e] - qx;
    const dy = y[e] - qy;
    if (dx * dx + dy * dy <= r * r) out.push(e);
  }
  return out;
}

export function bruteNearest(entities: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>, qx: number, qy: number, k: number, exclude = -1): number[] {
  const all: { id: number; d2: number }[] = [];
  for (let i = 0; i < entities.length; i++) {
    const e = entities[i];
    if (e === exclude) continue;
    const dx = x[e] - qx;
    const dy = y[e] - qy;
    all.push({ id: e, d2: dx * dx + dy * dy });
  }
  all.sort((a, b) => a.d2 - b.d2 || a.id - b.id);
  return all.slice(0, k).map((a) => a.id);
}
