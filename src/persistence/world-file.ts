// The world file (.society): everything needed to continue a world exactly, generic over the
// component registry and the state sections, so a plugin's state is saved without touching this file.
//
// Sections (see container.ts for the byte layout):
//   meta                 JSON: the resolved scenario, seed, tick, population, id high-water mark
//   rng                  JSON: every RNG stream's four state words, by name
//   entities             binary: u32 nextId | u32 alive | i32 dense[nextId] | u32 generations[nextId]
//   events               JSON: the event log's sequence number, per-type counts and recent ring
//   component:<Name>     binary: u32 n | JSON {fields: [[field, kind]...], count} | pad 4 | each field's
//                        typed-array bytes for ids [0, count) with count = the id high-water mark, pad 4
//   state:<name>         one per StateSection: its save() data through section-codec.ts
// Component arrays are stored for every id below the high-water mark, dead ones included (they
// are zero: the world clears an id's components on despawn), so saving is one copy per field.

import type { RegisteredComponent, TypedArray } from '../engine/component';
import { allocateField, bytesPerElement, type FieldKind } from '../engine/component';
import type { EntityIndexState } from '../engine/entities';
import type { SimEvent } from '../engine/events';
import type { RngState } from '../engine/rng';
import type { Plugin } from '../engine/schedule';
import type { World } from '../engine/world';
import { dateOf, formatDate } from '../engine/clock';
import { ScenarioConfig } from '../society/core/config';
import { createSociety } from '../society/create';
import { parseScenario, type Scenario } from '../society/scenario';
import { fflateCodec, joinPieces, PieceWriter, readContainer, sectionLabel, WorldFileError, writeContainerPieces, type ContainerSection, type DeflateCodec, type ReadContainer, type SectionSize, type SectionToWrite } from './container';
import { MIGRATIONS, type Migration } from './migrations';
import { decodeValue, encodePieces, encodeValue } from './section-codec';

export { WorldFileError } from './container';
export { MIGRATIONS, type Migration } from './migrations';

/**
 * The container layout and section set this app writes. Bump it (and add a migration in
 * migrations.ts) when they change. 2: large state sections as typed arrays, the map's terrain saved.
 * 3: the markets' open orders as columns. 4: Employment.ownShiftDay (the self-employed metric).
 * 5: social memory's texts as UTF-8 bytes. 6: long texts in separately deflated blocks. 7: the
 * relationship graph's rows with the arena's room to grow. 8: Employment.workTicks (work paid pro rata).
 * 9: each firm's work done and work short of it since its last day, and its share short of late.
 */
export const FORMAT_VERSION = 9;
/** The app version recorded in files (kept equal to package.json's by a test). */
export const APP_VERSION = '0.1.0';

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  // Component bytes are written in host order; every platform Node and Electron ship on is little-endian.
  throw new Error('world files need a little-endian host');
}

export interface WorldMeta {
  scenario: Scenario;
  seed: number;
  tick: number;
  minutesPerTick: number;
  population: number;
  highWater: number;
}

export interface EncodeOptions {
  /** Deflate level (0 = store, 1 to 9); 1 by default: saving fast matters more than a few percent of size. */
  level?: number;
  savedAt?: Date;
  /** Compression implementation (fflate unless given; Node hosts pass node:zlib's). */
  codec?: DeflateCodec;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });
const align4 = (n: number) => (n + 3) & ~3;

/**
 * Snapshot a world into the bytes of a world file. Call it between ticks. Throws a WorldFileError
 * (and writes nothing) if the state cannot be saved faithfully: non-finite numbers, non-JSON data,
 * or anything that looks like a secret.
 */
export function encodeWorld(world: World, options: EncodeOptions = {}): Uint8Array {
  return joinPieces(encodeWorldPieces(world, options));
}

/**
 * encodeWorld's bytes as pieces in order, for a writer that need not join them (a save to a file).
 * Write them before the world changes: uncompressed sections may be views of its arrays.
 */
export function encodeWorldPieces(world: World, options: EncodeOptions = {}): Uint8Array[] {
  const highWater = world.entities.highWater;
  const meta: WorldMeta = {
    scenario: world.resource(ScenarioConfig),
    seed: world.seed,
    tick: world.tick,
    minutesPerTick: world.clock.minutesPerTick,
    population: world.entities.count,
    highWater,
  };
  // Each section is encoded when the writer reaches it (see SectionToWrite).
  const sections: SectionToWrite[] = [
    { name: 'meta', data: () => encodeValue(meta, 'meta') },
    { name: 'rng', data: () => encodeValue(world.rng.save(), 'rng') },
    { name: 'entities', data: () => encodeEntities(world.entities.save()) },
    { name: 'events', data: () => encodeValue(world.events.save(), 'events') },
  ];
  for (const c of world.components.all()) sections.push({ name: `component:${c.def.name}`, data: () => encodeComponent(c, highWater) });
  const level = options.level ?? 1;
  const codec = options.codec ?? fflateCodec;
  // Long texts deflated in blocks, each inflated when a load first reads it (see Utf8Blocks).
  const deflate = level > 0 ? (bytes: Uint8Array) => codec.deflate(bytes, level) : undefined;
  for (const s of world.stateSections()) sections.push({ name: `state:${s.name}`, data: () => encodePieces(s.save(), s.name, deflate) });
  return writeContainerPieces({ formatVersion: FORMAT_VERSION, appVersion: APP_VERSION, savedAt: (options.savedAt ?? new Date()).toISOString(), sections }, level, codec);
}

function encodeEntities(state: EntityIndexState): Uint8Array {
  const n = state.nextId;
  const out = new Uint8Array(8 + n * 8);
  const view = new DataView(out.buffer);
  view.setUint32(0, n, true);
  view.setUint32(4, state.alive, true);
  new Int32Array(out.buffer, 8, n).set(state.dense);
  new Uint32Array(out.buffer, 8 + n * 4, n).set(state.generations);
  return out;
}

function decodeEntities(data: Uint8Array): EntityIndexState {
  if (data.length < 8) throw new WorldFileError('entities section: too short');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const nextId = view.getUint32(0, true);
  const alive = view.getUint32(4, true);
  if (data.length !== 8 + nextId * 8) throw new WorldFileError(`entities section: ${data.length} bytes do not hold ${nextId} ids`);
  // Copied (load() copies them again into arrays with room to grow; the section's bytes may be unaligned).
  const copy = data.slice(8);
  return { nextId, alive, dense: new Int32Array(copy.buffer, 0, nextId), generations: new Uint32Array(copy.buffer, nextId * 4, nextId) };
}

/** A component's section as pieces: the header, then each field's bytes as a view of the store (no copy). */
function encodeComponent({ def, store }: RegisteredComponent, count: number): Uint8Array[] {
  const fields = Object.entries(def.fields) as [string, FieldKind][];
  const header = utf8.encode(JSON.stringify({ fields, count }));
  const out = new PieceWriter();
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, header.length, true);
  out.write(length);
  out.write(header);
  out.pad(4);
  for (const [field, kind] of fields) {
    const arr = (store as Record<string, TypedArray>)[field];
    if (kind === 'f32') assertFinite(arr as Float32Array, count, `cannot save: component ${def.name}.${field}`);
    out.write(new Uint8Array(arr.buffer, arr.byteOffset, count * bytesPerElement(kind)));
    out.pad(4);
  }
  return out.finish();
}

/** A typed array of the field's kind over existing bytes (offset aligned for the kind). */
function fieldView(kind: FieldKind, buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray {
  const view = allocateField(kind, 0);
  return new (view.constructor as new (b: ArrayBufferLike, o: number, n: number) => TypedArray)(buffer, byteOffset, length);
}

function assertFinite(arr: Float32Array, count: number, what: string): void {
  for (let i = 0; i < count; i++) {
    const v = arr[i];
    if (v - v !== 0) throw new WorldFileError(`${what} of entity ${i} is ${v} (not a finite number)`);
  }
}

interface DecodedComponent {
  name: string;
  count: number;
  arrays: Map<string, TypedArray>;
}

/** Parse one component section and check it against this app's definition of the component. */
function decodeComponent(data: Uint8Array, registered: RegisteredComponent, highWater: number): DecodedComponent {
  const name = registered.def.name;
  const label = `component ${name}`;
  if (data.length < 4) throw new WorldFileError(`${label} section: too short`);
  const headerLen = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0, true);
  if (4 + headerLen > data.length) throw new WorldFileError(`${label} section: declared header length ${headerLen} exceeds the section`);
  let header: { fields?: unknown; count?: unknown };
  try {
    header = JSON.parse(fromUtf8.decode(data.subarray(4, 4 + headerLen)));
  } catch {
    throw new WorldFileError(`${label} section: header is not valid JSON`);
  }
  const { fields, count } = header;
  if (!Array.isArray(fields) || !fields.every((f) => Array.isArray(f) && f.length === 2 && typeof f[0] === 'string' && typeof f[1] === 'string')) {
    throw new WorldFileError(`${label} section: header must list [field, kind] pairs`);
  }
  if (count !== highWater) throw new WorldFileError(`${label} section: holds ${String(count)} entities, the entity index ${highWater}`);
  const expected = registered.def.fields as Record<string, FieldKind>;
  const inFile = new Map(fields as [string, string][]);
  for (const [field, kind] of Object.entries(expected)) {
    if (!inFile.has(field)) throw new WorldFileError(`${label} section: field "${field}" is missing from the file`);
    if (inFile.get(field) !== kind) throw new WorldFileError(`${label} section: field "${field}" is ${inFile.get(field)} in the file but ${kind} in this app`);
  }
  for (const field of inFile.keys()) if (!(field in expected)) throw new WorldFileError(`${label} section: unknown field "${field}"`);
  let at = align4(4 + headerLen);
  let size = at;
  for (const [, kind] of fields as [string, FieldKind][]) size += align4(highWater * bytesPerElement(kind));
  if (size !== data.length) throw new WorldFileError(`${label} section: ${data.length} bytes, but ${fields.length} fields of ${highWater} entities need ${size}`);
  const arrays = new Map<string, TypedArray>();
  for (const [field, kind] of fields as [string, FieldKind][]) {
    const bytes = highWater * bytesPerElement(kind);
    // A view where the bytes are aligned for the kind (the section's buffer is; restoring copies into
    // the store), a copy otherwise.
    const aligned = (data.byteOffset + at) % bytesPerElement(kind) === 0;
    const arr = aligned ? fieldView(kind, data.buffer, data.byteOffset + at, highWater) : allocateField(kind, highWater);
    if (!aligned) new Uint8Array(arr.buffer).set(data.subarray(at, at + bytes));
    if (kind === 'f32') assertFinite(arr as Float32Array, highWater, `${label} section: field ${field}`);
    arrays.set(field, arr);
    at += align4(bytes);
  }
  return { name, count: highWater, arrays };
}

function decodeMeta(data: Uint8Array): WorldMeta {
  const m = decodeValue(data, 'meta') as Partial<WorldMeta> | null;
  if (!m || typeof m !== 'object') throw new WorldFileError('meta section: expected an object');
  for (const key of ['seed', 'tick', 'minutesPerTick', 'population', 'highWater'] as const) {
    if (!Number.isSafeInteger(m[key]) || (m[key] as number) < 0) throw new WorldFileError(`meta section: ${key} must be a non-negative integer`);
  }
  let scenario: Scenario;
  try {
    scenario = parseScenario(m.scenario, 'scenario');
  } catch (err) {
    throw new WorldFileError(`meta section: ${(err as Error).message}`);
  }
  if (scenario.seed !== m.seed) throw new WorldFileError(`meta section: seed ${m.seed} differs from the scenario's ${scenario.seed}`);
  if (scenario.minutesPerTick !== m.minutesPerTick) throw new WorldFileError('meta section: minutesPerTick differs from the scenario');
  return { ...(m as WorldMeta), scenario };
}

function decodeRng(data: Uint8Array): Record<string, RngState> {
  const r = decodeValue(data, 'rng');
  if (!r || typeof r !== 'object' || Array.isArray(r)) throw new WorldFileError('rng section: expected streams by name');
  for (const [name, state] of Object.entries(r)) {
    if (!Array.isArray(state) || state.length !== 4 || !state.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)) {
      throw new WorldFileError(`rng section: stream "${name}" must be four 32-bit words`);
    }
  }
  return r as Record<string, RngState>;
}

type EventState = ReturnType<World['events']['save']>;

function decodeEvents(data: Uint8Array): EventState {
  const e = decodeValue(data, 'events') as Partial<EventState> | null;
  if (!e || typeof e !== 'object') throw new WorldFileError('events section: expected an object');
  if (!Number.isSafeInteger(e.seq) || (e.seq as number) < 0) throw new WorldFileError('events section: seq must be a non-negative integer');
  if (!e.counts || typeof e.counts !== 'object' || !Object.values(e.counts).every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new WorldFileError('events section: counts must be non-negative integers by type');
  }
  if (!Array.isArray(e.recent)) throw new WorldFileError('events section: recent must be a list');
  for (const ev of e.recent as SimEvent[]) {
    if (!ev || typeof ev !== 'object' || typeof ev.type !== 'string' || !Number.isSafeInteger(ev.tick) || !Number.isSafeInteger(ev.seq)) {
      throw new WorldFileError('events section: each event needs a type, a tick and a seq');
    }
  }
  return e as EventState;
}

/** Bring an older file up to FORMAT_VERSION, one version at a time. */
export function migrate(file: ReadContainer, target = FORMAT_VERSION, migrations: Readonly<Record<number, Migration>> = MIGRATIONS): ReadContainer {
  let f = file;
  while (f.formatVersion < target) {
    const step = migrations[f.formatVersion];
    if (!step) throw new WorldFileError(`format version ${f.formatVersion} has no migration to ${f.formatVersion + 1}`);
    const from = f.formatVersion;
    f = step(f);
    if (f.formatVersion !== from + 1) throw new WorldFileError(`migration from format version ${from} did not produce version ${from + 1}`);
  }
  return f;
}

export interface LoadOptions {
  /** Extra plugins the saved world had (cognition, GPU systems...), as for createSociety. */
  plugins?: Plugin[];
  /** For tests of the migration hook: the format version this app reads, and its migrations. */
  formatVersion?: number;
  migrations?: Readonly<Record<number, Migration>>;
  /** Decompression implementation (fflate unless given). */
  codec?: DeflateCodec;
  /** Filled with wall-clock milliseconds per phase (read, decode, build, restore, and each section's load) for benchmarks. */
  timings?: Record<string, number>;
}

/**
 * The container, checked and migrated to the current format, and the format version it was written
 * in; its sections by name (each decompressed when its data is read).
 */
function readChecked(bytes: Uint8Array, options: LoadOptions): { file: ReadContainer; writtenIn: number; byName: Map<string, ContainerSection> } {
  const current = options.formatVersion ?? FORMAT_VERSION;
  const read = readContainer(bytes, current, options.codec);
  const file = migrate(read, current, options.migrations ?? MIGRATIONS);
  const byName = new Map(file.sections.map((s) => [s.name, s]));
  for (const required of ['meta', 'rng', 'entities', 'events']) {
    if (!byName.has(required)) throw new WorldFileError(`the file has no ${required} section`);
  }
  return { file, writtenIn: read.formatVersion, byName };
}

/**
 * The state sections of a file being loaded, each decompressed and decoded when first asked for
 * (the world map while the plugins build, the rest as each section loads) and dropped once taken:
 * a load holds a section's raw bytes only while it loads, not every section's at once.
 */
class SavedStates implements ReadonlyMap<string, unknown> {
  private readonly files = new Map<string, ContainerSection>();
  private readonly decoded = new Map<string, unknown>();

  constructor(
    sections: Iterable<ContainerSection>,
    private readonly codec: DeflateCodec,
  ) {
    for (const s of sections) if (s.name.startsWith('state:')) this.files.set(s.name.slice(6), s);
  }

  has(name: string): boolean {
    return this.files.has(name) || this.decoded.has(name);
  }

  /** The section's bytes in the file, while not yet decoded. */
  file(name: string): ContainerSection | undefined {
    return this.files.get(name);
  }

  get(name: string): unknown {
    const file = this.files.get(name);
    if (file) {
      this.decoded.set(name, decodeValue(file.data, name, this.codec));
      this.files.delete(name);
    }
    return this.decoded.get(name);
  }

  /** The section's data, no longer kept here. */
  take(name: string): unknown {
    const value = this.get(name);
    this.decoded.delete(name);
    return value;
  }

  get size(): number {
    return this.files.size + this.decoded.size;
  }

  *keys(): MapIterator<string> {
    yield* [...this.files.keys(), ...this.decoded.keys()];
  }

  *values(): MapIterator<unknown> {
    for (const name of this.keys()) yield this.get(name);
  }

  *entries(): MapIterator<[string, unknown]> {
    for (const name of this.keys()) yield [name, this.get(name)];
  }

  [Symbol.iterator](): MapIterator<[string, unknown]> {
    return this.entries();
  }

  forEach(fn: (value: unknown, key: string, map: ReadonlyMap<string, unknown>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}

/**
 * Build a new world from a world file. Everything is checked (container, every section, every
 * component against this app's registry, every state section's own validation) and a bad file
 * throws a one-line WorldFileError; no world that already exists is touched either way.
 */
export function loadWorld(bytes: Uint8Array, options: LoadOptions = {}): World {
  const steps = loadSteps(bytes, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * loadWorld() that decompresses sections on other threads where the codec can (`inflateAsync`):
 * while one section is decoded, the next few inflate on another core. Same checks, errors and result.
 */
export async function loadWorldAsync(bytes: Uint8Array, options: LoadOptions = {}): Promise<World> {
  const steps = loadSteps(bytes, options);
  let files: readonly ContainerSection[] = [];
  const at = new Map<ContainerSection, number>();
  let started = 0;
  let waited = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) {
      // Also inside the phases that waited: how much of the inflation the decoding did not hide.
      if (options.timings) options.timings['waiting for inflation'] = waited;
      return step.value;
    }
    const next = step.value;
    if (Array.isArray(next)) {
      files = next;
      files.forEach((f, i) => at.set(f, i));
      continue;
    }
    const section = next as ContainerSection;
    // A few sections ahead in file order (the order a load reads them), not all: every section's raw
    // bytes at once would be ~60 MiB at 100,000 agents (see ContainerSection.data on why that costs).
    const upTo = Math.min(files.length, (at.get(section) ?? started) + 1 + PREFETCH_AHEAD);
    for (; started < upTo; started++) files[started].prefetch?.().catch(ignoreHere);
    if (section.prefetch) {
      const t0 = performance.now();
      await section.prefetch();
      waited += performance.now() - t0;
    }
  }
}

/** Sections an async load keeps inflating ahead of the one it decodes. */
const PREFETCH_AHEAD = 3;

/** Each prefetch's failure is thrown where its section is awaited; this only keeps it from being reported unhandled. */
function ignoreHere(): void {}

/**
 * A load, step by step: it yields the file's sections once (in file order), then each section just
 * before reading it, so that an async driver can have that section's bytes ready.
 */
function* loadSteps(bytes: Uint8Array, options: LoadOptions): Generator<ContainerSection | readonly ContainerSection[], World, void> {
  const timings = options.timings ?? {};
  let t = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    timings[phase] = (timings[phase] ?? 0) + now - t;
    t = now;
  };
  const { file, byName } = readChecked(bytes, options);
  lap('read');
  yield file.sections;
  const section = function* (name: string) {
    const s = byName.get(name)!;
    yield s;
    return s.data;
  };
  const meta = decodeMeta(yield* section('meta'));
  const rng = decodeRng(yield* section('rng'));
  const entities = decodeEntities(yield* section('entities'));
  const events = decodeEvents(yield* section('events'));
  if (entities.nextId !== meta.highWater || entities.alive !== meta.population) {
    throw new WorldFileError(`entities section: ${entities.alive} alive of ${entities.nextId} ids, the meta section says ${meta.population} of ${meta.highWater}`);
  }
  for (const name of byName.keys()) {
    if (!['meta', 'rng', 'entities', 'events'].includes(name) && !name.startsWith('component:') && !name.startsWith('state:')) {
      throw new WorldFileError(`unknown section "${name}"`);
    }
  }
  lap('decode');

  // A plugin may restore from its saved section while it builds instead of regenerating (the world
  // map). The state sections move there (and out of byName), each dropped once taken.
  const names = [...byName.keys()];
  const saved = new SavedStates(byName.values(), options.codec ?? fflateCodec);
  for (const name of names) if (name.startsWith('state:')) byName.delete(name);
  let world: World;
  try {
    // Room for no entities yet: the saved components' arrays are adopted as they are (see adopt()).
    world = createSociety(meta.scenario, { seed: meta.seed, plugins: options.plugins, populate: false, saved, capacity: 16 });
  } catch (err) {
    const message = (err as Error).message;
    // A plugin that restores from its section names the section in its errors.
    if (/^[\w-]+ section: /.test(message) && saved.has(message.slice(0, message.indexOf(' section: ')))) throw new WorldFileError(message);
    throw new WorldFileError(`cannot rebuild the saved world's plugins: ${message}`);
  }
  lap('build');

  const registered = world.components.all();
  const known = new Set(registered.map((c) => `component:${c.def.name}`));
  for (const name of names) {
    if (name.startsWith('component:') && !known.has(name)) throw new WorldFileError(`the file holds component ${name.slice(10)}, which this app does not register (a missing plugin?)`);
  }
  for (const c of registered) {
    if (!byName.has(`component:${c.def.name}`)) throw new WorldFileError(`the file has no component ${c.def.name} section (saved without the plugin that registers it?)`);
  }
  const sections = world.stateSections();
  const sectionNames = new Set(sections.map((s) => `state:${s.name}`));
  for (const name of names) {
    if (name.startsWith('state:') && !sectionNames.has(name)) throw new WorldFileError(`the file holds a ${name.slice(6)} section, which this app does not register (a missing plugin?)`);
  }
  for (const s of sections) {
    if (!saved.has(s.name)) throw new WorldFileError(`the file has no ${s.name} section (saved without the plugin that registers it?)`);
  }

  // The new world: entities, then components, then everything else. Each component's section is
  // decompressed, checked and copied into the world's arrays in turn; sections validate their own
  // data (and references to living entities) in load(), and their errors get the section's name.
  try {
    world.entities.load(entities);
  } catch (err) {
    throw new WorldFileError(`entities section: ${stripPrefix((err as Error).message, 'entities')}`);
  }
  const arrays = new Map<string, Map<string, TypedArray>>();
  for (const registeredComponent of registered) {
    const name = `component:${registeredComponent.def.name}`;
    arrays.set(registeredComponent.def.name, decodeComponent(yield* section(name), registeredComponent, meta.highWater).arrays);
    byName.delete(name);
  }
  // The decoded arrays (views of each section's inflated bytes) become the world's stores.
  world.components.adopt(arrays, meta.highWater);
  world.rng.load(rng);
  world.events.load(events);
  world.clock.tick = meta.tick;
  lap('restore');
  for (const s of sections) {
    const unread = saved.file(s.name);
    if (unread) yield unread;
    const data = saved.take(s.name);
    try {
      s.load(data);
    } catch (err) {
      throw new WorldFileError(`${s.name} section: ${stripPrefix((err as Error).message, s.name)}`);
    }
    lap(`section ${s.name}`);
  }
  return world;
}

function stripPrefix(message: string, name: string): string {
  for (const p of [`${name} section: `, `${name}: `]) if (message.startsWith(p)) return message.slice(p.length);
  return message;
}

export interface WorldFileInfo {
  formatVersion: number;
  appVersion: string;
  savedAt: string;
  scenario: string;
  seed: number;
  tick: number;
  date: string;
  population: number;
  highWater: number;
  totalBytes: number;
  sections: SectionSize[];
}

/** What a world file holds, checked (every checksum, length and decompressed size) but without building a simulation. */
export function inspectWorld(bytes: Uint8Array, codec?: DeflateCodec): WorldFileInfo {
  const { file, writtenIn, byName } = readChecked(bytes, { codec });
  for (const s of file.sections) void s.data.length; // decompressed one at a time, to check each
  const meta = decodeMeta(byName.get('meta')!.data);
  return {
    formatVersion: writtenIn,
    appVersion: file.appVersion,
    savedAt: file.savedAt,
    scenario: meta.scenario.name,
    seed: meta.seed,
    tick: meta.tick,
    date: formatDate(dateOf(meta.tick, meta.minutesPerTick)),
    population: meta.population,
    highWater: meta.highWater,
    totalBytes: bytes.length,
    sections: file.sizes.map((s) => ({ ...s, name: sectionLabel(s.name) })),
  };
}
