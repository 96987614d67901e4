// The static map the renderer draws: terrain tiles and places (homes, market, bank...), read from
// the world plugin's resources when the world has them. Read by resource name and shape, so the
// app keeps working (with a plain meadow) in a world built without the map plugin.

import { resourceKey, type World } from '../../engine/world';
import type { MapFeature, TerrainTiles } from '../protocol';

interface TileMapLike {
  cols: number;
  rows: number;
  tileSize: number;
  terrain: Uint8Array;
}

interface PlacesLike {
  all(): readonly { kind: string; x: number; y: number; name: string }[];
}

/** Terrain kind names in code order, from src/society/world/terrain.ts. */
const TERRAIN_NAMES = ['grass', 'field', 'forest', 'water', 'stone'];

export function terrainOf(world: World): TerrainTiles | null {
  const key = resourceKey<TileMapLike>('tileMap');
  if (!world.hasResource(key)) return null;
  const map = world.resource(key);
  if (!(map.terrain instanceof Uint8Array) || map.terrain.length !== map.cols * map.rows) return null;
  return { cols: map.cols, rows: map.rows, tileSize: map.tileSize, tiles: map.terrain.slice(), names: TERRAIN_NAMES };
}

export function featuresOf(world: World): MapFeature[] {
  const key = resourceKey<PlacesLike>('places');
  if (!world.hasResource(key)) return [];
  const places = world.resource(key);
  if (typeof places.all !== 'function') return [];
  return places.all().map((p) => ({ kind: p.kind, x: p.x, y: p.y, label: p.kind === 'home' ? '' : p.name }));
}
