// Writing world files safely on Node: the bytes go to a temporary file in the same folder, are
// flushed to disk (fsync), and only then renamed over the target, so a crash, a full disk or a
// failed write leaves the previous file as it was. The previous file is kept as FILE.bak.

import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { constants, crc32, deflateRawSync, inflateRaw, inflateRawSync } from 'node:zlib';
import type { World } from '../engine/world';
import type { DeflateCodec } from './container';
import { piecesLength } from './container';
import { encodeWorldPieces, inspectWorld, loadWorld, loadWorldAsync, WorldFileError, type EncodeOptions, type LoadOptions, type WorldFileInfo } from './world-file';

/** The file-system calls an atomic write makes; tests pass a failing one to simulate a full disk. */
export interface WriteIo {
  openSync(path: string, flags: string): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
  linkSync(existing: string, created: string): void;
  copyFileSync(from: string, to: string): void;
  existsSync(path: string): boolean;
}

const nodeIo: WriteIo = fs;

/** node:zlib's raw DEFLATE and CRC-32: the same format fflate and crc32.ts read and write, several times faster. */
export const zlibCodec: DeflateCodec = {
  // memLevel 9 (zlib's default is 8): measured faster and a little smaller on world files.
  deflate: (data, level) => exact(deflateRawSync(data, { level, memLevel: 9 })),
  // One stream from separately compressed pieces: each but the last ends with a sync flush (byte
  // aligned, not final), so their outputs joined are one valid raw DEFLATE stream; a piece cannot
  // refer back into the one before, which costs nothing measurable on megabyte pieces.
  deflatePieces(pieces, level, expectedRatio) {
    const nonEmpty = pieces.filter((p) => p.length > 0);
    if (nonEmpty.length === 0) return [deflateRawSync(new Uint8Array(0), { level })];
    return nonEmpty.map((p, i) => deflatePiece(p, level, expectedRatio, i === nonEmpty.length - 1));
  },
  deflateUnfinished: (pieces, level, expectedRatio) => pieces.filter((p) => p.length > 0).map((p) => deflatePiece(p, level, expectedRatio, false)),
  // One output chunk of the whole declared size: zlib writes straight into it (with the default 16 KiB
  // chunks, joining them cost as much again as inflating).
  inflate: (data, limit) => inflateRawSync(data, { maxOutputLength: limit, chunkSize: Math.max(64, limit) }),
  // A small section inflates in less time than a hand-off to the pool and back takes (at 2,500
  // agents, where every section is under this, an async load with every section handed off took 71
  // ms against the sync load's 46).
  inflateAsyncFrom: 256 * 1024,
  inflateAsync: (data, limit) =>
    new Promise((resolve, reject) => inflateRaw(data, { maxOutputLength: limit, chunkSize: Math.max(64, limit) }, (err, out) => (err ? reject(err) : resolve(out)))),
  crc32: (data, crc = 0) => crc32(data, crc),
};

/** One piece of a stream: the end of it (Z_FINISH), or not (a sync flush: byte-aligned, more may follow). */
function deflatePiece(p: Uint8Array, level: number, expectedRatio: number | undefined, last: boolean): Uint8Array {
  const strategy = p.length >= STRATEGY_FROM && level > 0 && !repeatsAtDistance(p) ? constants.Z_RLE : constants.Z_DEFAULT_STRATEGY;
  return exact(deflateRawSync(p, { level, memLevel: 9, strategy, chunkSize: outputChunk(p.length, expectedRatio), finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH }));
}

/**
 * The output in a buffer of its own size when the one zlib wrote into is much larger (a piece that
 * shrank more than expected: zeros, a column of a few values). The outputs live until the file is
 * written, and their buffers' full size counts towards the external memory whose growth starts the
 * garbage collector's full collections (~130 ms each at 100,000 agents): at 100,000 agents the
 * outputs were 16 MiB in 29 MiB of buffers (social memory's text blocks, ~10 KiB each, in 16 KiB
 * ones). The copies are a few milliseconds.
 */
function exact(out: Uint8Array): Uint8Array {
  const spare = out.buffer.byteLength - out.length;
  return spare > 4096 && spare > out.length / 4 ? new Uint8Array(out) : out;
}

/** Pieces from this size on are looked at to choose the DEFLATE strategy. */
const STRATEGY_FROM = 1 << 16;
const SCAN_WINDOWS = 4;
const SCAN_WINDOW = 4096;
/** Below this share of 4-byte repeats (other than runs of one byte), LZ77 matching is not worth its time. */
const FEW_REPEATS = 0.02;
const lastSeen = new Int32Array(1 << 12);

/**
 * Does a piece repeat 4-byte sequences at a distance (what LZ77 matching finds and run-length
 * coding does not)? Judged on a few windows spread over it. Many of a world's arrays do not: floats
 * that rarely repeat, or zeros. For those, zlib's run-length strategy (matches at distance 1 only)
 * gives the same size or smaller in a third to a half of the time: at 100,000 agents, the save's
 * pieces of 64 KiB or more deflated in ~240 instead of ~300 ms, 0.03 MiB smaller. Same format.
 */
export function repeatsAtDistance(p: Uint8Array): boolean {
  let repeats = 0;
  let scanned = 0;
  for (let w = 0; w < SCAN_WINDOWS; w++) {
    const from = Math.floor(((p.length - SCAN_WINDOW) * w) / (SCAN_WINDOWS - 1));
    lastSeen.fill(-1);
    for (let i = from + 1; i < from + SCAN_WINDOW - 3; i++) {
      const word = p[i] | (p[i + 1] << 8) | (p[i + 2] << 16) | (p[i + 3] << 24);
      const h = Math.imul(word, 0x9e3779b1) >>> 20;
      const j = lastSeen[h];
      lastSeen[h] = i;
      scanned++;
      if (j < 0) continue;
      const run = p[i] === p[i - 1] && p[i + 1] === p[i] && p[i + 2] === p[i] && p[i + 3] === p[i];
      if (!run && p[j] === p[i] && p[j + 1] === p[i + 1] && p[j + 2] === p[i + 2] && p[j + 3] === p[i + 3]) repeats++;
    }
  }
  return repeats >= FEW_REPEATS * scanned;
}

/**
 * Output buffer size for deflating `length` bytes: room for the expected output in one buffer. With
 * zlib's default 16 KiB chunks a megabyte piece came back as dozens of chunks joined into a copy:
 * ~18 MiB of buffers more per 100,000-agent save, fresh memory that the first save pays for in page
 * faults and that counts towards the garbage collector's external-memory trigger. Pages of the
 * buffer that are never written are never touched.
 */
function outputChunk(length: number, expectedRatio = 0.5): number {
  return Math.max(16 * 1024, Math.ceil(length * Math.min(1, expectedRatio * 1.25)) + 1024);
}

export interface AtomicWriteOptions {
  /** Keep the file being replaced as `path + '.bak'` (default true). */
  backup?: boolean;
  io?: WriteIo;
}

/** Write bytes (or pieces of them, in order) to `path` so that the file is always either the old one or the complete new one. */
export function writeFileAtomic(path: string, bytes: Uint8Array | readonly Uint8Array[], options: AtomicWriteOptions = {}): void {
  const io = options.io ?? nodeIo;
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd = -1;
  try {
    fd = io.openSync(tmp, 'wx');
    for (const piece of bytes instanceof Uint8Array ? [bytes] : bytes) {
      let at = 0;
      while (at < piece.length) at += io.writeSync(fd, piece, at, Math.min(1 << 20, piece.length - at));
    }
    io.fsyncSync(fd);
    io.closeSync(fd);
    fd = -1;
    if (options.backup !== false && io.existsSync(path)) {
      // A hard link keeps the old file as .bak without a moment where `path` does not exist;
      // file systems without hard links get a copy.
      const bak = `${path}.bak`;
      if (io.existsSync(bak)) io.unlinkSync(bak);
      try {
        io.linkSync(path, bak);
      } catch {
        io.copyFileSync(path, bak);
      }
    }
    io.renameSync(tmp, path);
  } catch (err) {
    if (fd >= 0) {
      try {
        io.closeSync(fd);
      } catch {
        // already failing; the original error is the one to report
      }
    }
    try {
      if (io.existsSync(tmp)) io.unlinkSync(tmp);
    } catch {
      // a leftover temporary file is harmless: it never has the target's name
    }
    throw err;
  }
  syncFolder(dirname(path));
}

/** Make the rename itself durable (POSIX); folders cannot be opened for this on Windows. */
function syncFolder(dir: string): void {
  let fd = -1;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // not supported here; the data itself was already flushed
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
}

export interface SaveResult {
  path: string;
  bytes: number;
  /** Milliseconds to snapshot and encode the world, and to write the file. */
  encodeMs: number;
  writeMs: number;
}

/** Snapshot the world (between ticks) and write it to `path` atomically, keeping the old file as .bak. */
export function saveWorldFile(world: World, path: string, options: EncodeOptions & AtomicWriteOptions = {}): SaveResult {
  const t0 = performance.now();
  // Written as pieces: joining ~18 MiB of them first would only copy them.
  const pieces = encodeWorldPieces(world, { codec: zlibCodec, ...options });
  const t1 = performance.now();
  writeFileAtomic(path, pieces, options);
  return { path, bytes: piecesLength(pieces), encodeMs: t1 - t0, writeMs: performance.now() - t1 };
}

function readBytes(path: string): Uint8Array {
  try {
    return fs.readFileSync(path);
  } catch (err) {
    throw readError(path, err);
  }
}

function readError(path: string, err: unknown): WorldFileError {
  const code = (err as NodeJS.ErrnoException).code;
  return new WorldFileError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? (err as Error).message})`);
}

/** Load a world file into a new world; a bad file throws a one-line WorldFileError. */
export function loadWorldFile(path: string, options: LoadOptions = {}): World {
  return withPath(path, () => loadWorld(readBytes(path), { codec: zlibCodec, ...options }));
}

/**
 * loadWorldFile() with the sections inflated on node's thread pool while the main thread decodes
 * (the file read is off the main thread too). For the command line and anything that can await.
 */
export async function loadWorldFileAsync(path: string, options: LoadOptions = {}): Promise<World> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.promises.readFile(path);
  } catch (err) {
    throw readError(path, err);
  }
  return withPath(path, () => loadWorldAsync(bytes, { codec: zlibCodec, ...options }));
}

export function inspectWorldFile(path: string): WorldFileInfo {
  return withPath(path, () => inspectWorld(readBytes(path), zlibCodec));
}

/** Errors about a file's contents start with the file's name. */
function withPath<T>(path: string, fn: () => T): T;
function withPath<T>(path: string, fn: () => Promise<T>): Promise<T>;
function withPath<T>(path: string, fn: () => T | Promise<T>): T | Promise<T> {
  try {
    const result = fn();
    return result instanceof Promise ? result.catch((err: unknown) => Promise.reject(named(path, err))) : result;
  } catch (err) {
    throw named(path, err);
  }
}

function named(path: string, err: unknown): unknown {
  return err instanceof WorldFileError && !err.message.startsWith(path) ? new WorldFileError(`${path}: ${err.message}`) : err;
}
