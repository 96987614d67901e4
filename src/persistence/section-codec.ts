// Encoding a section's data (JSON-compatible values, typed arrays allowed) into bytes and back.
// Typed arrays travel as raw little-endian bytes after the JSON, replaced in the JSON by a
// placeholder {"$typed": kind, "$offset": bytes, "$length": elements}; so do long strings (64 KiB
// and more, e.g. a section's joined texts), as UTF-8 with {"$text": offset, "$bytes": length}, since
// JSON-escaping megabytes of text costs several times more (a string with a lone surrogate, which
// UTF-8 cannot carry, stays in the JSON); and a section's Utf8Text (bytes that already are UTF-8)
// travels as its bytes with {"$utf8": offset, "$bytes": length}, or, when the caller gives a deflate
// function and the text is 4 KiB or more, deflated in blocks of about 64 KiB (cut between characters)
// with {"$utf8z": offset, "$bytes": length, "$blocks": n}: at the offset, u32 rawEnd[n] (where each
// block ends in the text), u32 storedEnd[n] (where its deflated bytes end, counted from the first
// block's), then the blocks; a load gets a Utf8Blocks that inflates a block when it is read (see
// there). The container stores the blocks as they are (PrecompressedBytes). Saving refuses what JSON would
// silently change or lose (NaN, Infinity, Maps, class instances) and anything that looks like a
// secret: a key named like apiKey/secret/token/password, or a string (or Utf8Text) shaped like a provider's API key.

import { isUtf8, Utf8Blocks, Utf8Text } from '../engine/saved-arrays';
import { fflateCodec, joinPieces, PieceWriter, piecesLength, PrecompressedBytes, WorldFileError, type DeflateCodec } from './container';

type Typed = Float32Array | Float64Array | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array;

const KINDS = {
  f32: Float32Array,
  f64: Float64Array,
  i8: Int8Array,
  u8: Uint8Array,
  u8c: Uint8ClampedArray,
  i16: Int16Array,
  u16: Uint16Array,
  i32: Int32Array,
  u32: Uint32Array,
} as const;
type Kind = keyof typeof KINDS;

function kindOf(a: ArrayBufferView): Kind | null {
  for (const [k, ctor] of Object.entries(KINDS)) if (a.constructor === ctor) return k as Kind;
  return null;
}

const SECRET_KEY = /(apikey|secret|secrets|password|passwd|passphrase|token|authorization|credentials?|privatekey)$/;
const SECRET_VALUE = /(sk-[A-Za-z0-9_-]{20,}|AIza[0-9A-Za-z_-]{30,})/;
const PLACEHOLDER = '$typed';
const TEXT = '$text';
const UTF8 = '$utf8';
const UTF8Z = '$utf8z';
/** Texts from this size on are deflated in blocks (when the caller can deflate), blocks of about this size. */
const BLOCKED_FROM = 4096;
const TEXT_BLOCK = 1 << 16;
/** Deflate cannot shrink data by more than about 1032:1, so a block declaring more is damage. */
const MAX_RATIO = 1040;
/** Strings from this length on travel as UTF-8 bytes after the JSON. */
const LONG_STRING = 1 << 16;
/** No lone surrogates: String.prototype.isWellFormed (ES2024; Node 20, current browsers), else a regex. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isWellFormed = (s: string): boolean => {
  const native = (s as unknown as { isWellFormed?: () => boolean }).isWellFormed;
  return native ? native.call(s) : !LONE_SURROGATE.test(s);
};

/** Every element finite (a loop: every() with a callback per element cost ~10 ms a million). */
function allFinite(a: Float32Array | Float64Array): boolean {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v - v !== 0) return false;
  }
  return true;
}

const isKeyByte = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || b === 0x2d;

/** Length of the run of [A-Za-z0-9_-] bytes from `at`, counted up to `enough`. */
function keyRun(bytes: Uint8Array, at: number, enough: number): number {
  let n = 0;
  while (n < enough && at + n < bytes.length && isKeyByte(bytes[at + n])) n++;
  return n;
}

/**
 * SECRET_VALUE.test on UTF-8 bytes, without decoding them: the pattern is ASCII and a non-ASCII
 * character's bytes are all 0x80 or more, so it matches the bytes exactly where it matches the text.
 * Found from the rare "-" of "sk-" and "z" of "AIza" by the native indexOf.
 */
function utf8LooksLikeSecret(bytes: Uint8Array): boolean {
  for (let p = bytes.indexOf(0x2d, 2); p >= 0; p = bytes.indexOf(0x2d, p + 1)) {
    if (bytes[p - 2] === 0x73 && bytes[p - 1] === 0x6b && keyRun(bytes, p + 1, 20) === 20) return true;
  }
  for (let p = bytes.indexOf(0x7a, 2); p >= 0; p = bytes.indexOf(0x7a, p + 1)) {
    if (bytes[p - 2] === 0x41 && bytes[p - 1] === 0x49 && bytes[p + 1] === 0x61 && keyRun(bytes, p + 2, 30) === 30) return true;
  }
  return false;
}

/** Is this object key a name under which a secret would be kept? ("apiKey", "api_key", "authToken"...) */
export function isSecretKey(key: string): boolean {
  let secret = keyVerdicts.get(key);
  if (secret === undefined) {
    secret = SECRET_KEY.test(key.toLowerCase().replace(/[^a-z0-9]/g, ''));
    if (keyVerdicts.size < 10_000) keyVerdicts.set(key, secret);
  }
  return secret;
}

/** Sections repeat the same few keys thousands of times: remember each key's verdict. */
const keyVerdicts = new Map<string, boolean>();

function pathText(path: (string | number)[]): string {
  return path.length ? path.join('.') : '(root)';
}

/**
 * Check a value before it is written and collect its typed arrays. Throws a WorldFileError naming
 * the section (label) and the path of the first problem.
 */
function checkForSave(value: unknown, label: string, path: (string | number)[], blobs: Payload[]): void {
  if (value === null || value === undefined || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new WorldFileError(`cannot save the ${label} section: non-finite number ${value} at ${pathText(path)}`);
    return;
  }
  if (typeof value === 'string') {
    if (value.length >= 24 && SECRET_VALUE.test(value)) throw new WorldFileError(`refusing to save the ${label} section: the string at ${pathText(path)} looks like an API key (secrets are never written)`);
    if (value.length >= LONG_STRING && isWellFormed(value)) blobs.push(value);
    return;
  }
  if (typeof value !== 'object') throw new WorldFileError(`cannot save the ${label} section: a ${typeof value} at ${pathText(path)} is not JSON data`);
  if (value instanceof Utf8Text) {
    if (!(value.bytes instanceof Uint8Array)) throw new WorldFileError(`cannot save the ${label} section: the text at ${pathText(path)} must hold a Uint8Array`);
    if (utf8LooksLikeSecret(value.bytes)) throw new WorldFileError(`refusing to save the ${label} section: the text at ${pathText(path)} looks like it holds an API key (secrets are never written)`);
    blobs.push(value);
    return;
  }
  if (ArrayBuffer.isView(value)) {
    const kind = kindOf(value);
    if (!kind) throw new WorldFileError(`cannot save the ${label} section: ${value.constructor.name} at ${pathText(path)} is not a supported typed array`);
    if ((kind === 'f32' || kind === 'f64') && !allFinite(value as Float32Array | Float64Array)) {
      throw new WorldFileError(`cannot save the ${label} section: non-finite number in the ${kind} array at ${pathText(path)}`);
    }
    blobs.push(value);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      // Leaves inline (most values are): a call per number costs more than the check.
      if (typeof v === 'number' ? Number.isFinite(v) : typeof v === 'string' ? v.length < 24 : typeof v === 'boolean' || v === null) continue;
      path.push(i);
      checkForSave(v, label, path, blobs);
      path.pop();
    }
    return;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new WorldFileError(`cannot save the ${label} section: a ${(value as object).constructor?.name ?? 'class instance'} at ${pathText(path)} is not plain JSON data (convert it to lists and objects)`);
  }
  for (const key of Object.keys(value)) {
    if (isSecretKey(key)) throw new WorldFileError(`refusing to save the ${label} section: it holds a field named "${key}" at ${pathText(path)} (secrets are never written)`);
    if (key === PLACEHOLDER || key === TEXT || key === UTF8 || key === UTF8Z) throw new WorldFileError(`cannot save the ${label} section: the key "${key}" at ${pathText(path)} is reserved`);
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'number' ? Number.isFinite(v) : typeof v === 'string' ? v.length < 24 : typeof v === 'boolean' || v === null) continue;
    path.push(key);
    checkForSave(v, label, path, blobs);
    path.pop();
  }
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });
const align8 = (n: number) => (n + 7) & ~7;

/** What travels after the JSON: typed arrays, long strings (as UTF-8) and UTF-8 texts. */
type Payload = ArrayBufferView | string | Utf8Text;

/** Section data → bytes: u32 jsonLength | JSON | padding to 8 | typed-array bytes (each padded to 8). */
export function encodeValue(value: unknown, label: string, deflate?: Deflate): Uint8Array {
  return joinPieces(encodePieces(value, label, deflate));
}

/** Raw DEFLATE of some bytes, whole (a stream of its own). */
export type Deflate = (bytes: Uint8Array) => Uint8Array;

/**
 * A long UTF-8 text as blocks of about TEXT_BLOCK bytes, each cut before a character's first byte and
 * deflated on its own: the block table (u32 raw ends, u32 stored ends), then the blocks.
 */
function textBlocks(bytes: Uint8Array, deflate: Deflate): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  const rawEnds: number[] = [];
  for (let from = 0; from < bytes.length; ) {
    let to = Math.min(bytes.length, from + TEXT_BLOCK);
    while (to < bytes.length && (bytes[to] & 0xc0) === 0x80) to++;
    const stored = deflate(bytes.subarray(from, to));
    blocks.push(new PrecompressedBytes(stored.buffer as ArrayBuffer, stored.byteOffset, stored.byteLength));
    rawEnds.push(to);
    from = to;
  }
  const table = new Uint32Array(2 * blocks.length);
  let stored = 0;
  blocks.forEach((b, k) => {
    table[k] = rawEnds[k];
    table[blocks.length + k] = stored += b.length;
  });
  return [new Uint8Array(table.buffer), ...blocks];
}

/**
 * encodeValue's bytes as pieces, large typed arrays (and texts) as views of their own memory: a
 * writer that deflates piece by piece never copies them (at 100,000 agents ~50 MiB a save, whose
 * allocation drove full garbage collections). The caller writes them before anything changes.
 */
export function encodePieces(value: unknown, label: string, deflate?: Deflate): Uint8Array[] {
  const blobs: Payload[] = [];
  checkForSave(value, label, [], blobs);
  const bytesOf = new Map<Payload, Uint8Array[]>();
  const offsets = new Map<Payload, number>();
  let blobBytes = 0;
  for (const b of blobs) {
    if (offsets.has(b)) continue;
    const blocked = deflate && b instanceof Utf8Text && b.bytes.length >= BLOCKED_FROM;
    const bytes = typeof b === 'string' ? [utf8.encode(b)] : b instanceof Utf8Text ? (blocked ? textBlocks(b.bytes, deflate) : [b.bytes]) : [new Uint8Array(b.buffer, b.byteOffset, b.byteLength)];
    bytesOf.set(b, bytes);
    offsets.set(b, blobBytes);
    blobBytes += align8(piecesLength(bytes));
  }
  const text =
    blobs.length === 0
      ? JSON.stringify(value ?? null)
      : JSON.stringify(value ?? null, function (_key, v) {
          if (typeof v === 'string') return v.length >= LONG_STRING && offsets.has(v) ? { [TEXT]: offsets.get(v), $bytes: bytesOf.get(v)![0].length } : v;
          if (v instanceof Utf8Text) {
            const pieces = bytesOf.get(v)!;
            return pieces.length > 1 || pieces[0] !== v.bytes ? { [UTF8Z]: offsets.get(v), $bytes: v.bytes.length, $blocks: pieces.length - 1 } : { [UTF8]: offsets.get(v), $bytes: v.bytes.length };
          }
          return ArrayBuffer.isView(v) ? { [PLACEHOLDER]: kindOf(v), $offset: offsets.get(v), $length: (v as Typed).length } : v;
        });
  const json = utf8.encode(text);
  const out = new PieceWriter();
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, json.length, true);
  out.write(length);
  out.write(json);
  out.pad(8);
  for (const b of offsets.keys()) {
    for (const piece of bytesOf.get(b)!) out.write(piece);
    out.pad(8);
  }
  return out.finish();
}

/**
 * Bytes → section data, checking the JSON, every number's finiteness and every typed array's bounds.
 * `codec` inflates texts stored in blocks, each when it is first read (fflate unless given).
 */
export function decodeValue(bytes: Uint8Array, label: string, codec: Pick<DeflateCodec, 'inflate'> = fflateCodec): unknown {
  if (bytes.length < 4) throw new WorldFileError(`${label} section: too short`);
  const jsonLen = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (4 + jsonLen > bytes.length) throw new WorldFileError(`${label} section: declared JSON length ${jsonLen} exceeds the section (${bytes.length} bytes)`);
  let value: unknown;
  let text: string;
  try {
    text = fromUtf8.decode(bytes.subarray(4, 4 + jsonLen));
    value = JSON.parse(text);
  } catch (err) {
    throw new WorldFileError(`${label} section: not valid JSON (${(err as Error).message})`);
  }
  // JSON.parse yields a non-finite number only from a literal beyond ±1.8e308 (a 3-digit exponent
  // or 309+ digits), and typed arrays only from placeholders: without either, the walk is skipped.
  if (!text.includes(`"${PLACEHOLDER}"`) && !text.includes(`"${TEXT}"`) && !text.includes(`"${UTF8}`) && !/[eE][+]?\d{3}|\d{309}/.test(text)) return value;
  const blobStart = align8(4 + jsonLen);
  return restore(value, { bytes, blobStart, label, codec }, []);
}

/** What restoring placeholders needs: the section's bytes, where its payloads start, its name, an inflater. */
interface Blobs {
  bytes: Uint8Array;
  blobStart: number;
  label: string;
  codec: Pick<DeflateCodec, 'inflate'>;
}

function restore(value: unknown, blobs: Blobs, path: (string | number)[]): unknown {
  const { label } = blobs;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new WorldFileError(`${label} section: non-finite number at ${pathText(path)}`);
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (v !== null && typeof v === 'object') {
        path.push(i);
        const r = restore(v, blobs, path);
        if (r !== v) value[i] = r;
        path.pop();
      } else if (typeof v === 'number' && !Number.isFinite(v)) {
        throw new WorldFileError(`${label} section: non-finite number at ${pathText([...path, i])}`);
      }
    }
    return value;
  }
  const obj = value as Record<string, unknown>;
  const { bytes, blobStart } = blobs;
  if (PLACEHOLDER in obj) return typedFrom(obj, bytes, blobStart, label, path);
  if (TEXT in obj) return textFrom(obj, bytes, blobStart, label, path);
  if (UTF8 in obj) return utf8From(obj, bytes, blobStart, label, path);
  if (UTF8Z in obj) return utf8BlocksFrom(obj, blobs, path);
  for (const key of Object.keys(obj)) {
    path.push(key);
    const v = obj[key];
    const r = restore(v, blobs, path);
    if (r !== v) obj[key] = r;
    path.pop();
  }
  return obj;
}

function typedFrom(p: Record<string, unknown>, bytes: Uint8Array, blobStart: number, label: string, path: (string | number)[]): Typed {
  const kind = p[PLACEHOLDER] as Kind;
  const offset = p.$offset as number;
  const length = p.$length as number;
  if (!(typeof kind === 'string' && kind in KINDS) || !Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset % 8 !== 0) {
    throw new WorldFileError(`${label} section: bad typed array at ${pathText(path)}`);
  }
  const ctor = KINDS[kind];
  const start = bytes.byteOffset + blobStart + offset;
  const end = blobStart + offset + length * ctor.BYTES_PER_ELEMENT;
  if (end > bytes.length) throw new WorldFileError(`${label} section: typed array at ${pathText(path)} runs past the end of the section`);
  // A view of the section's bytes where they are aligned for the kind (inflated sections are): copying
  // every array of a load (~70 MiB at 100,000 agents) cost the copy and, more, the full garbage
  // collections that allocating as much again outside the heap triggers. A section that keeps an
  // array keeps its section's buffer alive with it.
  const arr = start % ctor.BYTES_PER_ELEMENT === 0 ? new ctor(bytes.buffer as ArrayBuffer, start, length) : new ctor(bytes.buffer.slice(start, start + length * ctor.BYTES_PER_ELEMENT) as ArrayBuffer);
  if ((kind === 'f32' || kind === 'f64') && !allFinite(arr as Float32Array | Float64Array)) {
    throw new WorldFileError(`${label} section: non-finite number in the ${kind} array at ${pathText(path)}`);
  }
  return arr;
}

function textFrom(p: Record<string, unknown>, bytes: Uint8Array, blobStart: number, label: string, path: (string | number)[]): string {
  const offset = p[TEXT] as number;
  const length = p.$bytes as number;
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset % 8 !== 0) throw new WorldFileError(`${label} section: bad text at ${pathText(path)}`);
  if (blobStart + offset + length > bytes.length) throw new WorldFileError(`${label} section: text at ${pathText(path)} runs past the end of the section`);
  try {
    return fromUtf8.decode(bytes.subarray(blobStart + offset, blobStart + offset + length));
  } catch {
    throw new WorldFileError(`${label} section: text at ${pathText(path)} is not valid UTF-8`);
  }
}

function utf8From(p: Record<string, unknown>, bytes: Uint8Array, blobStart: number, label: string, path: (string | number)[]): Utf8Text {
  const offset = p[UTF8] as number;
  const length = p.$bytes as number;
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset % 8 !== 0) throw new WorldFileError(`${label} section: bad text at ${pathText(path)}`);
  if (blobStart + offset + length > bytes.length) throw new WorldFileError(`${label} section: text at ${pathText(path)} runs past the end of the section`);
  const text = bytes.subarray(blobStart + offset, blobStart + offset + length);
  if (!isUtf8(text)) throw new WorldFileError(`${label} section: text at ${pathText(path)} is not valid UTF-8`);
  return new Utf8Text(text);
}

/**
 * A text stored in deflated blocks: its block table is checked now (ends rising, the last at the
 * text's length, the blocks inside the section, sizes DEFLATE can reach); the section's checksum,
 * checked before anything was decoded, covers the blocks' bytes. Whether each block inflates to its
 * size and is UTF-8 is checked when it is first read, by Utf8Blocks.
 */
function utf8BlocksFrom(p: Record<string, unknown>, { bytes, blobStart, label, codec }: Blobs, path: (string | number)[]): Utf8Blocks {
  const offset = p[UTF8Z] as number;
  const length = p.$bytes as number;
  const n = p.$blocks as number;
  const bad = (why: string) => new WorldFileError(`${label} section: text at ${pathText(path)}: ${why}`);
  if (![offset, length, n].every(Number.isSafeInteger) || offset < 0 || length < 0 || n < 1 || offset % 8 !== 0) throw bad('bad block placeholder');
  const at = blobStart + offset;
  if (at + 8 * n > bytes.length) throw bad('its block table runs past the end of the section');
  const table = (bytes.byteOffset + at) % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset + at, 2 * n) : new Uint32Array(bytes.slice(at, at + 8 * n).buffer);
  const rawEnds = table.subarray(0, n);
  const storedEnds = table.subarray(n);
  const stored = bytes.subarray(at + 8 * n, Math.min(bytes.length, at + 8 * n + storedEnds[n - 1]));
  if (stored.length !== storedEnds[n - 1]) throw bad('its blocks run past the end of the section');
  for (let k = 0; k < n; k++) {
    const raw = rawEnds[k] - (k > 0 ? rawEnds[k - 1] : 0);
    const size = storedEnds[k] - (k > 0 ? storedEnds[k - 1] : 0);
    if (!(rawEnds[k] > (k > 0 ? rawEnds[k - 1] : 0)) || !(storedEnds[k] > (k > 0 ? storedEnds[k - 1] : 0))) throw bad(`block ${k + 1} of ${n} is empty or out of order`);
    if (raw > size * MAX_RATIO + 1024) throw bad(`block ${k + 1} of ${n} declares ${raw} bytes, implausible for ${size} compressed bytes`);
  }
  if (rawEnds[n - 1] !== length) throw bad(`its blocks hold ${rawEnds[n - 1]} bytes, the text ${length}`);
  return new Utf8Blocks(stored, rawEnds, storedEnds, (data, limit) => codec.inflate(data, limit), `${label} section: text at ${pathText(path)}`);
}
