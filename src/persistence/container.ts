// The world file's container: magic bytes, format version, a small JSON header (the app version
// that wrote it, when, how many sections), then sections, each with its name, its stored and raw
// lengths, a CRC-32 and its bytes (deflated with fflate unless that would not make them smaller).
// Reading checks every length against the bytes that are really there and every checksum before
// anything is decompressed, so a damaged file gets a one-line error naming the section, never a crash.
//
// Layout (little-endian):
//   magic[8] "\x89SOCIETY" | u32 formatVersion | u32 headerLength | header JSON | u32 crc32(all before)
//   per section: u16 nameLength | name | u8 codec (0 stored, 1 deflate) | u32 storedLength
//                | u32 rawLength | u32 crc32(the fields before it + stored bytes) | stored bytes

import { Deflate, deflateSync, inflateSync } from 'fflate';
import { crc32 as jsCrc32 } from './crc32';

export const MAGIC = Uint8Array.from([0x89, 0x53, 0x4f, 0x43, 0x49, 0x45, 0x54, 0x59]);
const CODEC_STORED = 0;
const CODEC_DEFLATE = 1;
const MAX_HEADER = 64 * 1024;
const MAX_NAME = 256;
/** Deflate cannot shrink data by more than about 1032:1, so a larger declared raw size is damage. */
const MAX_RATIO = 1040;

export class WorldFileError extends Error {
  override readonly name = 'WorldFileError';
}

/** Raw DEFLATE both ways. fflate runs everywhere (browser worker included); Node hosts pass
 * node:zlib's, which is several times faster and writes the same format. */
export interface DeflateCodec {
  deflate(data: Uint8Array, level: number): Uint8Array;
  /**
   * Deflate pieces into one raw DEFLATE stream, as if they were one buffer (the result in pieces
   * too): a section's typed arrays are compressed where they are, never copied into one buffer.
   * `expectedRatio`, when known, is about how much the section shrinks (compressed / raw), so that
   * an implementation can size its output buffers.
   */
  deflatePieces(pieces: readonly Uint8Array[], level: number, expectedRatio?: number): Uint8Array[];
  /**
   * As deflatePieces, but the stream does not end: it stops at a byte boundary (a sync flush), so
   * that more DEFLATE blocks may follow (precompressed bytes as stored blocks, see PrecompressedBytes).
   * Optional: without it, precompressed bytes are compressed again with the rest of their section.
   */
  deflateUnfinished?(pieces: readonly Uint8Array[], level: number, expectedRatio?: number): Uint8Array[];
  /** Inflate into at most `limit` bytes (more is damage and may be cut or rejected). */
  inflate(data: Uint8Array, limit: number): Uint8Array;
  /**
   * inflate() off the calling thread, where the host has a way (node:zlib's thread pool): an async
   * load decodes one section while the next ones inflate on another core.
   */
  inflateAsync?(data: Uint8Array, limit: number): Promise<Uint8Array>;
  /** Sections smaller than this (uncompressed bytes) inflate on the calling thread anyway; 0 unless given. */
  inflateAsyncFrom?: number;
  /** CRC-32 continuing from `crc`, if the host has a native one (./crc32.ts otherwise; same values). */
  crc32?(data: Uint8Array, crc?: number): number;
}

export const fflateCodec: DeflateCodec = {
  deflate: (data, level) => deflateSync(data, { level: level as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 }),
  deflatePieces(pieces, level) {
    const out: Uint8Array[] = [];
    const stream = new Deflate({ level: level as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 }, (chunk) => out.push(chunk));
    pieces.forEach((p, i) => stream.push(p, i === pieces.length - 1));
    if (pieces.length === 0) stream.push(new Uint8Array(0), true);
    return out;
  },
  // No deflateUnfinished: fflate 0.8's sync flush (Deflate.flush(true)) writes its empty block at a
  // wrong bit offset whenever the stream's last byte is partly filled, so the stream would break.
  // A section's precompressed bytes are then compressed again with the rest (same raw bytes).

  // fflate silently stops at the end of a given output buffer.
  inflate: (data, limit) => inflateSync(data, { out: new Uint8Array(limit) }),
};

/**
 * Bytes a section compressed itself, as raw DEFLATE (social memory's texts, kept in separately
 * deflated blocks so that a load inflates a block only when it is read): the writer puts them into
 * the section's stream as stored DEFLATE blocks instead of compressing them again, so the section
 * still inflates to exactly the bytes its encoder made.
 */
export class PrecompressedBytes extends Uint8Array {}

export interface ContainerSection {
  name: string;
  /**
   * The section's uncompressed bytes. In a container just read, they are decompressed (and their
   * size checked) when first read: a reader that drops each section once it has used it never holds
   * every section's raw bytes at once (at 100,000 agents ~75 MiB, whose allocation triggered full
   * garbage collections of the whole heap).
   */
  data: Uint8Array;
  /**
   * Start decompressing the data off the calling thread (a section just read, whose codec can);
   * `data` is the result once the promise settles (it rejects as reading `data` would throw).
   * Idempotent. Reading `data` before then decompresses on the calling thread instead.
   */
  prefetch?(): Promise<void>;
}

/** A section just read: its data made by `read` when first asked for, or ahead of time by `readAsync`. */
function readSection(name: string, read: () => Uint8Array, readAsync?: () => Promise<Uint8Array>): ContainerSection {
  let data: Uint8Array | null = null;
  let pending: Promise<void> | null = null;
  const section: ContainerSection = {
    name,
    get data() {
      return (data ??= read());
    },
    set data(bytes: Uint8Array) {
      data = bytes;
    },
  };
  if (readAsync) {
    section.prefetch = () =>
      (pending ??= readAsync().then((bytes) => {
        data ??= bytes;
      }));
  }
  return section;
}

export interface SectionSize {
  name: string;
  storedBytes: number;
  rawBytes: number;
}

export interface Container {
  formatVersion: number;
  appVersion: string;
  savedAt: string;
  sections: ContainerSection[];
}

export interface ReadContainer extends Container {
  sizes: SectionSize[];
}

/** How a section is named in errors: "component:Vitals" → "component Vitals", "state:markets" → "markets". */
export function sectionLabel(name: string): string {
  if (name.startsWith('state:')) return name.slice(6);
  if (name.startsWith('component:')) return `component ${name.slice(10)}`;
  return name;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A section to write; its bytes may be made when the writer reaches it, so that each section's raw
 * bytes are garbage once compressed instead of all being held at once (at 100,000 agents ~90 MiB,
 * whose allocation made the garbage collector run full collections of the whole heap mid-save).
 */
export interface SectionToWrite {
  name: string;
  /** The bytes, or the pieces they are made of (in order), or a function making either. */
  data: SectionBytes | (() => SectionBytes);
}

export type SectionBytes = Uint8Array | readonly Uint8Array[];

/** The total length of some pieces. */
export function piecesLength(pieces: readonly Uint8Array[]): number {
  let n = 0;
  for (const p of pieces) n += p.length;
  return n;
}

/** Pieces joined into one buffer (the piece itself when there is one). */
export function joinPieces(pieces: readonly Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0];
  const out = new Uint8Array(piecesLength(pieces));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Collects a section's bytes as pieces: large byte ranges (typed arrays) stay views of their own
 * memory, small ones are gathered into shared runs, so a section of many small arrays is still a
 * few pieces (each piece is a separate zlib call when deflated).
 */
export class PieceWriter {
  readonly pieces: Uint8Array[] = [];
  private run = new Uint8Array(4096);
  private runLength = 0;
  /** Bytes written so far. */
  length = 0;

  /** Append bytes; from `viewFrom` bytes on they are kept as a view (the caller must not change them before they are written). */
  write(bytes: Uint8Array, viewFrom = 1 << 16): void {
    // Precompressed bytes stay a piece of their own, whatever their size (the writer stores them).
    if (bytes.length >= viewFrom || bytes instanceof PrecompressedBytes) {
      this.flushRun();
      this.pieces.push(bytes);
    } else {
      if (this.runLength + bytes.length > this.run.length) {
        const grown = new Uint8Array(Math.max(this.run.length * 2, this.runLength + bytes.length));
        grown.set(this.run.subarray(0, this.runLength));
        this.run = grown;
      }
      this.run.set(bytes, this.runLength);
      this.runLength += bytes.length;
    }
    this.length += bytes.length;
  }

  /** Append zero bytes up to a multiple of `n`. */
  pad(n: number): void {
    const extra = (n - (this.length % n)) % n;
    if (extra > 0) this.write(new Uint8Array(extra));
  }

  /** The pieces, in order. */
  finish(): Uint8Array[] {
    this.flushRun();
    return this.pieces;
  }

  private flushRun(): void {
    if (this.runLength === 0) return;
    this.pieces.push(this.run.subarray(0, this.runLength));
    this.run = new Uint8Array(4096);
    this.runLength = 0;
  }
}

export function writeContainer(c: Omit<Container, 'sections'> & { sections: SectionToWrite[] }, level = 1, codec: DeflateCodec = fflateCodec): Uint8Array {
  return joinPieces(writeContainerPieces(c, level, codec));
}

/**
 * writeContainer's bytes as pieces in order (a file can be written from them without joining
 * them). Each section is made, compressed and checksummed when the writer reaches it.
 */
export function writeContainerPieces(c: Omit<Container, 'sections'> & { sections: SectionToWrite[] }, level = 1, codec: DeflateCodec = fflateCodec): Uint8Array[] {
  const crc32 = codec.crc32 ?? jsCrc32;
  const header = utf8.encode(JSON.stringify({ appVersion: c.appVersion, savedAt: c.savedAt, sections: c.sections.length }));
  const parts: Uint8Array[] = [];
  const head = new Uint8Array(16 + header.length + 4);
  const hv = new DataView(head.buffer);
  head.set(MAGIC, 0);
  hv.setUint32(8, c.formatVersion, true);
  hv.setUint32(12, header.length, true);
  head.set(header, 16);
  hv.setUint32(16 + header.length, crc32(head.subarray(0, 16 + header.length)), true);
  parts.push(head);
  for (const s of c.sections) {
    const name = utf8.encode(s.name);
    if (name.length === 0 || name.length > MAX_NAME) throw new WorldFileError(`section name "${s.name}" must be 1 to ${MAX_NAME} bytes`);
    const made = typeof s.data === 'function' ? s.data() : s.data;
    const pieces = made instanceof Uint8Array ? [made] : made;
    const rawLength = piecesLength(pieces);
    // Judged on the bytes the writer would compress (precompressed ones go in as they are).
    const own = pieces.filter((p) => !(p instanceof PrecompressedBytes));
    const ownLength = piecesLength(own);
    const ratio = level === 0 || rawLength <= 64 ? 1 : ownLength > 64 ? sampledRatio(own, ownLength, level, codec) : 0;
    const deflated = ratio < 0.8 ? deflateSection(pieces, own.length < pieces.length, level, ratio > 0 ? ratio : undefined, codec) : null;
    const useDeflate = deflated !== null && piecesLength(deflated) < rawLength;
    const stored = useDeflate ? deflated : pieces;
    const storedLength = useDeflate ? piecesLength(deflated) : rawLength;
    const rec = new Uint8Array(2 + name.length + 1 + 4 + 4 + 4);
    const rv = new DataView(rec.buffer);
    rv.setUint16(0, name.length, true);
    rec.set(name, 2);
    let at = 2 + name.length;
    rec[at] = useDeflate ? CODEC_DEFLATE : CODEC_STORED;
    rv.setUint32(at + 1, storedLength, true);
    rv.setUint32(at + 5, rawLength, true);
    at += 9;
    let crc = crc32(rec.subarray(0, at));
    for (const p of stored) crc = crc32(p, crc);
    rv.setUint32(at, crc, true);
    parts.push(rec, ...stored);
  }
  return parts;
}

/** A section's pieces as one raw DEFLATE stream, precompressed pieces in it as stored blocks where the codec can. */
function deflateSection(pieces: readonly Uint8Array[], hasPrecompressed: boolean, level: number, ratio: number | undefined, codec: DeflateCodec): Uint8Array[] {
  if (!hasPrecompressed || !codec.deflateUnfinished) return codec.deflatePieces(pieces, level, ratio);
  const out: Uint8Array[] = [];
  let run: Uint8Array[] = [];
  pieces.forEach((p, i) => {
    const last = i === pieces.length - 1;
    if (!(p instanceof PrecompressedBytes)) {
      run.push(p);
      if (last) out.push(...codec.deflatePieces(run, level, ratio));
      return;
    }
    if (run.length > 0) out.push(...codec.deflateUnfinished!(run, level, ratio));
    run = [];
    out.push(...storedBlocks(p, last));
  });
  return out;
}

/**
 * Bytes as DEFLATE stored blocks (header byte: BFINAL, BTYPE 00; then LEN and its complement, at
 * most 65,535 bytes each), for a stream at a byte boundary (after a sync flush, or at its start).
 */
export function storedBlocks(bytes: Uint8Array, final: boolean): Uint8Array[] {
  const count = Math.max(1, Math.ceil(bytes.length / 0xffff));
  if (bytes.length === 0 && !final) return [];
  const headers = new Uint8Array(5 * count);
  const out: Uint8Array[] = [];
  for (let k = 0; k < count; k++) {
    const from = k * 0xffff;
    const len = Math.min(0xffff, bytes.length - from);
    const h = headers.subarray(5 * k, 5 * k + 5);
    h[0] = final && k === count - 1 ? 1 : 0;
    h[1] = len & 0xff;
    h[2] = len >>> 8;
    h[3] = ~len & 0xff;
    h[4] = (~len >>> 8) & 0xff;
    out.push(h);
    if (len > 0) out.push(bytes.subarray(from, from + len));
  }
  return out;
}

/** Sections from this size on are sampled before they are deflated. */
const SAMPLE_FROM = 1 << 20;
const SAMPLE_WINDOWS = 8;
const SAMPLE_WINDOW = 8192;

/**
 * About how much a large section shrinks (compressed / raw), judged on windows spread over it; 0 for
 * a small one (not sampled: always deflated). A section is deflated below 0.8: random-looking data
 * (skills, for one) barely shrinks, and deflating a megabyte of it costs tens of milliseconds of a save.
 */
function sampledRatio(pieces: readonly Uint8Array[], length: number, level: number, codec: DeflateCodec): number {
  if (length < SAMPLE_FROM) return 0;
  const sample = new Uint8Array(SAMPLE_WINDOWS * SAMPLE_WINDOW);
  for (let i = 0; i < SAMPLE_WINDOWS; i++) copyRange(pieces, Math.floor(((length - SAMPLE_WINDOW) * i) / (SAMPLE_WINDOWS - 1)), SAMPLE_WINDOW, sample, i * SAMPLE_WINDOW);
  return codec.deflate(sample, level).length / sample.length;
}

/** Copy `length` bytes from offset `from` of the pieces' joined bytes into `into` at `at`. */
function copyRange(pieces: readonly Uint8Array[], from: number, length: number, into: Uint8Array, at: number): void {
  let base = 0;
  for (const p of pieces) {
    const end = base + p.length;
    if (end > from && length > 0) {
      const take = Math.min(length, end - from);
      into.set(p.subarray(from - base, from - base + take), at);
      at += take;
      from += take;
      length -= take;
    }
    base = end;
  }
}

/** The fixed part: magic and format version. Throws a WorldFileError for anything but a world file. */
export function readFormatVersion(bytes: Uint8Array): number {
  if (bytes.length === 0) throw new WorldFileError('empty file, not a world file');
  const magicLen = Math.min(bytes.length, MAGIC.length);
  for (let i = 0; i < magicLen; i++) if (bytes[i] !== MAGIC[i]) throw new WorldFileError('not a world file (wrong magic bytes)');
  if (bytes.length < 12) throw new WorldFileError('file ends inside the file header');
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
}

/**
 * Parse and check the container: every length and every checksum; each section is decompressed
 * (and checked against its declared size) when its data is read. `maxVersion` is the newest format
 * this app reads; the caller migrates older ones.
 */
export function readContainer(input: Uint8Array, maxVersion: number, codec: DeflateCodec = fflateCodec): ReadContainer {
  // A plain Uint8Array view: a Node Buffer's slice() shares memory instead of copying.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const crc32 = codec.crc32 ?? jsCrc32;
  const formatVersion = readFormatVersion(bytes);
  if (formatVersion > maxVersion) {
    throw new WorldFileError(`format version ${formatVersion} is newer than this app reads (up to ${maxVersion}); open it with a newer llm-society`);
  }
  if (formatVersion < 1) throw new WorldFileError(`format version ${formatVersion} is not a known format`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 16) throw new WorldFileError('file ends inside the file header');
  const headerLen = view.getUint32(12, true);
  if (headerLen > MAX_HEADER) throw new WorldFileError(`file header: declared length ${headerLen} is implausible (damaged file)`);
  if (bytes.length < 16 + headerLen + 4) throw new WorldFileError('file ends inside the file header');
  if (crc32(bytes.subarray(0, 16 + headerLen)) !== view.getUint32(16 + headerLen, true)) throw new WorldFileError('file header: checksum mismatch');
  let header: { appVersion?: unknown; savedAt?: unknown; sections?: unknown };
  try {
    header = JSON.parse(fromUtf8.decode(bytes.subarray(16, 16 + headerLen)));
  } catch {
    throw new WorldFileError('file header: not valid JSON');
  }
  const count = header.sections;
  if (typeof header.appVersion !== 'string' || typeof header.savedAt !== 'string' || !Number.isInteger(count) || (count as number) < 0) {
    throw new WorldFileError('file header: expected appVersion, savedAt and a section count');
  }

  const sections: ContainerSection[] = [];
  const sizes: SectionSize[] = [];
  const seen = new Set<string>();
  let at = 16 + headerLen + 4;
  for (let i = 0; i < (count as number); i++) {
    if (at === bytes.length) throw new WorldFileError(`file ends after ${i} of ${count} sections`);
    if (at + 2 > bytes.length) throw new WorldFileError(`file ends inside section ${i + 1}'s header`);
    const nameLen = view.getUint16(at, true);
    if (nameLen === 0 || nameLen > MAX_NAME) throw new WorldFileError(`section ${i + 1}: name length ${nameLen} is implausible (damaged file)`);
    if (at + 2 + nameLen + 13 > bytes.length) throw new WorldFileError(`file ends inside section ${i + 1}'s header`);
    let name: string;
    try {
      name = fromUtf8.decode(bytes.subarray(at + 2, at + 2 + nameLen));
    } catch {
      name = '';
    }
    const label = /^[\x20-\x7e]+$/.test(name) ? sectionLabel(name) : `section ${i + 1}`;
    const fieldsAt = at + 2 + nameLen;
    const compression = bytes[fieldsAt];
    const storedLen = view.getUint32(fieldsAt + 1, true);
    const rawLen = view.getUint32(fieldsAt + 5, true);
    const crcAt = fieldsAt + 9;
    const dataAt = crcAt + 4;
    const left = bytes.length - dataAt;
    if (storedLen > left) throw new WorldFileError(`file ends inside the ${label} section (it declares ${storedLen} bytes, ${left} remain)`);
    const stored = bytes.subarray(dataAt, dataAt + storedLen);
    if (crc32(stored, crc32(bytes.subarray(at, crcAt))) !== view.getUint32(crcAt, true)) throw new WorldFileError(`${label} section: checksum mismatch`);
    if (seen.has(name)) throw new WorldFileError(`${label} section appears twice`);
    seen.add(name);
    if (compression === CODEC_STORED) {
      if (rawLen !== storedLen) throw new WorldFileError(`${label} section: stored length ${storedLen} differs from its size ${rawLen}`);
      sections.push(readSection(name, () => stored.slice()));
    } else if (compression === CODEC_DEFLATE) {
      if (rawLen > storedLen * MAX_RATIO + 1024) throw new WorldFileError(`${label} section: declared size ${rawLen} bytes is implausible for ${storedLen} compressed bytes`);
      const inflateAsync = rawLen >= (codec.inflateAsyncFrom ?? 0) ? codec.inflateAsync?.bind(codec) : undefined;
      sections.push(readSection(name, () => inflateSection(stored, rawLen, label, codec), inflateAsync && (() => inflateSectionAsync(stored, rawLen, label, inflateAsync))));
    } else {
      throw new WorldFileError(`${label} section: unknown compression ${compression}`);
    }
    sizes.push({ name, storedBytes: storedLen, rawBytes: rawLen });
    at = dataAt + storedLen;
  }
  if (at !== bytes.length) throw new WorldFileError(`${bytes.length - at} unexpected bytes after the last section`);
  return { formatVersion, appVersion: header.appVersion, savedAt: header.savedAt, sections, sizes };
}

// One byte of headroom when inflating: a stream longer than declared shows up as rawLen + 1 bytes
// (or an error) instead of passing cut to the declared size.
function inflateSection(stored: Uint8Array, rawLen: number, label: string, codec: DeflateCodec): Uint8Array {
  let out: Uint8Array;
  try {
    out = codec.inflate(stored, rawLen + 1);
  } catch (err) {
    throw cannotInflate(label, err);
  }
  return checkInflated(out, rawLen, label);
}

async function inflateSectionAsync(stored: Uint8Array, rawLen: number, label: string, inflate: NonNullable<DeflateCodec['inflateAsync']>): Promise<Uint8Array> {
  let out: Uint8Array;
  try {
    out = await inflate(stored, rawLen + 1);
  } catch (err) {
    throw cannotInflate(label, err);
  }
  return checkInflated(out, rawLen, label);
}

function cannotInflate(label: string, err: unknown): WorldFileError {
  return new WorldFileError(`${label} section: cannot decompress (${(err as Error).message.split('\n')[0]})`);
}

function checkInflated(out: Uint8Array, rawLen: number, label: string): Uint8Array {
  if (out.length !== rawLen) throw new WorldFileError(`${label} section: decompressed to ${out.length > rawLen ? 'more than' : out.length} bytes, declared ${rawLen}`);
  // 8-byte aligned so typed-array views on it are; a plain Uint8Array (a Buffer's slice() would share).
  return out.byteOffset % 8 === 0 ? new Uint8Array(out.buffer, out.byteOffset, rawLen) : new Uint8Array(out.buffer, out.byteOffset, rawLen).slice();
}
