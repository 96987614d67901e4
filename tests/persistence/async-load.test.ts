// The async load (sections inflated on node's thread pool while the main thread decodes): the same
// world as the synchronous load, and for a damaged file the same one-line error, with no promise left
// to reject unhandled (vitest fails a run on one).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/rng';
import { readContainer, writeContainer, type DeflateCodec } from '../../src/persistence/container';
import { loadWorldFileAsync, zlibCodec } from '../../src/persistence/save-file';
import { loadScenario } from '../../src/persistence/scenario-files';
import { encodeWorld, FORMAT_VERSION, loadWorld, loadWorldAsync, WorldFileError } from '../../src/persistence/world-file';
import { createSociety } from '../../src/society/create';
import { probePlugin } from './probe-plugin';

const saved = createSociety(loadScenario('village'), { agents: 40, seed: 11, plugins: [probePlugin] });
saved.run(30);
const good = encodeWorld(saved, { codec: zlibCodec });
/** node:zlib with every section handed to the pool (the codec keeps small ones, i.e. all of this small world's, on the calling thread). */
const pooled: DeflateCodec = { ...zlibCodec, inflateAsyncFrom: 0 };

/** The error of a load, sync or async, as its message ('' when it loads). */
async function outcome(load: () => unknown): Promise<string> {
  try {
    await load();
    return '';
  } catch (err) {
    expect(err).toBeInstanceOf(WorldFileError);
    return (err as Error).message;
  }
}

describe('async load', () => {
  it('gives the same world, inflating on other threads all but what the plugins read while they build', async () => {
    const calls = { sync: 0, async: 0 };
    const counting: DeflateCodec = {
      ...pooled,
      inflate: (data, limit) => (calls.sync++, zlibCodec.inflate(data, limit)),
      inflateAsync: (data, limit) => (calls.async++, zlibCodec.inflateAsync!(data, limit)),
    };
    const world = await loadWorldAsync(good, { plugins: [probePlugin], codec: counting });
    const sections = readContainer(good, FORMAT_VERSION).sizes.length;
    expect(calls.async).toBeGreaterThan(sections / 2);
    // The map, and whether firms and places were saved, are read inside createSociety (no await there).
    expect(calls.sync).toBeLessThanOrEqual(3);
    expect(world.stateHash()).toBe(saved.stateHash());
    // With node:zlib's threshold, this small world's sections all stay on the calling thread.
    calls.async = 0;
    await loadWorldAsync(good, { plugins: [probePlugin], codec: { ...counting, inflateAsyncFrom: zlibCodec.inflateAsyncFrom } });
    expect(calls.async).toBe(0);
  });

  it('loads a file from disk like loadWorldFile', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'llms-async-')), 'w.society');
    writeFileSync(path, good);
    expect((await loadWorldFileAsync(path, { plugins: [probePlugin] })).stateHash()).toBe(saved.stateHash());
    await expect(loadWorldFileAsync(`${path}.missing`)).rejects.toThrow(/w\.society\.missing: no such file/);
  });

  it('names the same problem as the synchronous load for truncated, flipped and re-sized files', async () => {
    const rng = new Rng([7, 7, 7, 7]);
    const bad: Uint8Array[] = [];
    for (let i = 1; i < 12; i++) bad.push(good.subarray(0, Math.floor((i / 12) * good.length)));
    for (let i = 0; i < 12; i++) {
      const b = good.slice();
      b[rng.int(b.length)] ^= 1 << rng.int(8);
      bad.push(b);
    }
    // Well-formed containers whose sections do not inflate to their declared size: the first of them
    // fails while the sections after it are still inflating.
    for (const name of ['meta', 'component:Vitals', 'state:names', 'state:probe']) {
      const c = readContainer(good, FORMAT_VERSION);
      const i = c.sections.findIndex((x) => x.name === name);
      const rawLen = c.sizes[i].rawBytes;
      c.sections[i].data = c.sections[i].data.slice(0, rawLen - 3);
      bad.push(withRawLength(writeContainer(c, 1, zlibCodec), name, rawLen));
    }
    for (const bytes of bad) {
      const sync = await outcome(() => loadWorld(bytes, { plugins: [probePlugin], codec: zlibCodec }));
      const async = await outcome(() => loadWorldAsync(bytes, { plugins: [probePlugin], codec: pooled }));
      expect(async).toBe(sync);
      expect(sync).not.toBe('');
    }
  });
});

/** Set a section record's declared raw length and fix its checksum. */
function withRawLength(bytes: Uint8Array, name: string, rawLen: number): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const needle = new TextEncoder().encode(name);
  for (let i = 2; i < out.length - needle.length; i++) {
    if (out[i - 2] !== needle.length || out[i - 1] !== 0) continue;
    let hit = true;
    for (let j = 0; j < needle.length && hit; j++) hit = out[i + j] === needle[j];
    if (!hit) continue;
    const fieldsAt = i + needle.length;
    view.setUint32(fieldsAt + 5, rawLen, true);
    const storedLen = view.getUint32(fieldsAt + 1, true);
    const crcAt = fieldsAt + 9;
    view.setUint32(crcAt, zlibCodec.crc32!(out.subarray(crcAt + 4, crcAt + 4 + storedLen), zlibCodec.crc32!(out.subarray(i - 2, crcAt))), true);
    return out;
  }
  throw new Error(`record ${name} not found`);
}
