// The heuristic brain, socially: support family members in need (food for hungry children first,
// then hungry kin, then money), court and propose to a single adult one knows well, make friends
// (talk to a nearby agent with p = 0.3, preferring someone not yet known, the prototype's v6 rule),
// and spend time with spouse, children and household. (Feeding starving acquaintances was tried and
// removed: free food undercut the food market, firms lost their buyers and food output collapsed.) Draws come from the "social-brain" stream. It runs for every
// idle agent, so it draws its dice first and only looks at neighbours when a social move is on.

import type { EntityRef } from '../../engine/entities';
import type { Rng } from '../../engine/rng';
import type { World } from '../../engine/world';
import { Inventory, Position, Vitals, Wallet } from '../components';
import { ScenarioConfig } from '../core/config';
import type { Candidates, HeuristicContributor } from '../core/heuristic-brain';
import { AgentGrid } from '../core/spatial-system';
import { Kin } from './components';
import { Families } from './family-registry';
import { KinInNeedKey } from './kin-need-system';
import { Relationships } from './relationship-graph';

const NEIGHBOURS_CONSIDERED = 6;
/** The neighbours of the agent deciding (read within one call only). */
const near = new Int32Array(NEIGHBOURS_CONSIDERED);
const TALK_CHANCE = 0.3;
const COURT_CHANCE = 0.3;
const PROPOSE_CHANCE = 0.2;

/**
 * The first two dice of an agent's decision (a chat, and for a single adult courtship), kept for the
 * agent and tick they were drawn for: a routine that asks whether courtship is on (it could outrank
 * the routine's answer) and the contributor that then runs read the same draw.
 */
const dice = { eid: -1, tick: -1, talk: false, court: false };

function drawDice(world: World, eid: number, courtable: boolean): void {
  if (dice.eid === eid && dice.tick === world.tick) return;
  const rng = world.stream('social-brain');
  dice.eid = eid;
  dice.tick = world.tick;
  dice.talk = rng.chance(TALK_CHANCE);
  dice.court = courtable && rng.chance(COURT_CHANCE);
}

/** Whether this decision of a single adult weighs courtship (drawn as the social brain draws it, and kept for it). */
export function weighsCourtship(world: World, eid: number): boolean {
  drawDice(world, eid, true);
  return dice.court;
}

export const socialNeeds: HeuristicContributor = (world: World, eid: number, out: Candidates) => {
  const scenario = world.resource(ScenarioConfig);
  const cfg = scenario.social;
  const rng = world.stream('social-brain');
  const kin = world.store(Kin);
  const age = world.store(Vitals).age;
  const adult = age[eid] >= cfg.adultAge;
  const married = kin.married[eid] === 1;

  if (adult) supportFamily(world, eid, out);

  drawDice(world, eid, adult && !married);
  const { talk, court } = dice;
  dice.eid = -1; // used: the agent's next decision draws anew
  if (talk || court) {
    const graph = world.resource(Relationships);
    const p = world.store(Position);
    const found = world.resource(AgentGrid).nearestInto(p.x[eid], p.y[eid], NEIGHBOURS_CONSIDERED, eid, scenario.socialRadius, near);
    if (court) {
      // Courtship: the single adult nearby one feels most for.
      const families = world.resource(Families);
      let best = -1;
      let bestW = -1;
      for (let i = 0; i < found; i++) {
        const o = near[i];
        if (kin.married[o] || age[o] < cfg.adultAge) continue;
        const w = graph.strength(eid, o);
        if (w > bestW && !families.isKin(eid, o)) {
          best = o;
          bestW = w;
        }
      }
      if (best >= 0) {
        const min = cfg.marriage.proposalMinStrength;
        if (bestW >= min && graph.strength(best, eid) >= min && rng.chance(PROPOSE_CHANCE)) out.offer({ type: 'propose_marriage', target: best }, 0.6, 'in love');
        else out.offer({ type: 'talk_to', target: best }, 0.5, 'courting');
      }
    }
    if (talk && found > 0) {
      let stranger = -1;
      for (let i = 0; stranger < 0 && i < found; i++) if (!graph.has(eid, near[i])) stranger = near[i];
      const target = stranger >= 0 ? stranger : near[rng.int(found)];
      out.offer({ type: 'talk_to', target }, 0.45, stranger >= 0 ? 'meet someone new' : 'catch up with a friend');
    }
  }

  if (married && rng.chance(0.05)) out.offer({ type: 'family_interact_spouse' }, 0.4, 'time with spouse');
  if (adult && rng.chance(0.05)) {
    const child = minorChild(world, eid, age, cfg.adultAge, rng);
    if (child >= 0) out.offer({ type: 'family_interact_child', child }, 0.4, 'time with my child');
  }
  if (married && rng.chance(0.02)) out.offer({ type: 'family_manage_household' }, 0.35, 'household chores');
};

/**
 * One of the agent's living minor children at random (one draw, as a pick from the list of them), or
 * -1: found by counting rather than by building two lists per pick, which showed in profiles.
 */
function minorChild(world: World, eid: number, age: Float32Array, adultAge: number, rng: Rng): number {
  const refs = world.resource(Families).childRefs(eid);
  const entities = world.entities;
  let n = 0;
  for (let i = 0; i < refs.length; i++) if (entities.resolves(refs[i]) && age[refs[i].id] < adultAge) n++;
  if (n === 0) return -1;
  let k = rng.int(n);
  for (let i = 0; ; i++) if (entities.resolves(refs[i]) && age[refs[i].id] < adultAge && k-- === 0) return refs[i].id;
}

/** Food to a hungry child first, then to other kin with nothing to eat; then money to kin short of cash. */
export function supportFamily(world: World, eid: number, out: Candidates): void {
  const food = world.store(Inventory).food;
  const cash = world.store(Wallet).cash;
  const cfg = world.resource(ScenarioConfig).social;
  const need = cfg.household.needCents;
  const feed = food[eid] >= 3;
  const fund = need > 0 && cash[eid] > 3 * need;
  // Look at the family only when able to help and some kin was in need at the start of the tick.
  if ((!feed && !fund) || world.resource(KinInNeedKey).flags[eid] !== 1) return;
  const links = world.resource(Families).links(eid);
  const spouse = links.spouse && world.entities.resolves(links.spouse) ? links.spouse.id : -1;
  if (spouse < 0 && links.children.length === 0 && links.parents.length === 0 && links.siblings.length === 0) return;
  const age = world.store(Vitals).age;
  const hunger = world.store(Vitals).hunger;
  // Kin in order of duty: spouse, children (eldest first), parents, siblings. Links are kept free of
  // the dead. Plain loops, no closures: this runs for most decisions.
  if (feed) {
    for (const r of links.children) {
      if (food[r.id] <= 1 && age[r.id] < cfg.adultAge) {
        out.offer({ type: 'give', target: r.id, good: 'food', quantity: 2 }, 0.8, 'my child is hungry');
        return;
      }
    }
    if (food[eid] >= 4) {
      let k = spouse >= 0 && food[spouse] === 0 && hunger[spouse] >= 0.6 ? spouse : -1;
      if (k < 0) k = hungryKin(links.children, food, hunger);
      if (k < 0) k = hungryKin(links.parents, food, hunger);
      if (k < 0) k = hungryKin(links.siblings, food, hunger);
      if (k >= 0) {
        out.offer({ type: 'give', target: k, good: 'food', quantity: 2 }, 0.75, 'family member is hungry');
        return;
      }
    }
  }
  if (fund) {
    const adult = cfg.adultAge;
    let k = spouse >= 0 && cash[spouse] < need / 2 && age[spouse] >= adult ? spouse : -1;
    if (k < 0) k = poorAdultKin(links.children, cash, need / 2, age, adult);
    if (k < 0) k = poorAdultKin(links.parents, cash, need / 2, age, adult);
    if (k < 0) k = poorAdultKin(links.siblings, cash, need / 2, age, adult);
    if (k >= 0) out.offer({ type: 'give', target: k, cents: need }, 0.55, 'family member in need');
  }
}

/** The first kin in `list` with no food and hunger ≥ 0.6, or -1. */
function hungryKin(list: readonly EntityRef[], food: Int32Array, hunger: Float32Array): number {
  for (let i = 0; i < list.length; i++) if (food[list[i].id] === 0 && hunger[list[i].id] >= 0.6) return list[i].id;
  return -1;
}

/** The first adult kin in `list` with less than `below` cents in cash, or -1. */
function poorAdultKin(list: readonly EntityRef[], cash: Int32Array, below: number, age: Float32Array, adultAge: number): number {
  for (let i = 0; i < list.length; i++) if (cash[list[i].id] < below && age[list[i].id] >= adultAge) return list[i].id;
  return -1;
}
