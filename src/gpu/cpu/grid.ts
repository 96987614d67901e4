// The uniform grid shared by the neighbour kernels, on the CPU, in f32 like the GPU: the cell of a
// position is floor(x * (1 / cellSize)) with the product rounded to f32 (a multiplication is
// correctly rounded on every GPU; a division is not), clamped to the border cells.
//
// Bins are filled by a counting sort in alive-list order, so within a cell agents keep their
// alive-list order: the GPU's scatter sorts each cell to the same order, and both sides agree exactly.

const f = Math.fround;

export interface GridShape {
  readonly cols: number;
  readonly rows: number;
  readonly cellSize: number;
  /** 1 / cellSize rounded to f32. */
  readonly inv: number;
}

export function gridShape(width: number, height: number, cellSize: number): GridShape {
  if (!(width > 0 && height > 0 && cellSize > 0)) throw new Error('grid: width, height and cellSize must be positive');
  return { cols: Math.max(1, Math.ceil(width / cellSize)), rows: Math.max(1, Math.ceil(height / cellSize)), cellSize: f(cellSize), inv: f(1 / cellSize) };
}

export function colOf(g: GridShape, x: number): number {
  const c = Math.floor(f(x * g.inv));
  return c < 0 ? 0 : c >= g.cols ? g.cols - 1 : c;
}

export function rowOf(g: GridShape, y: number): number {
  const r = Math.floor(f(y * g.inv));
  return r < 0 ? 0 : r >= g.rows ? g.rows - 1 : r;
}

/** Agents binned by cell: slots [cellStart[c], cellStart[c + 1]) hold cell c's agents. */
export interface Bins {
  readonly shape: GridShape;
  /** cols * rows + 1 entries. */
  readonly cellStart: Int32Array;
  /** Per slot: the agent's index in the alive list, its entity id and its position. */
  readonly key: Int32Array;
  readonly id: Int32Array;
  readonly x: Float32Array;
  readonly y: Float32Array;
}

export function binAgents(shape: GridShape, alive: ArrayLike<number>, px: Float32Array, py: Float32Array): Bins {
  const n = alive.length;
  const cells = shape.cols * shape.rows;
  const cellStart = new Int32Array(cells + 1);
  const cellOfAgent = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const e = alive[i];
    const c = rowOf(shape, py[e]) * shape.cols + colOf(shape, px[e]);
    cellOfAgent[i] = c;
    cellStart[c + 1]++;
  }
  for (let c = 0; c < cells; c++) cellStart[c + 1] += cellStart[c];
  const cursor = cellStart.slice(0, cells);
  const key = new Int32Array(n);
  const id = new Int32Array(n);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const s = cursor[cellOfAgent[i]]++;
    const e = alive[i];
    key[s] = i;
    id[s] = e;
    x[s] = px[e];
    y[s] = py[e];
  }
  return { shape, cellStart, key, id, x, y };
}

/**
 * Visit every binned agent within radius r of (x, y), cell by cell (rows, then columns, then slot
 * order), with the squared distance in f32. Stop early when visit returns false.
 */
export function forEachNeighbour(b: Bins, x: number, y: number, r: number, visit: (slot: number, d2: number) => boolean | void): void {
  const g = b.shape;
  const r2 = f(r * r);
  const c0 = colOf(g, f(x - r));
  const c1 = colOf(g, f(x + r));
  const r0 = rowOf(g, f(y - r));
  const r1 = rowOf(g, f(y + r));
  for (let row = r0; row <= r1; row++) {
    for (let col = c0; col <= c1; col++) {
      const cell = row * g.cols + col;
      for (let s = b.cellStart[cell], end = b.cellStart[cell + 1]; s < end; s++) {
        const dx = f(b.x[s] - x);
        const dy = f(b.y[s] - y);
        const d2 = f(f(dx * dx) + f(dy * dy));
        if (d2 <= r2 && visit(s, d2) === false) return;
      }
    }
  }
}
