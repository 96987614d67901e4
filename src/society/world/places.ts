// Places with meaning: homes, the market square, the bank, the town hall, and workplaces (farms,
// workshops... added by the production plugin). A side table (saved, hashed); each place sits on
// one tile, and no two places share a tile. Agents' homes are a component (Home.place = id + 1,
// 0 = none), so they follow the entity through saves and vanish with it.

import { defineComponent } from '../../engine/component';
import { savedArray } from '../../engine/saved-arrays';
import { resourceKey, type StateSection, type World } from '../../engine/world';
import { Position } from '../components';
import { GRASS } from './terrain';
import { MapKey, type TileMap } from './map';

export const PLACE_KINDS = ['home', 'market', 'bank', 'hall', 'farm', 'workshop', 'lumberyard', 'quarry', 'school', 'studio', 'office', 'mill'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export interface Place {
  readonly id: number;
  readonly kind: PlaceKind;
  readonly tile: number;
  readonly x: number;
  readonly y: number;
  readonly name: string;
}

/** The agent's home: place id + 1 (0 = homeless). */
export const Home = defineComponent('Home', { place: 'i32' });

export class Places implements StateSection {
  readonly name = 'places';
  private list: Place[] = [];
  /** 1 on tiles holding a place (a flag per tile: the layout and firm founding ask for every tile they walk). */
  private taken: Uint8Array;
  private byKindCache = new Map<PlaceKind, Place[]>();
  /** Places per kind, for default names (ofKind rebuilds its list after every add: quadratic when laying out 25,000 homes). */
  private kindCount = new Map<PlaceKind, number>();

  constructor(private readonly map: TileMap) {
    this.taken = new Uint8Array(map.size);
  }

  get count(): number {
    return this.list.length;
  }

  get(id: number): Place | undefined {
    return this.list[id];
  }

  all(): readonly Place[] {
    return this.list;
  }

  isTaken(tile: number): boolean {
    return this.taken[tile] === 1;
  }

  add(kind: PlaceKind, tile: number, name: string = `${kind} ${(this.kindCount.get(kind) ?? 0) + 1}`): Place {
    if (this.taken[tile]) throw new Error(`tile ${tile} already holds a place`);
    if (!this.map.passable[tile]) throw new Error(`cannot put a ${kind} on water (tile ${tile})`);
    const place: Place = { id: this.list.length, kind, tile, x: this.map.centreX(tile), y: this.map.centreY(tile), name };
    this.list.push(place);
    this.taken[tile] = 1;
    this.kindCount.set(kind, (this.kindCount.get(kind) ?? 0) + 1);
    this.byKindCache.delete(kind);
    return place;
  }

  ofKind(kind: PlaceKind): readonly Place[] {
    let l = this.byKindCache.get(kind);
    if (!l) this.byKindCache.set(kind, (l = this.list.filter((p) => p.kind === kind)));
    return l;
  }

  /** The nearest place of a kind (ties: lowest id), or undefined. */
  nearest(kind: PlaceKind, x: number, y: number): Place | undefined {
    let best: Place | undefined;
    let bestD = Infinity;
    for (const p of this.ofKind(kind)) {
      const d = (p.x - x) ** 2 + (p.y - y) ** 2;
      if (d < bestD) {
        bestD = d;
        best = p;
      }
    }
    return best;
  }

  /** Places in id order: kind (index into PLACE_KINDS) and tile; names only where they differ from the default "kind N". */
  save(): SavedPlaces {
    const kind = new Uint8Array(this.list.length);
    const tile = new Int32Array(this.list.length);
    const names: [number, string][] = [];
    const counts = new Map<PlaceKind, number>();
    for (const p of this.list) {
      const n = (counts.get(p.kind) ?? 0) + 1;
      counts.set(p.kind, n);
      kind[p.id] = PLACE_KINDS.indexOf(p.kind);
      tile[p.id] = p.tile;
      if (p.name !== `${p.kind} ${n}`) names.push([p.id, p.name]);
    }
    return { kind, tile, names };
  }

  load(data: unknown): void {
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('places section: expected {kind, tile, names}');
    const d = data as Record<string, unknown>;
    const kinds = savedArray(d, 'kind', Uint8Array, 'places');
    const tiles = savedArray(d, 'tile', Int32Array, 'places', kinds.length);
    if (!Array.isArray(d.names)) throw new Error('places section: names must be a list of [id, name]');
    const named = new Map<number, string>();
    for (const row of d.names as unknown[]) {
      if (!Array.isArray(row) || row.length !== 2 || !Number.isInteger(row[0]) || typeof row[1] !== 'string') throw new Error('places section: each name must be [id, name]');
      if (row[0] < 0 || row[0] >= kinds.length || named.has(row[0])) throw new Error(`places section: name for place ${row[0]}, which does not exist or is named twice`);
      named.set(row[0], row[1]);
    }
    const list: Place[] = [];
    const taken = new Uint8Array(this.map.size);
    const kindCount = new Map<PlaceKind, number>();
    for (let i = 0; i < kinds.length; i++) {
      const kind = PLACE_KINDS[kinds[i]];
      const tile = tiles[i];
      if (kind === undefined) throw new Error(`places section: place ${i}: unknown kind ${kinds[i]}`);
      if (tile < 0 || tile >= this.map.size) throw new Error(`places section: place ${i}: tile ${tile} is outside the map`);
      if (!this.map.passable[tile]) throw new Error(`places section: place ${i}: tile ${tile} is water`);
      if (taken[tile]) throw new Error(`places section: place ${i}: tile ${tile} already holds another place`);
      taken[tile] = 1;
      const n = (kindCount.get(kind) ?? 0) + 1;
      kindCount.set(kind, n);
      list.push({ id: i, kind, tile, x: this.map.centreX(tile), y: this.map.centreY(tile), name: named.get(i) ?? `${kind} ${n}` });
    }
    this.list = list;
    this.taken = taken;
    this.kindCount = kindCount;
    this.byKindCache.clear();
  }
}

/** The saved places (format version 2 on). */
export interface SavedPlaces {
  kind: Uint8Array;
  tile: Int32Array;
  /** [id, name] of places not named "kind N" (N counting that kind's places in id order). */
  names: [number, string][];
}

export const PlacesKey = resourceKey<Places>('places');

/**
 * Visit tiles in growing square rings around a centre tile (the centre first) until `visit`
 * returns true or the map is exhausted.
 */
export function forEachRing(map: TileMap, centre: number, visit: (tile: number) => boolean): void {
  const c0 = centre % map.cols;
  const r0 = Math.floor(centre / map.cols);
  const maxRing = Math.max(map.cols, map.rows);
  for (let ring = 0; ring <= maxRing; ring++) {
    for (let r = r0 - ring; r <= r0 + ring; r++) {
      if (r < 0 || r >= map.rows) continue;
      const edge = r === r0 - ring || r === r0 + ring;
      for (let c = c0 - ring; c <= c0 + ring; c += edge || ring === 0 ? 1 : 2 * ring) {
        if (c < 0 || c >= map.cols) continue;
        if (visit(r * map.cols + c)) return;
      }
    }
  }
}

/** The free tile nearest a centre that `accept` likes, or -1. */
export function freeTileNear(map: TileMap, places: Places, centre: number, accept: (tile: number) => boolean): number {
  let found = -1;
  forEachRing(map, centre, (t) => {
    if (map.passable[t] && !places.isTaken(t) && accept(t)) found = t;
    return found >= 0;
  });
  return found;
}

/**
 * Lay out the settlement: the market square on the grass tile nearest the map's centre, the bank
 * and the town hall beside it, then homes on every other tile of every other row around them
 * (leaving lanes), nearest first, enough for `people` at `capacity` each.
 */
export function layoutSettlement(map: TileMap, places: Places, people: number, capacity: number): void {
  const middle = map.tileAt((map.cols * map.tileSize) / 2, (map.rows * map.tileSize) / 2);
  let centre = map.nearestPassable(middle, (t) => map.terrain[t] === GRASS);
  if (centre < 0) centre = map.nearestPassable(middle);
  const c0 = centre % map.cols;
  const r0 = Math.floor(centre / map.cols);
  places.add('market', centre, 'market square');
  const beside = (t: number) => Math.abs((t % map.cols) - c0) + Math.abs(Math.floor(t / map.cols) - r0) >= 2;
  places.add('bank', freeTileNear(map, places, centre, beside), 'bank');
  places.add('hall', freeTileNear(map, places, centre, beside), 'town hall');
  addHomes(map, places, centre, Math.ceil(people / capacity));
}

/** Add `count` homes on lots around the centre (grass first, then any land). */
export function addHomes(map: TileMap, places: Places, centre: number, count: number): void {
  const c0 = centre % map.cols;
  const r0 = Math.floor(centre / map.cols);
  const lot = (t: number) => ((t % map.cols) - c0) % 2 === 0 && (Math.floor(t / map.cols) - r0) % 2 === 0;
  for (const accept of [(t: number) => lot(t) && map.terrain[t] === GRASS, lot, () => true]) {
    if (count <= 0) return;
    forEachRing(map, centre, (t) => {
      if (map.passable[t] && !places.isTaken(t) && accept(t)) {
        places.add('home', t);
        count--;
      }
      return count <= 0;
    });
  }
}

// ---- homes ----

/** The agent's home place id, or -1 if it has none. */
export function homeOf(world: World, eid: number): number {
  return world.store(Home).place[eid] - 1;
}

/** Assign (or reassign) an agent's home; throws if the place is not a home. */
export function assignHome(world: World, eid: number, placeId: number): void {
  const place = world.resource(PlacesKey).get(placeId);
  if (!place || place.kind !== 'home') throw new Error(`place ${placeId} is not a home`);
  if (!world.isAlive(eid)) throw new Error(`agent ${eid} is not alive`);
  world.store(Home).place[eid] = placeId + 1;
}

/** People living in each home, by place id (homes only; other places count 0). */
export function homeOccupancy(world: World): Int32Array {
  const places = world.resource(PlacesKey);
  const counts = new Int32Array(places.count);
  const home = world.store(Home).place;
  const alive = world.entities.alive();
  for (let i = 0; i < alive.length; i++) if (home[alive[i]] > 0) counts[home[alive[i]] - 1]++;
  return counts;
}

/**
 * Give every homeless agent the least crowded home (homes fill in order up to capacity; when all
 * are full a new one is built on the edge of town) and, when `moveIn`, put them at the door.
 * Deterministic: agents in iteration order. Returns how many are still homeless (no free land).
 */
export function houseHomeless(world: World, capacity: number, moveIn: boolean): number {
  const home = world.store(Home).place;
  const alive = world.entities.alive();
  let homeless = 0;
  for (let i = 0; i < alive.length; i++) if (home[alive[i]] === 0) homeless++;
  if (homeless === 0) return 0;
  const places = world.resource(PlacesKey);
  const map = world.resource(MapKey);
  const counts = Array.from(homeOccupancy(world));
  const p = world.store(Position);
  const market = places.ofKind('market')[0];
  let homes = places.ofKind('home');
  let cursor = 0;
  let housed = 0;
  for (let i = 0; i < alive.length; i++) {
    const eid = alive[i];
    if (home[eid] !== 0) continue;
    while (cursor < homes.length && counts[homes[cursor].id] >= capacity) cursor++;
    if (cursor >= homes.length) {
      addHomes(map, places, market ? market.tile : 0, 1);
      homes = places.ofKind('home');
      if (cursor >= homes.length) break; // no free land left: stays homeless
    }
    const place = homes[cursor];
    while (counts.length <= place.id) counts.push(0);
    counts[place.id]++;
    home[eid] = place.id + 1;
    if (moveIn) {
      p.x[eid] = place.x;
      p.y[eid] = place.y;
    }
    housed++;
  }
  return homeless - housed;
}
