// The social figures of the daily metrics row: population by age band, the day's births, deaths by
// cause and marriages (counters reset at each row), households, families, generations present, mean
// relationship degree, culture shares and the reputation spread.

import type { World } from '../../engine/world';
import { Vitals } from '../components';
import { Culture, CULTURE_GROUPS, Kin, Social } from './components';
import { Families } from './family-registry';
import { Relationships } from './relationship-graph';

export const DEATH_CAUSES = ['old_age', 'starvation', 'health'] as const;

export function socialMetrics(world: World): Record<string, number> {
  const alive = world.entities.alive();
  const age = world.store(Vitals).age;
  const rep = world.store(Social).reputation;
  const group = world.store(Culture).group;
  const kin = world.store(Kin);
  const graph = world.resource(Relationships);
  const families = world.resource(Families);
  const bands = [0, 0, 0, 0];
  const groups = new Array(CULTURE_GROUPS.length).fill(0);
  const generations = new Set<number>();
  let degree = 0;
  let repSum = 0;
  let repSq = 0;
  let married = 0;
  for (let i = 0; i < alive.length; i++) {
    const e = alive[i];
    bands[age[e] < 18 ? 0 : age[e] < 40 ? 1 : age[e] < 65 ? 2 : 3]++;
    groups[group[e]]++;
    generations.add(kin.generation[e]);
    degree += graph.degree(e);
    repSum += rep[e];
    repSq += rep[e] * rep[e];
    married += kin.married[e];
  }
  const n = Math.max(1, alive.length);
  const repMean = repSum / n;
  const day = families.today;
  const row: Record<string, number> = {
    pop_0_17: bands[0],
    pop_18_39: bands[1],
    pop_40_64: bands[2],
    pop_65_plus: bands[3],
    births: day.births,
    marriages: day.marriages,
    married: married,
    households: families.households.size,
    families: families.families.size,
    generations: generations.size,
    meanDegree: degree / n,
    reputationMean: repMean,
    reputationSd: Math.sqrt(Math.max(0, repSq / n - repMean * repMean)),
  };
  let otherDeaths = 0;
  for (const [cause, count] of Object.entries(day.deaths)) if (!(DEATH_CAUSES as readonly string[]).includes(cause)) otherDeaths += count;
  for (const cause of DEATH_CAUSES) row[`deaths_${cause}`] = day.deaths[cause] ?? 0;
  row.deaths_other = otherDeaths;
  CULTURE_GROUPS.forEach((g, i) => (row[`culture_${g}`] = groups[i] / n));
  families.today = { births: 0, marriages: 0, deaths: {} };
  return row;
}
