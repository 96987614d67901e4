// Decide phase: every idle agent gets its next action from the first decision provider that
// answers (LLM or replay answers that have arrived, then the heuristic brain). A request the
// rules reject falls back to the heuristic, and the rejection is recorded. The heuristic's own
// candidates are tried best first until the rules allow one (a forager with no field in reach
// buys or walks instead of idling), and rest is the last resort. A night's sleep is one action
// until morning, which an answer from another brain may cut short. A hungry walker eats or buys food
// without stopping.

import type { System } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { Actions, DecisionProviders, IDLE, isBare, type ActionRegistry } from '../actions';
import { Action, Motion, Vitals } from '../components';
import { Candidates, collectCandidates, HeuristicRoutines, type Candidate } from './heuristic-brain';

export const decideSystem: System = {
  name: 'decide',
  phase: 'decide',
  run(world: World) {
    const registry = world.resource(Actions);
    const providers = world.resource(DecisionProviders);
    const { kind, remaining } = world.store(Action);
    const moving = world.store(Motion).moving;
    const hunger = world.store(Vitals).hunger;
    const sleeping = registry.kindOf('sleep') ?? -1;
    const walking = registry.kindOf('move_to') ?? -1;
    const alive = world.entities.alive();
    for (let i = 0; i < alive.length; i++) {
      const eid = alive[i];
      // A hungry walker eats or buys food on the way (still walking): in a big world a walk can
      // last days, and a walker decides nothing until it arrives: walkers starved on the way.
      if (kind[eid] === walking) {
        if (hunger[eid] >= HUNGRY_WALKER) startBestAllowed(world, registry, eid, ON_THE_WAY);
        continue;
      }
      const asleep = kind[eid] === sleeping;
      if (kind[eid] !== IDLE && !asleep) continue;
      if (kind[eid] === IDLE && moving[eid]) {
        // A meal on the way is over: walk on to where the walk was going.
        kind[eid] = walking;
        remaining[eid] = WALKING;
        continue;
      }
      let request = null;
      for (const provider of providers) {
        request = provider(world, eid);
        if (request) break;
      }
      // A brain's answer wakes a sleeper (an LLM agent stays responsive at night); if the rules
      // refuse it, the sleeper sleeps on.
      if (asleep && !request) continue;
      if (request) {
        const result = registry.perform(world, eid, request);
        if (result.ok) continue;
        world.emit('actionRejected', { agent: eid, action: String(request.type).slice(0, 40), reason: result.reason });
        if (asleep) continue;
      }
      if (!startBestAllowed(world, registry, eid)) registry.perform(world, eid, { type: 'rest' });
    }
  },
};

const HUNGRY_WALKER = 0.7;
/** `Action.remaining` of a walk: it ends on arrival (see the movement system). */
const WALKING = 0xffff;
/** What a walker may do without stopping. */
const ON_THE_WAY: ReadonlySet<string> = new Set(['eat', 'buy']);

/**
 * Start the most useful heuristic candidate the rules allow (first offered wins ties), among the
 * action types in `only` when given; false if none.
 */
function startBestAllowed(world: World, registry: ActionRegistry, eid: number, only?: ReadonlySet<string>): boolean {
  // A routine's refused argument-free action is not tried again among the candidates (same verdict).
  let refused: string | null = null;
  if (!only) {
    const routines = world.resource(HeuristicRoutines);
    for (let i = 0; i < routines.length; i++) {
      const request = routines[i](world, eid);
      if (!request) continue;
      if (registry.perform(world, eid, request, true).ok) return true;
      if (isBare(request)) refused = request.type;
    }
  }
  const candidates = collectCandidates(world, eid, scratch);
  const n = candidates.length;
  for (let i = 0; i < n; i++) {
    const c = candidates.at(i);
    if ((only && !only.has(c.action.type)) || (refused !== null && c.action.type === refused && isBare(c.action))) c.utility = -Infinity;
  }
  // Usually the best is allowed: pick maxima one at a time rather than sorting them all.
  for (;;) {
    let best: Candidate | null = null;
    for (let i = 0; i < n; i++) {
      const c = candidates.at(i);
      if (c.utility > -Infinity && (best === null || c.utility > best.utility)) best = c;
    }
    if (best === null) return false;
    if (registry.perform(world, eid, best.action, true).ok) return true;
    best.utility = -Infinity;
  }
}

/** One decision's candidates at a time (the decide system never nests decisions). */
const scratch = new Candidates();
