// The world: component registry, entities, clock, RNG streams, events, resources and extra
// simulation state, plus the schedule of systems that advances it one fixed tick at a time.

import { Clock } from './clock';
import { ComponentRegistry, type ComponentDef, type Fields, type Store, type TypedArray } from './component';
import { EntityIndex } from './entities';
import { EventLog, type EventMap, type EventStamp, type EventType } from './events';
import { Hasher } from './hash';
import { RngStreams, type Rng } from './rng';
import { Schedule, type Plugin, type System } from './schedule';

/** Simulation state that is not component data (markets, bank, relationship graph...). Saved and hashed by name. */
export interface StateSection {
  readonly name: string;
  /** Plain JSON-compatible data (typed arrays allowed) that load() accepts. */
  save(): unknown;
  /** Must validate fully before changing anything, and throw an Error naming the problem. */
  load(data: unknown): void;
  /** Defaults to hashing save(). */
  hash?(h: Hasher): void;
}

export interface ResourceKey<T> {
  readonly name: string;
  /** Index into a world's resource slots (one per name), so a lookup on a hot path is an array read. */
  readonly slot: number;
  readonly __type?: T;
}

const resourceSlots = new Map<string, number>();

export function resourceKey<T>(name: string): ResourceKey<T> {
  let slot = resourceSlots.get(name);
  if (slot === undefined) resourceSlots.set(name, (slot = resourceSlots.size));
  return Object.freeze({ name, slot });
}

export interface WorldOptions {
  seed: number;
  minutesPerTick: number;
  /** Initial entity capacity; arrays double as needed. */
  capacity?: number;
  eventCapacity?: number;
}

export type DespawnHook = (world: World, eid: number, reason: string) => void;
export type SpawnHook = (world: World, eid: number) => void;

export class World {
  readonly seed: number;
  readonly clock: Clock;
  readonly components: ComponentRegistry;
  readonly entities: EntityIndex;
  readonly rng: RngStreams;
  readonly events: EventLog;
  readonly schedule = new Schedule();
  private readonly resources: unknown[] = [];
  private readonly sections = new Map<string, StateSection>();
  private readonly plugins = new Set<string>();
  private readonly despawnHooks: DespawnHook[] = [];
  private readonly spawnHooks: SpawnHook[] = [];
  private pendingDespawns: { eid: number; reason: string }[] = [];

  constructor(options: WorldOptions) {
    if (!Number.isInteger(options.seed)) throw new Error(`seed must be an integer, got ${options.seed}`);
    this.seed = options.seed >>> 0;
    this.clock = new Clock(options.minutesPerTick);
    const capacity = Math.max(16, options.capacity ?? 1024);
    this.components = new ComponentRegistry(capacity);
    this.entities = new EntityIndex(capacity);
    this.rng = new RngStreams(this.seed);
    this.events = new EventLog(options.eventCapacity ?? 4096);
  }

  get tick(): number {
    return this.clock.tick;
  }

  // ---- plugins, systems, components, resources, state ----

  use(plugin: Plugin): this {
    if (this.plugins.has(plugin.name)) return this;
    for (const dep of plugin.dependsOn ?? []) {
      if (!this.plugins.has(dep)) throw new Error(`plugin "${plugin.name}" needs plugin "${dep}" installed first`);
    }
    plugin.build(this);
    this.plugins.add(plugin.name);
    return this;
  }

  hasPlugin(name: string): boolean {
    return this.plugins.has(name);
  }

  addSystem(system: System): this {
    this.schedule.add(system);
    return this;
  }

  register<F extends Fields>(def: ComponentDef<F>): Store<F> {
    const store = this.components.register(def);
    this.components.ensureCapacity(this.entities.highWater);
    return store;
  }

  /** The live arrays of a component. Arrays are replaced on growth: fetch per system run, not once. */
  store<F extends Fields>(def: ComponentDef<F>): Store<F> {
    return this.components.get(def);
  }

  setResource<T>(key: ResourceKey<T>, value: T): void {
    this.resources[key.slot] = value;
  }

  resource<T>(key: ResourceKey<T>): T {
    const value = this.resources[key.slot];
    if (value === undefined) throw new Error(`resource "${key.name}" is not set in this world`);
    return value as T;
  }

  hasResource(key: ResourceKey<unknown>): boolean {
    return this.resources[key.slot] !== undefined;
  }

  addState(section: StateSection): void {
    if (this.sections.has(section.name)) throw new Error(`state section "${section.name}" is already registered`);
    this.sections.set(section.name, section);
  }

  stateSections(): StateSection[] {
    return [...this.sections.values()];
  }

  stream(name: string): Rng {
    return this.rng.get(name);
  }

  emit<T extends EventType>(type: T, payload: EventMap[T] & EventStamp): void {
    this.events.emit(type, this.clock.tick, payload);
  }

  // ---- entities ----

  onSpawn(hook: SpawnHook): void {
    this.spawnHooks.push(hook);
  }

  onDespawn(hook: DespawnHook): void {
    this.despawnHooks.push(hook);
  }

  spawn(): number {
    const next = this.entities.peekNext();
    this.components.ensureCapacity(next + 1);
    const eid = this.entities.create();
    this.components.clearEntity(eid);
    for (const hook of this.spawnHooks) hook(this, eid);
    return eid;
  }

  /** Remove at the end of the tick (safe while systems iterate the alive list). */
  despawnLater(eid: number, reason: string): void {
    if (!this.entities.isAlive(eid)) return;
    if (this.pendingDespawns.some((p) => p.eid === eid)) return;
    this.pendingDespawns.push({ eid, reason });
  }

  /** Remove now: despawn hooks run first (plugins drop what points at the entity), then the id is freed. */
  despawn(eid: number, reason: string): void {
    if (!this.entities.isAlive(eid)) throw new Error(`cannot despawn entity ${eid}: not alive`);
    for (const hook of this.despawnHooks) hook(this, eid, reason);
    this.entities.destroy(eid);
    this.components.clearEntity(eid);
    this.emit('despawn', { agent: eid, reason });
  }

  flushDespawns(): void {
    const pending = this.pendingDespawns;
    this.pendingDespawns = [];
    for (const { eid, reason } of pending) if (this.entities.isAlive(eid)) this.despawn(eid, reason);
  }

  isAlive(eid: number): boolean {
    return this.entities.isAlive(eid);
  }

  // ---- time ----

  /** Advance one fixed tick: every phase in order, then deferred removals, then the clock. */
  step(): void {
    this.schedule.run(this);
    this.flushDespawns();
    this.clock.tick++;
  }

  run(ticks: number): void {
    for (let i = 0; i < ticks; i++) this.step();
  }

  // ---- determinism ----

  /** A hash of all simulation state: clock, entity bookkeeping, every component of the living, RNG, sections. */
  stateHash(): string {
    const h = new Hasher();
    h.u32(this.clock.tick).u32(this.seed);
    const alive = this.entities.alive();
    h.u32(alive.length).u32(this.entities.highWater);
    for (let i = 0; i < alive.length; i++) h.u32(alive[i]).u32(this.entities.generation(alive[i]));
    for (const { def, store } of this.components.all()) {
      h.str(def.name);
      for (const field of Object.keys(def.fields)) h.elements((store as Record<string, TypedArray>)[field], alive);
    }
    h.value(this.rng.save());
    for (const section of [...this.sections.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      h.str(section.name);
      if (section.hash) section.hash(h);
      else h.value(section.save());
    }
    return h.digest();
  }
}
