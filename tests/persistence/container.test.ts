// The container's codecs: node:zlib's native CRC-32 gives the same checksums as crc32.ts (so files
// move between Node and the app's worker), and large random-looking sections are stored, not deflated.

import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/rng';
import { fflateCodec, readContainer, writeContainer } from '../../src/persistence/container';
import { crc32 } from '../../src/persistence/crc32';
import { zlibCodec } from '../../src/persistence/save-file';

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
