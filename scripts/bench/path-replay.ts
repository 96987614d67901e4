// The town's own tile searches, replayed on two code trees: the 2,500-agent town built from tree A
// runs a few days while every uncached tile search (start, goal) it asks for is recorded; then each
// tree's PathFinder searches the same pairs on the same map (no caches: each call searches), by
// turns for a few rounds. Prints µs per search for short (≤ 12 tiles apart, Chebyshev) and long
// pairs, the ratio B/A, and checks that B's paths are as short as A's (octile length within 0.1%).
// Usage: npx tsx scripts/bench/path-replay.ts DIR_A DIR_B [days]

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dirA, dirB] = process.argv.slice(2, 4).map((d) => resolve(d));
if (!dirA || !dirB) {
  console.error('usage: npx tsx scripts/bench/path-replay.ts DIR_A DIR_B [days]');
  process.exit(2);
}
const days = Number(process.argv[4] ?? 4);
const DAY = 48;

interface Finder {
  tilePath(start: number, goal: number): Int32Array;
}
type FinderClass = new (map: unknown, cacheSize?: number) => Finder;

const load = async (dir: string, file: string) => import(pathToFileURL(`${dir}/src/${file}`).href);
const { loadScenario } = await load(dirA, 'persistence/scenario-files.ts');
const { createSociety } = await load(dirA, 'society/create.ts');
const { MapKey } = await load(dirA, 'society/world/map.ts');
const FinderA: FinderClass = (await load(dirA, 'society/world/pathfinding.ts')).PathFinder;
const FinderB: FinderClass = (await load(dirB, 'society/world/pathfinding.ts')).PathFinder;

// Record: every search the town's PathFinder runs (tilePath's cache misses).
const pairs: number[] = [];
const proto = FinderA.prototype as unknown as { search(s: number, g: number): Int32Array };
const search = proto.search;
proto.search = function (this: unknown, s: number, g: number) {
  pairs.push(s, g);
  return search.call(this, s, g);
};
const world = createSociety(loadScenario('town'), {});
world.run(days * DAY);
proto.search = search;
const map = world.resource(MapKey);
const cols: number = map.cols;
const isShort = (s: number, g: number) => Math.max(Math.abs((s % cols) - (g % cols)), Math.abs(Math.floor(s / cols) - Math.floor(g / cols))) <= 12;
const octile = (tiles: Int32Array) => {
  let len = 0;
  for (let i = 1; i < tiles.length; i++) len += tiles[i] % cols !== tiles[i - 1] % cols && Math.floor(tiles[i] / cols) !== Math.floor(tiles[i - 1] / cols) ? Math.SQRT2 : 1;
  return len;
};

const n = pairs.length / 2;
const short: number[] = [];
const long: number[] = [];
for (let i = 0; i < n; i++) (isShort(pairs[2 * i], pairs[2 * i + 1]) ? short : long).push(pairs[2 * i], pairs[2 * i + 1]);
console.log(`${n} searches recorded over ${days} days (${short.length / 2} short, ${long.length / 2} long)`);

// Paths: B's as short as A's, each a connected chain from start to goal.
const a = new FinderA(map, 1);
const b = new FinderB(map, 1);
let worse = 0;
for (let i = 0; i < n; i++) {
  const pa = a.tilePath(pairs[2 * i], pairs[2 * i + 1]);
  const pb = b.tilePath(pairs[2 * i], pairs[2 * i + 1]);
  if (pa.length === 0 !== (pb.length === 0) || pb[0] !== pa[0] || pb[pb.length - 1] !== pa[pa.length - 1] || octile(pb) > octile(pa) * (1 + 1 / 1024) + 1e-6) worse++;
}
console.log(worse === 0 ? "B's paths are as short as A's" : `B's path is longer or broken on ${worse} of ${n} pairs`);

/** µs per search of one finder over a list of pairs (a cache of 1 and alternating pairs: every call searches). */
function time(f: Finder, list: number[]): number {
  const t0 = performance.now();
  for (let i = 0; i < list.length; i += 2) {
    f.tilePath(list[i], list[i + 1]);
    f.tilePath(list[i + 1], list[i]);
  }
  return ((performance.now() - t0) * 1000) / list.length;
}
for (const f of [a, b]) time(f, pairs); // warm-up
const rounds = 6;
const sums = { as: 0, bs: 0, al: 0, bl: 0 };
for (let r = 0; r < rounds; r++) {
  const first = r % 2 === 0 ? a : b;
  const second = first === a ? b : a;
  const t1s = time(first, short);
  const t2s = time(second, short);
  const t1l = time(first, long);
  const t2l = time(second, long);
  sums.as += first === a ? t1s : t2s;
  sums.bs += first === a ? t2s : t1s;
  sums.al += first === a ? t1l : t2l;
  sums.bl += first === a ? t2l : t1l;
}
const f = (x: number) => (x / rounds).toFixed(1);
console.log(`short: A ${f(sums.as)} µs, B ${f(sums.bs)} µs, B/A ${(sums.bs / sums.as).toFixed(3)}`);
console.log(`long:  A ${f(sums.al)} µs, B ${f(sums.bl)} µs, B/A ${(sums.bl / sums.al).toFixed(3)}`);
