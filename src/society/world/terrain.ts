// Terrain kinds of the tile map and the letters a scenario writes them with. Pure data: the
// scenario schema imports this to validate a hand-drawn map.

export const GRASS = 0;
export const FIELD = 1;
export const FOREST = 2;
export const WATER = 3;
export const STONE = 4;

export const TERRAIN_NAMES = ['grass', 'field', 'forest', 'water', 'stone'] as const;
export type TerrainName = (typeof TERRAIN_NAMES)[number];

/** One letter per terrain kind, in code order: g grass, f field, t forest (trees), w water, s stone. */
export const TERRAIN_LETTERS = 'gftws';

/** The first problem with a scenario's map rows, or null when they form a valid rectangle of known letters. */
export function mapRowsProblem(rows: readonly string[]): { row: number; message: string } | null {
  if (rows.length === 0) return { row: -1, message: 'the map needs at least one row' };
  const cols = rows[0].length;
  if (cols === 0) return { row: 0, message: 'the map needs at least one column' };
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row.length !== cols) return { row: r, message: `row ${r} has ${row.length} letters but row 0 has ${cols}; every row must be the same length` };
    for (let c = 0; c < row.length; c++) {
      if (!TERRAIN_LETTERS.includes(row[c])) {
        return { row: r, message: `unknown terrain letter "${row[c]}" at row ${r}, column ${c} (known: g grass, f field, t forest, w water, s stone)` };
      }
    }
  }
  if (!rows.some((row) => [...row].some((ch) => ch !== 'w'))) return { row: -1, message: 'the map is all water: nobody could stand anywhere' };
  return null;
}
