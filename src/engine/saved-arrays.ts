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

/**
 * Text a section saves as UTF-8 bytes, e.g. many short texts one after another: the world file
 * stores the bytes as they are, where a string would be joined, checked and encoded again on every
 * save (social memory's 22 MiB of texts at 100,000 agents) and decoded again on every load. Saving
 * scans the bytes for anything shaped like an API key, as it does strings.
 */
export class Utf8Text {
  constructor(readonly bytes: Uint8Array) {}
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Strings appended as UTF-8 to one growing buffer. */
export class Utf8Writer {
  private buf: Uint8Array;
  /** Bytes written so far. */
  length = 0;

  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(64, capacity));
  }

  /**
   * Append a string (a lone surrogate, which UTF-8 cannot carry, is written as U+FFFD, as TextEncoder
   * does). One encodeInto per string: measured several times faster than a loop over its characters,
   * and than joining 330,000 texts to encode them at once (the join alone cost more).
   */
  write(s: string): void {
    this.reserve(3 * s.length);
    this.length += utf8.encodeInto(s, this.buf.subarray(this.length)).written;
  }

  /** Append bytes that are already UTF-8. */
  writeBytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** The bytes written (a view of the buffer). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.length + extra));
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
  }
}

/** Are these bytes well-formed UTF-8? ASCII runs are checked four bytes at a time; the decoder judges the rest. */
export function isUtf8(bytes: Uint8Array): boolean {
  let i = 0;
  const n = bytes.length;
  const head = Math.min(n, (4 - (bytes.byteOffset % 4)) % 4);
  for (; i < head; i++) if (bytes[i] >= 0x80) break;
  if (i === head) {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, (n - i) >> 2);
    let w = 0;
    while (w < words.length && (words[w] & 0x80808080) === 0) w++;
    i += w * 4;
    while (i < n && bytes[i] < 0x80) i++;
  }
  if (i === n) return true;
  // Everything before i is ASCII, so a character starts at i (or the bytes are not UTF-8).
  try {
    fromUtf8.decode(bytes.subarray(i));
    return true;
  } catch {
    return false;
  }
}

/** Texts [from, to) of a Utf8Text whose text k ends at byte ends[k] (and starts where k - 1 ends). */
export function utf8Texts(bytes: Uint8Array, ends: Uint32Array, from: number, to: number): string[] {
  const out: string[] = [];
  if (to <= from) return out;
  const start = from > 0 ? ends[from - 1] : 0;
  const run = fromUtf8.decode(bytes.subarray(start, ends[to - 1]));
  if (run.length === ends[to - 1] - start) {
    // ASCII: byte offsets are string offsets.
    for (let k = from; k < to; k++) out.push(run.slice((k > 0 ? ends[k - 1] : 0) - start, ends[k] - start));
  } else {
    for (let k = from; k < to; k++) out.push(fromUtf8.decode(bytes.subarray(k > 0 ? ends[k - 1] : 0, ends[k])));
  }
  return out;
}
