// The container's codecs: node:zlib's native CRC-32 gives the same checksums as crc32.ts (so files
// move between Node and the app's worker), and large random-looking sections are stored, not deflated;
// the section codec's long strings and UTF-8 texts.

import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/rng';
import { isUtf8, Utf8Text, Utf8Writer } from '../../src/engine/saved-arrays';
import { fflateCodec, joinPieces, PieceWriter, PrecompressedBytes, readContainer, storedBlocks, writeContainer, writeContainerPieces } from '../../src/persistence/container';
import { crc32 } from '../../src/persistence/crc32';
import { repeatsAtDistance, zlibCodec } from '../../src/persistence/save-file';
import { decodeValue, encodeValue } from '../../src/persistence/section-codec';

const rng = new Rng([1, 2, 3, 4]);
const randomBytes = (n: number) => new Uint8Array(n).map(() => rng.int(256));

/** The first index where two byte arrays differ (-1 if equal): toEqual on megabytes takes tens of seconds. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

describe('container codecs', () => {
  it('the native CRC-32 equals crc32.ts, also when continued over pieces', () => {
    for (const n of [0, 1, 7, 1000, 65537]) {
      const a = randomBytes(n);
      const b = randomBytes(n >> 1);
      expect(zlibCodec.crc32!(a)).toBe(crc32(a));
      expect(zlibCodec.crc32!(b, zlibCodec.crc32!(a))).toBe(crc32(b, crc32(a)));
    }
  });

  it('stores a large random section raw, deflates a large regular one, and either codec reads both', () => {
    const noise = randomBytes(1 << 20);
    const zeros = new Uint8Array(1 << 20).map((_, i) => (i % 97 === 0 ? i & 0xff : 0));
    const bytes = writeContainer({ formatVersion: 2, appVersion: 'test', savedAt: 'now', sections: [{ name: 'noise', data: noise }, { name: 'zeros', data: zeros }] }, 1, zlibCodec);
    for (const codec of [zlibCodec, fflateCodec]) {
      const c = readContainer(bytes, 2, codec);
      const sizes = Object.fromEntries(c.sizes.map((s) => [s.name, s.storedBytes]));
      expect(sizes.noise).toBe(noise.length);
      expect(sizes.zeros).toBeLessThan(zeros.length / 10);
      expect(firstDifference(c.sections[0].data, noise)).toBe(-1);
      expect(firstDifference(c.sections[1].data, zeros)).toBe(-1);
    }
  });
});

describe('sections written as pieces', () => {
  it('deflate piece by piece into one stream that either inflater reads as the joined bytes, with either deflater', () => {
    const regular = (n: number, k: number) => new Uint8Array(n).map((_, i) => (i % k === 0 ? i & 0xff : k));
    const pieces = [regular(3, 2), new Uint8Array(0), regular(200_000, 7), regular(10, 3), new Uint8Array(0), regular(1 << 20, 97), regular(5, 5)];
    const noise = [randomBytes(1 << 15), randomBytes(1 << 15), randomBytes(5)];
    const joined = joinPieces(pieces);
    expect(joined.length).toBe(pieces.reduce((n, p) => n + p.length, 0));
    for (const writer of [zlibCodec, fflateCodec]) {
      const sections = [
        { name: 'pieces', data: pieces },
        { name: 'made', data: () => pieces },
        { name: 'empty', data: [new Uint8Array(0), new Uint8Array(0)] },
        { name: 'noise', data: noise },
      ];
      const parts = writeContainerPieces({ formatVersion: 2, appVersion: 'test', savedAt: 'now', sections }, 1, writer);
      const bytes = joinPieces(parts);
      expect(firstDifference(writeContainer({ formatVersion: 2, appVersion: 'test', savedAt: 'now', sections }, 1, writer), bytes)).toBe(-1);
      for (const reader of [zlibCodec, fflateCodec]) {
        const c = readContainer(bytes, 2, reader);
        const sizes = Object.fromEntries(c.sizes.map((s) => [s.name, s]));
        expect(sizes.pieces.storedBytes).toBeLessThan(joined.length / 4);
        expect(sizes.noise.storedBytes).toBe(sizes.noise.rawBytes); // random pieces are stored as they are
        expect(firstDifference(c.sections[0].data, joined)).toBe(-1);
        expect(firstDifference(c.sections[1].data, joined)).toBe(-1);
        expect(c.sections[2].data.length).toBe(0);
        expect(firstDifference(c.sections[3].data, joinPieces(noise))).toBe(-1);
      }
    }
  });

  it('node:zlib deflates pieces without repeats at a distance run-length only, into the same stream either inflater reads', () => {
    const floats = new Uint8Array(Float32Array.from({ length: 1 << 15 }, () => rng.range(0, 100)).buffer);
    const zeros = new Uint8Array(1 << 17);
    const records = new Uint8Array(1 << 17).map((_, i) => [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5][i % 11] + (i % 1000 === 0 ? 1 : 0));
    expect([floats, zeros, records].map(repeatsAtDistance)).toEqual([false, false, true]);
    const pieces = [floats, zeros, records, floats.subarray(1000, 90_000)];
    const sections = [{ name: 'mixed', data: pieces }];
    const bytes = joinPieces(writeContainerPieces({ formatVersion: 2, appVersion: 'test', savedAt: 'now', sections }, 1, zlibCodec));
    for (const reader of [zlibCodec, fflateCodec]) {
      const c = readContainer(bytes, 2, reader);
      expect(c.sizes[0].storedBytes).toBeLessThan(c.sizes[0].rawBytes * 0.8);
      expect(firstDifference(c.sections[0].data, joinPieces(pieces))).toBe(-1);
    }
  });

  it('precompressed pieces go into the stream as stored blocks (over 64 KiB: several), and the section inflates to the same bytes', () => {
    const regular = (n: number, k: number) => new Uint8Array(n).map((_, i) => (i % k === 0 ? i & 0xff : k));
    const pre = (bytes: Uint8Array) => new PrecompressedBytes(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
    const cases: Record<string, Uint8Array[]> = {
      between: [regular(5000, 3), pre(randomBytes(150_000)), regular(3000, 5)],
      last: [regular(5000, 3), pre(randomBytes(70_000)), pre(randomBytes(10))],
      first: [pre(randomBytes(100)), regular(20_000, 7)],
      alone: [pre(randomBytes(65_535))],
    };
    for (const writer of [zlibCodec, fflateCodec]) {
      const sections = Object.entries(cases).map(([name, data]) => ({ name, data }));
      const bytes = writeContainer({ formatVersion: 2, appVersion: 'test', savedAt: 'now', sections }, 1, writer);
      for (const reader of [zlibCodec, fflateCodec]) {
        const c = readContainer(bytes, 2, reader);
        for (const [i, [name, data]] of Object.entries(cases).entries()) expect(firstDifference(c.sections[i].data, joinPieces(data)), `${name}, ${i}`).toBe(-1);
        // zlib stores them (a few bytes per 64 KiB more); fflate compresses them again (no reliable sync flush).
        const between = c.sizes.find((x) => x.name === 'between')!;
        if (writer === zlibCodec) expect(between.storedBytes).toBeLessThan(150_000 + 3000);
      }
    }
    expect(storedBlocks(new Uint8Array(0), true).map((p) => Array.from(p))).toEqual([[1, 0, 0, 0xff, 0xff]]);
    expect(storedBlocks(new Uint8Array(0), false)).toEqual([]);
  });

  it('PieceWriter keeps large ranges as views, gathers small ones, and pads with zeros', () => {
    const big = new Uint8Array(1 << 16).fill(9);
    const w = new PieceWriter();
    w.write(Uint8Array.of(1, 2, 3));
    w.pad(8);
    w.write(big);
    w.write(Uint8Array.of(4));
    w.pad(4);
    const pieces = w.finish();
    expect(pieces.length).toBe(3);
    expect(pieces[1]).toBe(big);
    expect(Array.from(pieces[0])).toEqual([1, 2, 3, 0, 0, 0, 0, 0]);
    expect(Array.from(pieces[2])).toEqual([4, 0, 0, 0]);
    expect(w.length).toBe(8 + big.length + 4);
  });
});

describe('section codec: long strings', () => {
  it('travel as UTF-8 after the JSON and come back equal; one with a lone surrogate stays in the JSON, exactly', () => {
    const long = 'Talked with Ana Vale: "Good day", she said. Ünïcode ✓ 🙂\n'.repeat(2000);
    const lone = `${long}\ud800`;
    const data = { texts: long, other: lone, ends: Uint32Array.of(1, 2), short: 'x' };
    const bytes = encodeValue(data, 'probe');
    const jsonLength = new DataView(bytes.buffer).getUint32(0, true);
    const json = new TextDecoder().decode(bytes.subarray(4, 4 + jsonLength));
    expect(json).toContain('"texts":{"$text":');
    expect(json.length).toBeLessThan(lone.length * 1.2 + 200); // only the lone-surrogate copy is in the JSON
    const back = decodeValue(bytes, 'probe') as typeof data;
    expect(back.texts).toBe(long);
    expect(back.other).toBe(lone);
    expect(Array.from(back.ends)).toEqual([1, 2]);
    expect(back.short).toBe('x');
  });

  it('a long string cut short or not UTF-8 is a one-line error naming the section', () => {
    const bytes = encodeValue({ texts: 'a'.repeat(1 << 17) }, 'probe');
    const jsonLength = new DataView(bytes.buffer).getUint32(0, true);
    const blobAt = (4 + jsonLength + 7) & ~7;
    const bad = bytes.slice();
    bad[blobAt + 10] = 0xff;
    expect(() => decodeValue(bad, 'probe')).toThrow('probe section: text at texts is not valid UTF-8');
    expect(() => decodeValue(bytes.subarray(0, bytes.length - 1), 'probe')).toThrow('probe section: text at texts runs past the end of the section');
    expect(() => encodeValue({ $text: 1 }, 'probe')).toThrow('the key "$text" at (root) is reserved');
  });
});

describe('section codec: UTF-8 texts', () => {
  const encoder = new TextEncoder();
  const texts = ['Talked with Ana about the harvest', 'Sprach mit Jürgen', '', 'Gave a 🍞 to Cora — twice', '价格太高了', `lone ${'\ud800'} surrogate`];

  it('Utf8Writer writes what TextEncoder does (ASCII, 2- to 4-byte characters, a lone surrogate as U+FFFD), growing as it goes', () => {
    const w = new Utf8Writer(4);
    const ends = Uint32Array.from(texts, (t) => (w.write(t), w.length));
    w.writeBytes(encoder.encode('!'));
    expect(w.bytes()).toEqual(encoder.encode(`${texts.join('')}!`));
    const decoded = texts.map((_, k) => new TextDecoder().decode(w.bytes().subarray(k > 0 ? ends[k - 1] : 0, ends[k])));
    expect(decoded).toEqual(texts.map((t) => new TextDecoder().decode(encoder.encode(t))));
  });

  it('isUtf8 accepts well-formed text at any alignment and refuses broken sequences, overlong forms and surrogates', () => {
    const good = encoder.encode(`${'ascii '.repeat(20)}${texts.join('|')}`);
    for (let at = 0; at < 4; at++) {
      const shifted = new Uint8Array(good.length + at);
      shifted.set(good, at);
      expect(isUtf8(shifted.subarray(at))).toBe(true);
    }
    for (const bad of [[0x80], [0x61, 0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x61, 0x62, 0x63, 0x64, 0x65, 0xff]]) {
      expect(isUtf8(Uint8Array.from(bad))).toBe(false);
      expect(isUtf8(Uint8Array.from([...encoder.encode('0123456789'), ...bad]))).toBe(false);
    }
  });

  it('travels as its bytes after the JSON and comes back equal; bytes that are not UTF-8 are a one-line error', () => {
    const bytes = encoder.encode(texts.join('').repeat(100));
    const encoded = encodeValue({ memory: new Utf8Text(bytes), n: 1 }, 'probe');
    const jsonLength = new DataView(encoded.buffer).getUint32(0, true);
    expect(new TextDecoder().decode(encoded.subarray(4, 4 + jsonLength))).toBe(`{"memory":{"$utf8":0,"$bytes":${bytes.length}},"n":1}`);
    const back = decodeValue(encoded, 'probe') as { memory: Utf8Text; n: number };
    expect(back.memory).toBeInstanceOf(Utf8Text);
    expect(back.memory.bytes).toEqual(bytes);
    const bad = encoded.slice();
    bad[((4 + jsonLength + 7) & ~7) + 1] = 0xff;
    expect(() => decodeValue(bad, 'probe')).toThrow('probe section: text at memory is not valid UTF-8');
    expect(() => decodeValue(encoded.subarray(0, ((4 + jsonLength + 7) & ~7) + bytes.length - 1), 'probe')).toThrow('probe section: text at memory runs past the end of the section');
    expect(() => encodeValue({ $utf8: 1 }, 'probe')).toThrow('the key "$utf8" at (root) is reserved');
  });

  it('refuses to save a text holding something shaped like an API key, wherever it sits among other characters', () => {
    const text = (s: string) => ({ memory: new Utf8Text(encoder.encode(s)) });
    const key20 = 'abcdefghij_KLMNOP-012';
    for (const s of [`Jürgen saw sk-${key20} on a wall`, `sk-${key20}`, `🙂AIza${'x'.repeat(30)}`, `${'-'.repeat(50)}sk-${'-'.repeat(20)}`]) {
      expect(() => encodeValue(text(s), 'probe')).toThrow('refusing to save the probe section: the text at memory looks like it holds an API key (secrets are never written)');
    }
    for (const s of [`sk-${key20.slice(0, 19)} is short`, `sk-${key20.slice(0, 19)}é`, `AIza${'x'.repeat(29)}`, `AIz${'x'.repeat(40)}`, `sk ${key20}`, 'sk-']) {
      expect(() => encodeValue(text(s), 'probe')).not.toThrow();
    }
  });
});
