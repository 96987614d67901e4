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

/**
 * The candidates of one decision. Its entries are reused from decision to decision (a town weighs
 * about two hundred a tick, ten candidates each, and fresh objects were half of a tick's garbage):
 * read them before the next decision, and copy one to keep it.
 */
export class Candidates {
  private readonly items: Candidate[] = [];
  length = 0;

  /** Offer an action with its utility and the reason why. */
  offer(action: ActionRequest, utility: number, reason: string): void {
    const c = this.items[this.length];
    if (c === undefined) this.items.push({ action, utility, reason });
    else {
      c.action = action;
      c.utility = utility;
      c.reason = reason;
    }
    this.length++;
  }

  at(i: number): Candidate {
    return this.items[i];
  }

  clear(): void {
    this.length = 0;
  }

  /** Copies of the candidates, in the order offered. */
  toArray(): Candidate[] {
    return this.items.slice(0, this.length).map((c) => ({ ...c }));
  }
}

/** Adds this plugin's candidate actions for one idle agent. */
export type HeuristicContributor = (world: World, eid: number, out: Candidates) => void;

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

/** Every plugin's candidates for one agent, into `out` (cleared first). */
export function collectCandidates(world: World, eid: number, out: Candidates): Candidates {
  out.clear();
  const contributors = world.resource(HeuristicContributors);
  for (let i = 0; i < contributors.length; i++) contributors[i](world, eid, out);
  return out;
}

/** Every plugin's candidates for one agent, as fresh objects. */
export function heuristicCandidates(world: World, eid: number): Candidate[] {
  return collectCandidates(world, eid, new Candidates()).toArray();
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
  if (food > 0 && hunger > 0.5) out.offer(EAT, 0.6 + hunger, 'hungry');
  if (energy < 0.3) out.offer(REST, 1.3 - energy, 'tired');
  if (food <= 2) out.offer(GATHER, 0.7, 'little food left');
  const rng = world.stream('brain');
  out.offer(GATHER, 0.3, 'stock up');
  if (rng.chance(0.4)) out.offer(wander(world, eid), 0.35, 'explore');
  out.offer(REST, 0.1, 'idle');
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
