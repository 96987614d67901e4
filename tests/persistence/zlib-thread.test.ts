// Sections compressed and decompressed on two threads (zlib-thread.ts, used by zlibCodec on Node):
// the same bytes as one thread gives, in the jobs' order, with zlib's error for a damaged stream in
// place of that job's bytes, and the helper thread really doing its share.

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readContainer, writeContainer } from '../../src/persistence/container';
import { zlibCodec } from '../../src/persistence/save-file';
import { jobsRunByHelper } from '../../src/persistence/zlib-thread';

/** Compressible bytes of a given size, different per seed (text-like: words from a small vocabulary). */
function sectionBytes(size: number, seed: number): Uint8Array {
  const words = ['harvest', 'market', 'bread', 'talked', 'with', 'Alice', 'Bob', 'tools', 'river', 'sold'];
  const out = new Uint8Array(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    if (i % 8 === 0) x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const w = words[x % words.length];
    out[i] = w.charCodeAt(i % w.length);
  }
  return out;
}

/** Byte-equal (toEqual on megabytes compares element by element, far too slowly). */
const same = (a: Uint8Array | string, b: Uint8Array) => typeof a !== 'string' && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

describe('sections on two threads', () => {
  // Sizes from 0.5 to 3 MiB: over the 4 MiB in all from which the helper takes a share.
  const sections = [3, 0.5, 2, 1, 1.5, 0.75].map((mib, i) => sectionBytes(Math.round(mib * (1 << 20)), i + 1));

  it('deflates and inflates to the same bytes as one thread, in order, with the helper taking a share', () => {
    const before = jobsRunByHelper();
    const deflated = zlibCodec.deflateAll!(sections, 1);
    expect(deflated.map((d, i) => same(d, deflateRawSync(sections[i], { level: 1, memLevel: 9 })))).toEqual(sections.map(() => true));
    const inflated = zlibCodec.inflateAll!(deflated.map((d, i) => ({ data: d as Uint8Array, limit: sections[i].length + 1 })));
    expect(inflated.map((b, i) => same(b, sections[i]))).toEqual(sections.map(() => true));
    expect(jobsRunByHelper() - before).toBeGreaterThanOrEqual(4);
  });

  it("gives zlib's error for a damaged stream and the others' bytes all the same", () => {
    const deflated = sections.map((s) => deflateRawSync(s, { level: 1 }));
    const damaged = Uint8Array.from(deflated[1]);
    damaged.fill(0xff, 0, 64);
    const jobs = deflated.map((d, i) => ({ data: i === 1 ? damaged : new Uint8Array(d), limit: sections[i].length + 1 }));
    const out = zlibCodec.inflateAll!(jobs);
    expect(typeof out[1]).toBe('string');
    expect(out[1]).toMatch(/invalid/i);
    for (const i of [0, 2, 3, 4, 5]) expect(same(out[i], inflateRawSync(deflated[i]))).toBe(true);
  });

  it('a container of large sections round-trips through both threads', () => {
    const bytes = writeContainer({ formatVersion: 3, appVersion: 'test', savedAt: 'now', sections: sections.map((data, i) => ({ name: `state:s${i}`, data })) }, 1, zlibCodec);
    const read = readContainer(bytes, 3, zlibCodec);
    expect(read.sections.map((s, i) => same(s.data, sections[i]))).toEqual(sections.map(() => true));
    // Each section's stored (deflated) size is the one-thread size.
    expect(read.sizes.map((s) => s.storedBytes)).toEqual(sections.map((s) => deflateRawSync(s, { level: 1, memLevel: 9 }).length));
    expect(read.sections.every((s) => s.data.byteOffset % 8 === 0)).toBe(true);
  });
});
