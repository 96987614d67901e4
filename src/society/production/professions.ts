// What each kind of work makes, explicitly. A firm kind is a recipe at a workplace; a profession
// prefers one kind of work and starts with skill in its craft. Skills (a component of per-craft
// levels in [0, 1]) improve with practice and scale output by (0.5 + skill).

import { defineComponent } from '../../engine/component';
import { PROFESSIONS } from '../names';
import { BASE_PRICE_CENTS, type Good } from '../resources';
import { NODE_FIELD, NODE_FOREST, NODE_STONE } from '../world/nodes';
import type { PlaceKind } from '../world/places';

export const SKILLS = ['farming', 'crafting', 'gathering', 'scholarship', 'artistry', 'commerce'] as const;
export type Skill = (typeof SKILLS)[number];

export const Skills = defineComponent('Skills', Object.fromEntries(SKILLS.map((s) => [s, 'f32'])) as Record<Skill, 'f32'>);

export interface Recipe {
  readonly kind: PlaceKind;
  readonly good: Good;
  /** Units per shift before skill and tools: uniform in [min, max]. */
  readonly min: number;
  readonly max: number;
  readonly skill: Skill;
  /** Resource node kind the work draws from (output capped by what the nodes hold), or -1. */
  readonly node: number;
  /** Input good used up per unit of output, or none. */
  readonly input?: { good: Good; perUnit: number };
  /** Share of the initial jobs of this kind. */
  readonly jobShare: number;
}

export const RECIPES: readonly Recipe[] = [
  { kind: 'farm', good: 'food', min: 3, max: 8, skill: 'farming', node: NODE_FIELD, jobShare: 0.42 },
  { kind: 'workshop', good: 'tools', min: 1, max: 3, skill: 'crafting', node: -1, input: { good: 'materials', perUnit: 2 }, jobShare: 0.1 },
  { kind: 'lumberyard', good: 'materials', min: 3, max: 8, skill: 'gathering', node: NODE_FOREST, jobShare: 0.14 },
  { kind: 'quarry', good: 'materials', min: 2, max: 6, skill: 'gathering', node: NODE_STONE, jobShare: 0.06 },
  { kind: 'school', good: 'knowledge', min: 3, max: 10, skill: 'scholarship', node: -1, jobShare: 0.08 },
  { kind: 'studio', good: 'luxury', min: 1, max: 2, skill: 'artistry', node: -1, jobShare: 0.06 },
  { kind: 'office', good: 'services', min: 3, max: 10, skill: 'commerce', node: -1, jobShare: 0.09 },
  // Water and wind mills: the energy homes burn (see homeEnergySystem), from labour alone.
  { kind: 'mill', good: 'energy', min: 4, max: 10, skill: 'crafting', node: -1, jobShare: 0.05 },
];

/** The prototype's professions mapped onto the work they do (farmer → farm, craftsman → workshop...). */
const PROFESSION_WORK: Readonly<Record<(typeof PROFESSIONS)[number], PlaceKind>> = {
  artist: 'studio',
  scientist: 'school',
  trader: 'office',
  builder: 'workshop',
  explorer: 'lumberyard',
  teacher: 'school',
  inventor: 'mill',
  farmer: 'farm',
  craftsperson: 'workshop',
  storyteller: 'school',
  leader: 'office',
};

/** The recipe index a profession (by index) prefers. */
export const PROFESSION_RECIPE: readonly number[] = PROFESSIONS.map((p) => RECIPES.findIndex((r) => r.kind === PROFESSION_WORK[p]));

/** Expected value a shift adds at base prices (output minus inputs), in cents. */
export function valueAddedPerShift(r: Recipe): number {
  const mean = (r.min + r.max) / 2;
  const inputs = r.input ? r.input.perUnit * BASE_PRICE_CENTS[r.input.good] : 0;
  return Math.max(0, Math.round(mean * (BASE_PRICE_CENTS[r.good] - inputs)));
}

/** Output multiplier of a skill level. */
export function skillFactor(skill: number): number {
  return 0.5 + skill;
}

/** Practice: a step toward 1 that shrinks as the skill grows (diminishing returns). */
export function practice(skill: number, gain: number): number {
  return Math.min(1, skill + gain * (1 - skill));
}
