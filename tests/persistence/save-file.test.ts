// Saving to disk safely (temporary file, fsync, rename, .bak) and autosaving with rotation, on real
// files in a temporary folder. The failing writer is the one test double: a full disk cannot be
// produced on demand here, so the test's writer throws ENOSPC halfway through, as the OS would.

import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSociety } from '../../src/society/create';
import { loadScenario } from '../../src/persistence/scenario-files';
import { Autosaver } from '../../src/persistence/autosave';
import { loadWorldFile, saveWorldFile, writeFileAtomic, type WriteIo } from '../../src/persistence/save-file';
import { WorldFileError } from '../../src/persistence/world-file';

const village = loadScenario('village');
const tmp = () => mkdtempSync(join(tmpdir(), 'llms-save-'));

/** Real file system calls, except that writing stops with ENOSPC after `limit` bytes. */
function diskFullAfter(limit: number): WriteIo {
  let written = 0;
  return {
    ...fs,
    writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number {
      if (written + length > limit) {
        const part = Math.max(0, limit - written);
        if (part > 0) fs.writeSync(fd, buffer, offset, part);
        written += part;
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      written += length;
      return fs.writeSync(fd, buffer, offset, length);
    },
  } as WriteIo;
}

describe('saving world files', () => {
  it('saves, keeps the previous file as .bak, and loads back', () => {
    const dir = tmp();
    const path = join(dir, 'town.society');
    const world = createSociety(village, { agents: 30 });
    world.run(10);
    const first = saveWorldFile(world, path);
    const firstHash = world.stateHash();
    expect(first.bytes).toBe(readFileSync(path).length);
    world.run(10);
    saveWorldFile(world, path);
    expect(loadWorldFile(path).stateHash()).toBe(world.stateHash());
    expect(loadWorldFile(`${path}.bak`).stateHash()).toBe(firstHash);
    expect(readdirSync(dir).sort()).toEqual(['town.society', 'town.society.bak']);
  });

  it('an interrupted save (disk full halfway) leaves the previous file intact and no temporary file', () => {
    const dir = tmp();
    const path = join(dir, 'town.society');
    const world = createSociety(village, { agents: 30 });
    world.run(5);
    saveWorldFile(world, path);
    const before = readFileSync(path);
    const savedHash = world.stateHash();
    world.run(20);
    const size = before.length;
    expect(() => saveWorldFile(world, path, { io: diskFullAfter(Math.floor(size / 2)) })).toThrow(/ENOSPC/);
    expect(readFileSync(path)).toEqual(before);
    expect(loadWorldFile(path).stateHash()).toBe(savedHash);
    expect(readdirSync(dir)).toEqual(['town.society']); // no .tmp left behind, no .bak from a failed save
    // A failure at the very first byte and one when renaming behave the same.
    expect(() => saveWorldFile(world, path, { io: diskFullAfter(0) })).toThrow(/ENOSPC/);
    const failRename: WriteIo = { ...fs, renameSync: () => { throw new Error('EIO: rename failed'); } } as WriteIo;
    expect(() => saveWorldFile(world, path, { io: failRename })).toThrow(/EIO/);
    expect(readFileSync(path)).toEqual(before);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writeFileAtomic replaces the whole file or nothing', () => {
    const dir = tmp();
    const path = join(dir, 'data.bin');
    writeFileSync(path, 'old contents');
    expect(() => writeFileAtomic(path, new Uint8Array(3 << 20).fill(7), { io: diskFullAfter(1 << 20) })).toThrow(/ENOSPC/);
    expect(readFileSync(path, 'utf8')).toBe('old contents');
    writeFileAtomic(path, new Uint8Array(3 << 20).fill(7), { backup: false });
    expect(readFileSync(path).length).toBe(3 << 20);
    expect(readdirSync(dir)).toEqual(['data.bin']);
  });

  it('a missing or unreadable file is a one-line error naming it', () => {
    const dir = tmp();
    expect(() => loadWorldFile(join(dir, 'nope.society'))).toThrow(WorldFileError);
    expect(() => loadWorldFile(join(dir, 'nope.society'))).toThrow(/nope\.society: no such file/);
    writeFileSync(join(dir, 'text.society'), 'hello');
    expect(() => loadWorldFile(join(dir, 'text.society'))).toThrow(/text\.society: not a world file \(wrong magic bytes\)/);
  });
});

describe('autosave', () => {
  it('saves every N simulated days and keeps the last K', () => {
    const dir = tmp();
    const world = createSociety(village, { agents: 10 });
    const autosaver = new Autosaver({ dir, baseName: 'town', everyDays: 1, keep: 2 });
    const perDay = world.clock.ticksPerDay;
    for (let t = 0; t < perDay * 4 + 5; t++) {
      world.step();
      autosaver.afterTick(world);
    }
    expect(autosaver.written.map((w) => w.path.match(/autosave-(\d+)/)![1]).map(Number)).toEqual([1, 2, 3, 4].map((d) => d * perDay));
    const files = autosaver.files();
    expect(files.map((f) => f.split('/').pop())).toEqual([`town.autosave-${String(3 * perDay).padStart(10, '0')}.society`, `town.autosave-${String(4 * perDay).padStart(10, '0')}.society`]);
    expect(loadWorldFile(files[1]).tick).toBe(4 * perDay);
  });

  it('saves every M wall-clock minutes (host-side timing)', () => {
    const dir = tmp();
    const world = createSociety(village, { agents: 5 });
    let now = 0;
    const autosaver = new Autosaver({ dir, baseName: 'w', everyMinutes: 5, keep: 3, now: () => now });
    world.step();
    expect(autosaver.afterTick(world)).toBeNull();
    now = 4 * 60_000;
    world.step();
    expect(autosaver.afterTick(world)).toBeNull();
    now = 5 * 60_000;
    world.step();
    expect(autosaver.afterTick(world)?.path).toMatch(/w\.autosave-0000000003\.society$/);
    world.step();
    expect(autosaver.afterTick(world)).toBeNull();
    expect(() => new Autosaver({ dir, baseName: 'w' })).toThrow(/everyDays or everyMinutes/);
  });
});
