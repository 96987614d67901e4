// The built-in offline brain: a utility policy. Every plugin contributes candidate actions with a
// utility for the agent's current situation (core: eat, rest, gather, wander; the economy: work,
// trade, bank; social life: talk, court, support family...). The highest utility wins; ties go to
// the candidate offered first. Deterministic under the world seed (draws come from the "brain" stream).

import { resourceKey, type World } from '../../engine/world';
import type { ActionRequest } from '../actions';
import { Inventory, Position, Vitals } from '../components';
import { ScenarioConfig } from './config';

export interface Candidate {
  action: ActionRequest;
  utility: number;
  /** Why, in a few words (shown in the inspector and in decision logs). */
  reason: string;
}

/** Adds this plugin's candidate actions for one idle agent. */
export type HeuristicContributor = (world: World, eid: number, out: Candidate[]) => void;

export const HeuristicContributors = resourceKey<HeuristicContributor[]>('heuristicContributors');

/**
 * A cheap rule for a routine moment (at work in working hours, at the lodging at night): the action
 * the whole brain would pick there, or null to weigh every candidate. The decide system tries
 * routines first; most of a town's decisions are such moments, and weighing every plugin's
 * candidates costs several microseconds each. A plugin whose candidates can outrank a routine's
 * answer must make that routine return null there (tests/production/routines.test.ts checks the
 * built-in plugins over a living village).
 */
export type HeuristicRoutine = (world: World, eid: number) => ActionRequest | null;

export const HeuristicRoutines = resourceKey<HeuristicRoutine[]>('heuristicRoutines');

export function heuristicCandidates(world: World, eid: number): Candidate[] {
  const out: Candidate[] = [];
  for (const contribute of world.resource(HeuristicContributors)) contribute(world, eid, out);
  return out;
}

/** The best candidate (highest utility, first offered on ties); rest if nobody offers anything. */
export function heuristicChoice(world: World, eid: number): Candidate {
  let best: Candidate = { action: { type: 'rest' }, utility: -Infinity, reason: 'nothing else to do' };
  for (const c of heuristicCandidates(world, eid)) if (c.utility > best.utility) best = c;
  return best;
}

export function heuristicDecision(world: World, eid: number): ActionRequest {
  return heuristicChoice(world, eid).action;
}

/** Core needs: eat when hungry, rest when tired, gather when short of food, otherwise wander a little. */
export const coreNeeds: HeuristicContributor = (world, eid, out) => {
  const v = world.store(Vitals);
  const food = world.store(Inventory).food[eid];
  const hunger = v.hunger[eid];
  const energy = v.energy[eid];
  if (food > 0 && hunger > 0.5) out.push({ action: EAT, utility: 0.6 + hunger, reason: 'hungry' });
  if (energy < 0.3) out.push({ action: REST, utility: 1.3 - energy, reason: 'tired' });
  if (food <= 2) out.push({ action: GATHER, utility: 0.7, reason: 'little food left' });
  const rng = world.stream('brain');
  out.push({ action: GATHER, utility: 0.3, reason: 'stock up' });
  if (rng.chance(0.4)) out.push({ action: wander(world, eid), utility: 0.35, reason: 'explore' });
  out.push({ action: REST, utility: 0.1, reason: 'idle' });
};

// Requests are read, never written: the common ones are shared rather than made per decision.
const EAT: ActionRequest = Object.freeze({ type: 'eat' });
const REST: ActionRequest = Object.freeze({ type: 'rest' });
const GATHER: ActionRequest = Object.freeze({ type: 'gather' });

/**
 * Eating when hungry (0.6 + hunger) and resting when tired (1.3 − energy) outrank every other
 * candidate of every plugin (all under 1), so the whole brain's choice there is known: the better
 * of the two, eating on a tie as coreNeeds offers it first.
 */
export const coreRoutine: HeuristicRoutine = (world, eid) => {
  const v = world.store(Vitals);
  const hunger = v.hunger[eid];
  const energy = v.energy[eid];
  const eat = world.store(Inventory).food[eid] > 0 && hunger > 0.5 ? 0.6 + hunger : -Infinity;
  const rest = energy < 0.3 ? 1.3 - energy : -Infinity;
  if (eat === -Infinity && rest === -Infinity) return null;
  return eat >= rest ? EAT : REST;
};

/** A short walk to a random nearby point inside the world. */
export function wander(world: World, eid: number, distance = 8): ActionRequest {
  const rng = world.stream('brain');
  const { width, height } = world.resource(ScenarioConfig).world;
  const p = world.store(Position);
  const x = clamp(p.x[eid] + rng.range(-distance, distance), 0, width);
  const y = clamp(p.y[eid] + rng.range(-distance, distance), 0, height);
  return { type: 'move_to', x, y };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
