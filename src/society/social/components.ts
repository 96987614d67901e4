// The social components: reputation and this tick's interaction count, culture (group + the five
// affinities as separate f32 fields so a GPU kernel can bind each as a buffer), and kinship flags.
// Links between agents (spouse, parents, children, the relationship graph) live in side tables keyed
// by EntityRef, so a recycled id never inherits them.

import { defineComponent } from '../../engine/component';
import type { World } from '../../engine/world';
import { Vitals } from '../components';
import { ScenarioConfig } from '../core/config';

export const Social = defineComponent('Social', { reputation: 'f32', interactions: 'u8' });

export const CULTURE_GROUPS = ['harmonists', 'builders', 'guardians', 'scholars', 'wanderers'] as const;
export type CultureGroup = (typeof CULTURE_GROUPS)[number];

export const Culture = defineComponent('Culture', { group: 'u8', harmonists: 'f32', builders: 'f32', guardians: 'f32', scholars: 'f32', wanderers: 'f32' });

export const SEX_FEMALE = 0;
export const SEX_MALE = 1;

/** family and household are registry ids (0 = none); generation 0 = the founders. */
export const Kin = defineComponent('Kin', { sex: 'u8', generation: 'u16', family: 'i32', household: 'i32', married: 'u8' });

/** The five affinity arrays of a Culture store, in CULTURE_GROUPS order. */
export function affinityArrays(c: { harmonists: Float32Array; builders: Float32Array; guardians: Float32Array; scholars: Float32Array; wanderers: Float32Array }): Float32Array[] {
  return [c.harmonists, c.builders, c.guardians, c.scholars, c.wanderers];
}

/** Adults work, trade and marry; children do not. Other plugins call this instead of reading ages. */
export function isAdult(world: World, eid: number): boolean {
  return world.store(Vitals).age[eid] >= world.resource(ScenarioConfig).social.adultAge;
}
