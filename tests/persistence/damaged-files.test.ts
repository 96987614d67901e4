// Damaged and hostile world files: each gets a one-line WorldFileError naming what is wrong, nothing
// crashes, and the world already open is untouched (its state hash does not move).

import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/rng';
import { Utf8Text } from '../../src/engine/saved-arrays';
import type { World } from '../../src/engine/world';
import { createSociety } from '../../src/society/create';
import { loadScenario } from '../../src/persistence/scenario-files';
import { fflateCodec, readContainer, writeContainer, type ContainerSection } from '../../src/persistence/container';
import { crc32 } from '../../src/persistence/crc32';
import { zlibCodec } from '../../src/persistence/save-file';
import { decodeValue, encodeValue } from '../../src/persistence/section-codec';
import { encodeWorld, FORMAT_VERSION, inspectWorld, loadWorld, WorldFileError } from '../../src/persistence/world-file';
import type { SavedNames } from '../../src/society/names';
import type { SavedGraph } from '../../src/society/social/relationship-graph';
import { SocialMemoryKey, type SavedSocialMemory } from '../../src/society/social/social-memory';
import type { SavedMap } from '../../src/society/world/map';
import { probePlugin } from './probe-plugin';

const village = loadScenario('village');

const saved = createSociety(village, { agents: 40, seed: 11, plugins: [probePlugin] });
// Into the first evening: enough conversations that social memory's texts are stored in deflated blocks.
saved.run(38);
saved.despawn(saved.entities.alive()[5], 'test');
saved.run(2);
const good = encodeWorld(saved);

// The world a user has open while trying to load the bad file.
const open: World = createSociety(village, { agents: 20, seed: 5 });
open.run(10);
const openHash = open.stateHash();

/** Load must fail with a one-line WorldFileError; returns the message. */
function loadError(bytes: Uint8Array): string {
  let error: unknown;
  try {
    loadWorld(bytes, { plugins: [probePlugin] });
  } catch (err) {
    error = err;
  }
  expect(error, 'the load should have failed').toBeInstanceOf(WorldFileError);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  expect(open.stateHash()).toBe(openHash);
  return message;
}

/** A well-formed container whose sections were changed by `edit` (checksums recomputed). */
function rewrite(edit: (sections: ContainerSection[]) => void, bytes = good): Uint8Array {
  const c = readContainer(bytes, FORMAT_VERSION);
  edit(c.sections);
  return writeContainer(c);
}

function section(sections: ContainerSection[], name: string): ContainerSection {
  const s = sections.find((x) => x.name === name);
  if (!s) throw new Error(`no ${name} in the test file`);
  return s;
}

/** Offset of a section's record in the file (its name length field). */
function recordOffset(bytes: Uint8Array, name: string): number {
  const needle = new TextEncoder().encode(name);
  outer: for (let i = 0; i < bytes.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    if (bytes[i - 2] === needle.length && bytes[i - 1] === 0) return i - 2;
  }
  throw new Error(`record ${name} not found`);
}

/** The JSON at the head of a section of a world file. */
function sectionJson(bytes: Uint8Array, name: string): string {
  const data = section(readContainer(bytes, FORMAT_VERSION).sections, name).data;
  return new TextDecoder().decode(data.subarray(4, 4 + new DataView(data.buffer, data.byteOffset).getUint32(0, true)));
}

describe('damaged world files', () => {
  it('the intact file loads (the baseline for every case below)', () => {
    expect(loadWorld(good, { plugins: [probePlugin] }).stateHash()).toBe(saved.stateHash());
  });

  it('truncated at many offsets: "file ends inside ..."', () => {
    const offsets = new Set<number>([0, 1, 7, 8, 11, 12, 15, 16, 20, good.length - 1]);
    for (let i = 0; i < 120; i++) offsets.add(Math.floor((i / 120) * good.length));
    for (const name of ['meta', 'entities', 'component:Vitals', 'state:names', 'state:probe']) {
      const at = recordOffset(good, name);
      for (const d of [0, 1, 2, 5, 20, 40]) offsets.add(at + d);
    }
    for (const n of offsets) {
      const message = loadError(good.subarray(0, n));
      expect(message, `truncated to ${n} bytes`).toMatch(/^(file ends (inside|after)|empty file)/);
    }
    expect(loadError(good.subarray(0, recordOffset(good, 'component:Vitals') + 40))).toMatch(/^file ends inside the component Vitals section/);
  });

  it('random bytes flipped anywhere are detected', () => {
    const rng = new Rng([1, 2, 3, 4]);
    for (let i = 0; i < 300; i++) {
      const bad = good.slice();
      const at = rng.int(bad.length);
      bad[at] ^= 1 + rng.int(255);
      const message = loadError(bad);
      expect(message, `byte ${at}`).toMatch(/checksum mismatch|file ends|magic|format version|implausible|unexpected bytes|not a known|name length/);
    }
    const bad = good.slice();
    const at = recordOffset(good, 'state:names') + 40;
    bad[at] ^= 0x55;
    expect(loadError(bad)).toBe('names section: checksum mismatch');
    // Social memory's texts, kept deflated in blocks until read, are covered by the section's checksum.
    expect(sectionJson(good, 'state:social-memory')).toContain('"texts":{"$utf8z":');
    const memoryAt = recordOffset(good, 'state:social-memory');
    const stored = readContainer(good, FORMAT_VERSION).sizes.find((x) => x.name === 'state:social-memory')!.storedBytes;
    // From the section's header (2 + 19 name bytes + 13) to the last stored byte.
    for (const d of [40, Math.floor(stored / 3), Math.floor((2 * stored) / 3), 34 + stored - 1]) {
      const flipped = good.slice();
      flipped[memoryAt + d] ^= 0x10;
      expect(loadError(flipped), `${d} bytes into the section`).toBe('social-memory section: checksum mismatch');
    }
  });

  it('wrong magic, a newer format version, an unknown old one', () => {
    const notOurs = good.slice();
    notOurs.set(new TextEncoder().encode('PK\x03\x04'), 0);
    expect(loadError(notOurs)).toBe('not a world file (wrong magic bytes)');
    expect(loadError(new TextEncoder().encode('{"name": "village"}'))).toBe('not a world file (wrong magic bytes)');
    const newer = good.slice();
    new DataView(newer.buffer).setUint32(8, FORMAT_VERSION + 1, true);
    expect(loadError(newer)).toBe(`format version ${FORMAT_VERSION + 1} is newer than this app reads (up to ${FORMAT_VERSION}); open it with a newer llm-society`);
    const zero = good.slice();
    new DataView(zero.buffer).setUint32(8, 0, true);
    expect(loadError(zero)).toBe('format version 0 is not a known format');
  });

  it('declared lengths far larger than the file', () => {
    const at = recordOffset(good, 'component:Vitals');
    const storedLenAt = at + 2 + 'component:Vitals'.length + 1;
    const huge = good.slice();
    new DataView(huge.buffer).setUint32(storedLenAt, 0xfffffff0, true);
    expect(loadError(huge)).toMatch(/^file ends inside the component Vitals section \(it declares 4294967280 bytes, \d+ remain\)$/);
    const hugeRaw = good.slice();
    new DataView(hugeRaw.buffer).setUint32(storedLenAt + 4, 0xfffffff0, true);
    expect(loadError(hugeRaw)).toBe('component Vitals section: checksum mismatch');
    const headerLen = good.slice();
    new DataView(headerLen.buffer).setUint32(12, 0x7fffffff, true);
    expect(loadError(headerLen)).toMatch(/file header: declared length 2147483647 is implausible/);
    // Lengths inside a section, with its checksum made consistent (a hostile file, not a damaged one).
    expect(
      loadError(
        rewrite((s) => {
          const m = section(s, 'state:metrics');
          new DataView(m.data.buffer, m.data.byteOffset).setUint32(0, 0x7ffffff0, true);
        }),
      ),
    ).toMatch(/^metrics section: declared JSON length 2147483632 exceeds the section/);
    expect(
      loadError(
        rewrite((s) => {
          const e = section(s, 'entities');
          new DataView(e.data.buffer, e.data.byteOffset).setUint32(0, 0x7ffffff0, true);
        }),
      ),
    ).toMatch(/^entities section: \d+ bytes do not hold 2147483632 ids/);
    expect(
      loadError(
        rewrite((s) => {
          const v = section(s, 'component:Vitals');
          v.data = v.data.subarray(0, v.data.length - 4);
        }),
      ),
    ).toMatch(/^component Vitals section: \d+ bytes, but 5 fields of \d+ entities need \d+/);
  });

  it('a deflate stream that inflates to more or less than declared, with either inflater', () => {
    for (const delta of [-7, +7]) {
      const bad = good.slice();
      const view = new DataView(bad.buffer);
      const at = recordOffset(good, 'state:names');
      const fieldsAt = at + 2 + 'state:names'.length;
      expect(bad[fieldsAt]).toBe(1); // deflated
      view.setUint32(fieldsAt + 5, view.getUint32(fieldsAt + 5, true) + delta, true);
      const storedLen = view.getUint32(fieldsAt + 1, true);
      const crcAt = fieldsAt + 9;
      view.setUint32(crcAt, crc32(bad.subarray(crcAt + 4, crcAt + 4 + storedLen), crc32(bad.subarray(at, crcAt))), true);
      expect(loadError(bad)).toMatch(/^names section: (decompressed to (more than|\d+) bytes, declared \d+|cannot decompress)/);
      expect(() => loadWorld(bad, { plugins: [probePlugin], codec: zlibCodec })).toThrow(/^names section: (decompressed to (more than|\d+) bytes, declared \d+|cannot decompress)/);
    }
  });

  it('non-finite numbers: NaN in an f32 component, Infinity in JSON, NaN in a typed array of a section', () => {
    const nanVitals = rewrite((s) => {
      const v = section(s, 'component:Vitals');
      const view = new DataView(v.data.buffer, v.data.byteOffset, v.data.byteLength);
      const headerLen = view.getUint32(0, true);
      const fields = JSON.parse(new TextDecoder().decode(v.data.subarray(4, 4 + headerLen))).fields as [string, string][];
      const count = saved.entities.highWater;
      const health = fields.findIndex(([f]) => f === 'health');
      view.setFloat32(((4 + headerLen + 3) & ~3) + health * ((count * 4 + 3) & ~3) + 4 * 7, NaN, true);
    });
    expect(loadError(nanVitals)).toBe('component Vitals section: field health of entity 7 is NaN (not a finite number)');

    const infTick = rewrite((s) => {
      const m = section(s, 'meta');
      const meta = decodeValue(m.data, 'meta') as Record<string, unknown>;
      const text = JSON.stringify(meta).replace(/"tick":\d+/, '"tick":1e999');
      m.data = withJson(text);
    });
    expect(loadError(infTick)).toBe('meta section: non-finite number at tick');

    const nanProbe = rewrite((s) => {
      const p = section(s, 'state:probe');
      const data = decodeValue(p.data, 'probe') as { floats: Float32Array };
      data.floats[3] = 0.5;
      const bytes = encodeValue(data, 'probe');
      const jsonLen = new DataView(bytes.buffer).getUint32(0, true);
      new DataView(bytes.buffer).setFloat32(((4 + jsonLen + 7) & ~7) + 12, Infinity, true);
      p.data = bytes;
    });
    expect(loadError(nanProbe)).toBe('probe section: non-finite number in the f32 array at floats');
  });

  it('references to entities that are not alive, ids out of range', () => {
    const dead = saved.entities.highWater + 5;
    const ghostName = rewrite((s) => {
      const n = section(s, 'state:names');
      const names = decodeValue(n.data, 'names') as SavedNames;
      names.id = Int32Array.from([...names.id, dead]);
      names.name = Uint32Array.from([...names.name, 0]);
      names.persona = Uint32Array.from([...names.persona, 0]);
      n.data = encodeValue(names, 'names');
    });
    expect(loadError(ghostName)).toBe(`names section: entry for entity ${dead}, which is not alive`);
    let repeated = -1;
    const twice = rewrite((s) => {
      const n = section(s, 'state:names');
      const names = decodeValue(n.data, 'names') as SavedNames;
      repeated = names.id[0];
      names.id = Int32Array.from([...names.id, repeated]);
      names.name = Uint32Array.from([...names.name, 0]);
      names.persona = Uint32Array.from([...names.persona, 0]);
      n.data = encodeValue(names, 'names');
    });
    expect(loadError(twice)).toBe(`names section: entity ${repeated} listed twice`);

    const ghostFriend = rewrite((s) => {
      const p = section(s, 'state:probe');
      const data = decodeValue(p.data, 'probe') as { friends: number[][] };
      data.friends.push([saved.entities.alive()[0], dead]);
      p.data = encodeValue(data, 'probe');
    });
    expect(loadError(ghostFriend)).toMatch(new RegExp(`^probe section: friendship \\d+-${dead} names an entity that is not alive$`));

    const badId = rewrite((s) => {
      const e = section(s, 'entities');
      new DataView(e.data.buffer, e.data.byteOffset).setInt32(8, 99999, true);
    });
    expect(loadError(badId)).toBe('entities section: id 99999 out of range');
  });

  it('components and sections that do not match this app', () => {
    expect(loadError(rewrite((s) => s.splice(s.indexOf(section(s, 'component:Wallet')), 1)))).toMatch(/^the file has no component Wallet section/);
    expect(
      loadError(
        rewrite((s) => {
          s.push({ name: 'component:Telepathy', data: section(s, 'component:Wallet').data });
        }),
      ),
    ).toMatch(/^the file holds component Telepathy, which this app does not register/);
    expect(loadError(rewrite((s) => s.push({ name: 'state:weather', data: encodeValue({}, 'weather') })))).toMatch(/^the file holds a weather section/);
    expect(loadError(rewrite((s) => s.splice(s.indexOf(section(s, 'state:ledger')), 1)))).toMatch(/^the file has no ledger section/);
    const kind = rewrite((s) => {
      const w = section(s, 'component:Wallet');
      const view = new DataView(w.data.buffer, w.data.byteOffset, w.data.byteLength);
      const headerLen = view.getUint32(0, true);
      const header = new TextDecoder().decode(w.data.subarray(4, 4 + headerLen)).replace('"i32"', '"f32"');
      w.data.set(new TextEncoder().encode(header), 4);
    });
    expect(loadError(kind)).toBe('component Wallet section: field "cash" is f32 in the file but i32 in this app');
    // Without the plugin that wrote them, the probe's component and section are unknown.
    expect(() => loadWorld(good)).toThrow(/holds component Probe, which this app does not register \(a missing plugin\?\)/);
  });

  it("a section's own validation error is named after the section", () => {
    const ledger = rewrite((s) => {
      section(s, 'state:ledger').data = encodeValue({ initial: 'lots' }, 'ledger');
    });
    expect(loadError(ledger)).toBe('ledger section: initial must be an integer');
    const scenario = rewrite((s) => {
      const m = section(s, 'meta');
      const meta = decodeValue(m.data, 'meta') as { scenario: { agents: unknown } };
      meta.scenario.agents = 'many';
      m.data = encodeValue(meta, 'meta');
    });
    expect(loadError(scenario)).toMatch(/^meta section: scenario: field "agents"/);
  });

  it('the saved map (restored while the plugins build) and typed-array sections are checked like any section', () => {
    const editMap = (edit: (m: SavedMap) => void) =>
      rewrite((s) => {
        const m = section(s, 'state:map');
        const map = decodeValue(m.data, 'map') as SavedMap;
        edit(map);
        m.data = encodeValue(map, 'map');
      });
    expect(loadError(editMap((m) => (m.terrain![7] = 9)))).toBe('map section: tile 7 has unknown terrain 9');
    expect(loadError(editMap((m) => (m.terrain![7] = m.terrain![7] === 3 ? 0 : 3)))).toBe('map section: the terrain does not match its fingerprint');
    expect(loadError(editMap((m) => (m.terrain = m.terrain!.subarray(1))))).toMatch(/^map section: terrain must be \d+ bytes$/);
    expect(loadError(editMap((m) => (m.cols += 1)))).toMatch(/^map section: the saved map is \d+ x \d+ tiles of 1, but the saved scenario makes/);
    const rel = (edit: (g: SavedGraph) => void) =>
      rewrite((s) => {
        const r = section(s, 'state:relationships');
        const g = decodeValue(r.data, 'relationships') as SavedGraph;
        edit(g);
        r.data = encodeValue(g, 'relationships');
      });
    expect(loadError(rel((g) => (g.to = Array.from(g.to) as never)))).toBe('relationships section: to must be an Int32Array');
    expect(loadError(rel((g) => (g.type = g.type.subarray(1))))).toMatch(/^relationships section: type holds \d+ values, expected \d+$/);
    expect(loadError(rel((g) => (g.offsets[1] = g.to.length + 1)))).toMatch(/^relationships section: edge offsets (decrease|must run from 0 to)/);
    expect(loadError(rel((g) => (g.toGen[0] += 1)))).toMatch(/^relationships section: agent \d+'s edge to \d+ \(generation \d+\) is not a living agent$/);
    const badName = rewrite((s) => {
      const n = section(s, 'state:names');
      const names = decodeValue(n.data, 'names') as SavedNames;
      names.persona[2] = names.strings.length;
      n.data = encodeValue(names, 'names');
    });
    expect(loadError(badName)).toMatch(/^names section: persona 2 is string (\d+), not in the table of \1$/);
  });

  it('inspect checks the same things without building a world', () => {
    expect(inspectWorld(good).population).toBe(saved.entities.count);
    expect(() => inspectWorld(good.subarray(0, good.length - 3))).toThrow(/^file ends inside the probe section/);
    const bad = good.slice();
    bad[recordOffset(good, 'state:names') + 40] ^= 1;
    expect(() => inspectWorld(bad)).toThrow('names section: checksum mismatch');
  });
});

function withJson(text: string): Uint8Array {
  const json = new TextEncoder().encode(text);
  const out = new Uint8Array((4 + json.length + 7) & ~7);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  return out;
}

describe('social memory texts, inflated when first read', () => {
  // A load keeps social memory's texts deflated in blocks and inflates a block when a text in it is
  // first read (the inspector's recent(), the next save), never in a tick. The file's checksum, checked
  // before anything is touched, covers the blocks' stored bytes (above); what only inflating shows (a
  // block's size, UTF-8, a text cut inside a character) is checked at that first read. These files
  // have good checksums, as one written wrong or made up would: the load succeeds, the world runs, and
  // the first read of a damaged text is a one-line error naming the section.
  const memoryOf = (w: World) => w.resource(SocialMemoryKey);
  const holder = saved.entities.alive().find((e) => memoryOf(saved).recent(e).length > 0)!;

  /** The good file with social memory's texts re-deflated by `deflate` (and its memories edited by `edit`). */
  function withBlocks(deflate: (raw: Uint8Array) => Uint8Array, edit: (m: SavedSocialMemory) => void = () => {}, world = saved): Uint8Array {
    return rewrite((sections) => {
      const s = section(sections, 'state:social-memory');
      const m = decodeValue(s.data, 'social-memory') as SavedSocialMemory;
      const whole = { ...m, texts: new Utf8Text(m.texts.read(0, m.texts.length).slice()) };
      edit(whole);
      s.data = encodeValue(whole, 'social-memory', deflate);
    }, encodeWorld(world));
  }

  /** The load succeeds and runs; the first read (recent, save) throws `expected`, then the world still runs. */
  function failsAtFirstRead(bytes: Uint8Array, eid: number, expected: RegExp): void {
    const w = loadWorld(bytes, { plugins: [probePlugin] });
    expect(() => memoryOf(w).recent(eid)).toThrow(expected);
    w.run(3);
    let error: unknown;
    try {
      encodeWorld(w);
    } catch (err) {
      error = err;
    }
    expect((error as Error).message).toMatch(expected);
    expect((error as Error).message).not.toContain('\n');
    w.run(1);
    expect(open.stateHash()).toBe(openHash);
  }

  const deflate = (raw: Uint8Array) => fflateCodec.deflate(raw, 1);

  it('the same texts re-deflated load exactly (the baseline for the cases below)', () => {
    const bytes = withBlocks(deflate);
    expect(sectionJson(bytes, 'state:social-memory')).toContain('"$utf8z":');
    const w = loadWorld(bytes, { plugins: [probePlugin] });
    expect(w.stateHash()).toBe(saved.stateHash());
    expect(memoryOf(w).recent(holder)).toEqual(memoryOf(saved).recent(holder));
  });

  it('a block that does not inflate, inflates to more or less than declared, or is not UTF-8', () => {
    const block = /^social-memory section: text at texts: block 1 of \d+ of the loaded file /;
    failsAtFirstRead(
      withBlocks(() => new Uint8Array(64).fill(0xff)),
      holder,
      new RegExp(`${block.source}cannot be decompressed \\(.+\\) \\(damaged file\\)$`),
    );
    failsAtFirstRead(withBlocks((raw) => deflate(Uint8Array.from([...raw, 0x41]))), holder, new RegExp(`${block.source}decompresses to more than its declared \\d+ bytes \\(damaged file\\)$`));
    failsAtFirstRead(withBlocks((raw) => deflate(raw.subarray(1))), holder, new RegExp(`${block.source}decompresses to \\d+ bytes, not its declared \\d+ \\(damaged file\\)$`));
    failsAtFirstRead(
      withBlocks((raw) => deflate(Uint8Array.from(raw, (b, i) => (i === 0 ? 0xff : b)))),
      holder,
      new RegExp(`${block.source}is not valid UTF-8 \\(damaged file\\)$`),
    );
  });

  it('a text that ends inside a character', () => {
    const world = loadWorld(good, { plugins: [probePlugin] });
    const [a, b] = world.entities.alive();
    memoryOf(world).add(a, 'conversation', 'Sprach mit Jürgen über die Ernte', b);
    memoryOf(world).add(a, 'conversation', 'and then about the weather', b);
    const bytes = withBlocks(
      deflate,
      (m) => {
        // Move the end of the text holding "ü" into that character (the texts' total stays the same).
        const all = m.texts.bytes;
        const k = m.textEnds.findIndex((end, i) => all.subarray(i > 0 ? m.textEnds[i - 1] : 0, end).includes(0xc3));
        const start = k > 0 ? m.textEnds[k - 1] : 0;
        m.textEnds[k] = start + all.subarray(start).indexOf(0xc3) + 1;
      },
      world,
    );
    failsAtFirstRead(bytes, a, /^social-memory section: memory \d+'s text (ends|starts) inside a character \(damaged file\)$/);
  });

  it('a block table that does not fit is refused before the open world is touched', () => {
    const edit = (change: (json: string) => string) =>
      rewrite((sections) => {
        const s = section(sections, 'state:social-memory');
        const data = s.data.slice();
        const length = new DataView(data.buffer).getUint32(0, true);
        const json = change(new TextDecoder().decode(data.subarray(4, 4 + length)));
        expect(json.length).toBe(length);
        data.set(new TextEncoder().encode(json), 4);
        s.data = data;
      });
    expect(loadError(edit((j) => j.replace(/"\$blocks":\d/, '"$blocks":9')))).toMatch(/^social-memory section: text at texts: /);
    expect(loadError(edit((j) => j.replace(/"\$bytes":(\d+)/, (_m, n: string) => `"$bytes":${n.slice(0, -1)}${(Number(n.at(-1)) + 1) % 10}`)))).toMatch(
      /^social-memory section: text at texts: its blocks hold \d+ bytes, the text \d+$/,
    );
  });
});
