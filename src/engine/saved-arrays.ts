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

/**
 * A map's integer keys in increasing order. Filled with forEach: Int32Array.from(map.keys()) goes
 * through the iterator protocol, an object per key in code that runs once a save and so is never
 * optimised (~18 ms against ~2 for 100,000 keys).
 */
export function sortedKeys(map: ReadonlyMap<number, unknown>): Int32Array {
  const out = new Int32Array(map.size);
  let i = 0;
  map.forEach((_, key) => {
    out[i++] = key;
  });
  return out.sort();
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

  get length(): number {
    return this.bytes.length;
  }

  /** Bytes [from, to). */
  read(from: number, to: number): Uint8Array {
    return this.bytes.subarray(from, to);
  }
}

/**
 * A Utf8Text as a world file stores it when long: deflated in blocks of about 64 KiB, cut between
 * characters, each inflated when first read. Social memory's 22 MiB of texts at 100,000 agents are
 * read by the inspector and by the next save, not by a tick: inflating them on load made ~23 MiB of
 * fresh buffers, and the garbage collector runs a full collection of the whole heap per ~64 MiB of those.
 *
 * The file's checksum, checked before a load touched anything, covers the blocks' stored bytes; that
 * a block inflates to its declared size and is UTF-8 can only be seen by inflating it, so `read`
 * checks it and throws an Error naming the section (only a file written wrong, or made up with a
 * matching checksum, fails there). The last block read is kept: reads in order inflate each once.
 */
export class Utf8Blocks {
  private cachedBlock = -1;
  private cached: Uint8Array = new Uint8Array(0);

  constructor(
    /** The blocks' deflated bytes, one after another. */
    private readonly stored: Uint8Array,
    /** Where block k ends in the text, and where its deflated bytes end in `stored`. */
    private readonly rawEnds: Uint32Array,
    private readonly storedEnds: Uint32Array,
    /** Inflate into at most `limit` bytes. */
    private readonly inflate: (data: Uint8Array, limit: number) => Uint8Array,
    /** How errors name the text ("social-memory section: text at texts"). */
    private readonly label: string,
  ) {}

  get length(): number {
    return this.rawEnds[this.rawEnds.length - 1];
  }

  /** Bytes [from, to): a view of a block when they lie in one, else a copy. */
  read(from: number, to: number): Uint8Array {
    if (!(from >= 0 && from <= to && to <= this.length)) throw new RangeError(`${this.label}: bytes ${from} to ${to} are outside the text`);
    let k = this.blockAt(from);
    const start = k > 0 ? this.rawEnds[k - 1] : 0;
    if (to <= this.rawEnds[k]) return this.block(k).subarray(from - start, to - start);
    const out = new Uint8Array(to - from);
    for (let at = from; at < to; k++) {
      const blockStart = k > 0 ? this.rawEnds[k - 1] : 0;
      const take = Math.min(to, this.rawEnds[k]) - at;
      out.set(this.block(k).subarray(at - blockStart, at - blockStart + take), at - from);
      at += take;
    }
    return out;
  }

  /** The block holding byte `at` (the last one for the end). */
  private blockAt(at: number): number {
    let lo = 0;
    let hi = this.rawEnds.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.rawEnds[mid] > at) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private block(k: number): Uint8Array {
    if (k === this.cachedBlock) return this.cached;
    const n = this.rawEnds.length;
    const size = this.rawEnds[k] - (k > 0 ? this.rawEnds[k - 1] : 0);
    const fail = (why: string) => new Error(`${this.label}: block ${k + 1} of ${n} of the loaded file ${why} (damaged file)`);
    let bytes: Uint8Array;
    try {
      // One byte of headroom: a block longer than declared shows up as such instead of passing cut.
      bytes = this.inflate(this.stored.subarray(k > 0 ? this.storedEnds[k - 1] : 0, this.storedEnds[k]), size + 1);
    } catch (err) {
      throw fail(`cannot be decompressed (${(err as Error).message.split('\n')[0]})`);
    }
    if (bytes.length !== size) throw fail(bytes.length > size ? `decompresses to more than its declared ${size} bytes` : `decompresses to ${bytes.length} bytes, not its declared ${size}`);
    if (!isUtf8(bytes)) throw fail('is not valid UTF-8');
    this.cachedBlock = k;
    this.cached = bytes;
    return bytes;
  }
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Node's Buffer, where there is one (not in a browser). */
type NodeBuffer = Uint8Array & { utf8Write(s: string, offset: number): number };
const NodeBuffer = (globalThis as unknown as { Buffer?: { from(buffer: ArrayBufferLike, offset: number, length: number): NodeBuffer } }).Buffer;

/** Strings appended as UTF-8 to one growing buffer. */
export class Utf8Writer {
  private buf: Uint8Array;
  /** The same memory as a Node Buffer, where there is one. */
  private node: NodeBuffer | null = null;
  /** Bytes written so far. */
  length = 0;

  constructor(capacity: number) {
    this.buf = this.use(new Uint8Array(Math.max(64, capacity)));
  }

  /**
   * Append a string and return how many bytes it took (a lone surrogate, which UTF-8 cannot carry,
   * is written as U+FFFD, as TextEncoder does). One call per string: measured several times faster
   * than a loop over its characters, and than joining 330,000 texts to encode them at once (the
   * join alone cost more). On Node, Buffer's utf8Write: the same bytes, without the view and the
   * result object that encodeInto makes per string (660,000 objects a 100,000-agent save, and
   * garbage collections).
   */
  write(s: string): number {
    this.reserve(3 * s.length);
    const written = this.node ? this.node.utf8Write(s, this.length) : utf8.encodeInto(s, this.buf.subarray(this.length)).written;
    this.length += written;
    return written;
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
    this.buf = this.use(grown);
  }

  private use(buf: Uint8Array): Uint8Array {
    this.node = NodeBuffer ? NodeBuffer.from(buf.buffer, buf.byteOffset, buf.length) : null;
    return buf;
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
