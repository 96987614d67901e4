// The uniform grid shared by the neighbour kernels (src/gpu/cpu/grid.ts is its CPU twin): the cell
// of a position is floor(x * inv) clamped to the border cells, and bins list a cell's agents
// contiguously: slots [cellStart[c], cellStart[c + 1]).

struct Grid { cols: u32, rows: u32, cellSize: f32, inv: f32 }

fn colOf(g: Grid, x: f32) -> u32 {
  return u32(clamp(floor(x * g.inv), 0.0, f32(g.cols - 1u)));
}

fn rowOf(g: Grid, y: f32) -> u32 {
  return u32(clamp(floor(y * g.inv), 0.0, f32(g.rows - 1u)));
}

fn cellOf(g: Grid, x: f32, y: f32) -> u32 {
  return rowOf(g, y) * g.cols + colOf(g, x);
}

fn dist2(a: vec2<f32>, b: vec2<f32>) -> f32 {
  let dx = a.x - b.x;
  let dy = a.y - b.y;
  return dx * dx + dy * dy;
}
