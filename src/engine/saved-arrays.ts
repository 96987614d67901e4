// Helpers for state sections whose save() returns typed arrays (stored raw in a world file, no JSON
// per element): checking the arrays a load() receives, compressed-sparse-row offsets, and string
// tables that store each distinct string once.

type TypedArrayCtor<T> = { new (length: number): T; readonly name: string };

/** data[key] as a typed array of the given kind (and length, when given), or an Error naming the section and field. */
export function savedArray<T extends ArrayLike<number>>(data: Record<string, unknown>, key: string, ctor: TypedArrayCtor<T>, section: string, length?: number): T {
  const v = data[key];
  if (!(v instanceof ctor)) throw new Error(`${section} section: ${key} must be ${/^[AEIOU]/.test(ctor.name) ? 'an' : 'a'} ${ctor.name}`);
  if (length !== undefined && v.length !== length) throw new Error(`${section} section: ${key} holds ${v.length} values, expected ${length}`);
  return v;
}

/** data[key] as a list of strings. */
export function savedStrings(data: Record<string, unknown>, key: string, section: string): string[] {
  const v = data[key];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw new Error(`${section} section: ${key} must be a list of strings`);
  return v as string[];
}

/** Row offsets of a compressed-sparse-row table: rows + 1 entries, from 0, never decreasing, ending at `total`. */
export function checkOffsets(offsets: Uint32Array, rows: number, total: number, what: string): void {
  if (offsets.length !== rows + 1) throw new Error(`${what} offsets hold ${offsets.length} values for ${rows} rows`);
  if (offsets[0] !== 0 || offsets[rows] !== total) throw new Error(`${what} offsets must run from 0 to ${total}`);
  for (let i = 0; i < rows; i++) if (offsets[i + 1] < offsets[i]) throw new Error(`${what} offsets decrease at row ${i}`);
}

/** Indices into the list of distinct strings, in first-seen order (names and personas repeat a lot). */
export class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  of(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

/** Every index below `count` (indices into a string table), or an Error naming the first that is not. */
export function checkIndices(indices: ArrayLike<number>, count: number, what: string): void {
  for (let i = 0; i < indices.length; i++) if (!(indices[i] < count)) throw new Error(`${what} ${i} is string ${indices[i]}, not in the table of ${count}`);
}
