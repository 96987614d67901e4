// The container's codecs: node:zlib's native CRC-32 gives the same checksums as crc32.ts (so files
// move between Node and the app's worker), and large random-looking sections are stored, not deflated;
// the section codec's long strings.

import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/rng';
import { fflateCodec, readContainer, writeContainer } from '../../src/persistence/container';
import { crc32 } from '../../src/persistence/crc32';
import { zlibCodec } from '../../src/persistence/save-file';
import { decodeValue, encodeValue } from '../../src/persistence/section-codec';

const rng = new Rng([1, 2, 3, 4]);
const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => rng.int(256));

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
      expect(Uint8Array.from(c.sections[0].data)).toEqual(noise);
      expect(Uint8Array.from(c.sections[1].data)).toEqual(zeros);
    }
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
