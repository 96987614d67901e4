// Small builders for social tests: a society with chosen social settings and hand-set agents.

import type { World } from '../../src/engine/world';
import { loadScenario } from '../../src/persistence/scenario-files';
import { Vitals } from '../../src/society/components';
import { createSociety } from '../../src/society/create';
import type { Scenario } from '../../src/society/scenario';
import { Kin, SEX_FEMALE, SEX_MALE } from '../../src/society/social/components';
import type { SocialSettings } from '../../src/society/social/config';

export const village = loadScenario('village');

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export function withSocial(over: DeepPartial<SocialSettings>, base: Scenario = village): Scenario {
  const s = structuredClone(base.social) as unknown as Record<string, Record<string, unknown>>;
  for (const [k, v] of Object.entries(over)) s[k] = typeof v === 'object' && v !== null ? { ...s[k], ...v } : (v as never);
  return { ...base, social: s as unknown as SocialSettings };
}

export function society(agents: number, over: DeepPartial<SocialSettings> = {}, base: Scenario = village): World {
  return createSociety(withSocial(over, base), { agents });
}

/** Set an agent's age and sex. */
export function person(w: World, eid: number, age: number, sex: 'f' | 'm'): number {
  w.store(Vitals).age[eid] = age;
  w.store(Kin).sex[eid] = sex === 'f' ? SEX_FEMALE : SEX_MALE;
  return eid;
}
