// The social actions (prototype §1.3 effects): talk_to, the three family interactions,
// propose_marriage and give. Effects apply when the action starts; each takes one tick.

import { z } from 'zod';
import type { World } from '../../engine/world';
import { Action, Identity, Position, Vitals } from '../components';
import { defineAction, isIntIn, noArgs, ownKeyCount, type ActionDef } from '../actions';
import { ScenarioConfig } from '../core/config';
import { LedgerKey } from '../economy/ledger';
import { StockKey } from '../economy/stock';
import { PROFESSIONS } from '../names';
import { GOODS, isGood } from '../resources';
import { isAdult, Kin, Social } from './components';
import { compatibility, marriageBlocker, marry, nameOf } from './families';
import { Families } from './family-registry';
import { Relationships } from './relationship-graph';
import { SocialMemoryKey } from './social-memory';

const agentId = z.number().int().min(0);

/** The id of a request whose one argument is an agent id named `key`, or -1. */
function agentArg(r: Readonly<Record<string, unknown>>, key: string): number {
  const id = r[key];
  return isIntIn(id, 0, Number.MAX_SAFE_INTEGER) && ownKeyCount(r) === 2 ? id : -1;
}
// Literal keys: an object built with a computed key ({ [key]: id }) cost a talk_to's check more than the rest of it.
const quickTarget = (r: Readonly<Record<string, unknown>>): { target: number } | undefined => {
  const target = agentArg(r, 'target');
  return target >= 0 ? { target } : undefined;
};
const quickChild = (r: Readonly<Record<string, unknown>>): { child: number } | undefined => {
  const child = agentArg(r, 'child');
  return child >= 0 ? { child } : undefined;
};

function withinReach(world: World, a: number, b: number): boolean {
  const p = world.store(Position);
  const dx = p.x[a] - p.x[b];
  const dy = p.y[a] - p.y[b];
  const r = world.resource(ScenarioConfig).socialRadius;
  return dx * dx + dy * dy <= r * r;
}

/** Why `eid` cannot interact with `target` now, or null. */
function interactionBlocker(world: World, eid: number, target: number, needReach = true): string | null {
  if (target === eid) return 'cannot do that with yourself';
  if (!world.isAlive(target)) return `agent ${target} does not exist`;
  if (needReach && !withinReach(world, eid, target)) return `agent ${target} is farther than the social radius`;
  const cap = world.resource(ScenarioConfig).social.relationships.maxInteractionsPerTick;
  const n = world.store(Social).interactions;
  if (n[eid] >= cap) return `already ${cap} social interactions this tick`;
  if (n[target] >= cap) return `agent ${target} has had ${cap} social interactions this tick`;
  return null;
}

function countInteraction(world: World, a: number, b: number): void {
  const n = world.store(Social).interactions;
  n[a]++;
  n[b]++;
}

function oneTick(world: World, eid: number, target = -1): void {
  const a = world.store(Action);
  a.remaining[eid] = 1;
  a.targetAgent[eid] = target;
}

function spend(world: World, eid: number, energy: number, happiness: number): void {
  const v = world.store(Vitals);
  v.energy[eid] = Math.max(0, v.energy[eid] - energy);
  v.happiness[eid] = Math.min(1, Math.max(0, v.happiness[eid] + happiness));
}

const OPENERS = [
  (a: string, b: string, pb: string) => [`${a}: Good day, ${b}. How is the ${pb} work going?`, `${b}: Busy as ever, but I can't complain.`],
  (a: string, b: string) => [`${a}: ${b}! Have you heard the news from the market?`, `${b}: Only rumours. Tell me everything.`],
  (a: string, b: string) => [`${a}: Lovely weather for once, isn't it, ${b}?`, `${b}: It is. Let's hope it lasts.`],
  (a: string, b: string, pb: string) => [`${a}: I could use a ${pb}'s advice, ${b}.`, `${b}: Ask away, I'll help if I can.`],
  (a: string, b: string) => [`${a}: How is your family, ${b}?`, `${b}: All well, thank you for asking.`],
];

/** A short conversation for heuristic agents (LLM agents get theirs from the cognition layer), given both names. */
function conversationLines(world: World, nameA: string, b: number, nameB: string): string[] {
  const rng = world.stream('talk');
  const template = OPENERS[rng.int(OPENERS.length)];
  return template(firstName(nameA), firstName(nameB), PROFESSIONS[world.store(Identity).profession[b]]);
}

function firstName(name: string): string {
  const space = name.indexOf(' ');
  return space < 0 ? name : name.slice(0, space);
}

export const talkTo = defineAction({
  name: 'talk_to',
  description: 'talk with an agent within the social radius: {"type":"talk_to","target":agentId}',
  args: z.object({ target: agentId }).strict(),
  quickArgs: quickTarget,
  validate: (world, eid, { target }) => interactionBlocker(world, eid, target),
  start(world, eid, { target }) {
    oneTick(world, eid, target);
    countInteraction(world, eid, target);
    const cfg = world.resource(ScenarioConfig).social.relationships;
    const graph = world.resource(Relationships);
    graph.strengthen(eid, target, cfg.talkInitial, cfg.talkGain);
    graph.strengthen(target, eid, cfg.talkInitial, cfg.talkGain);
    // Two single adults who have grown close start courting.
    const kin = world.store(Kin);
    const courting = !kin.married[eid] && !kin.married[target] && isAdult(world, eid) && isAdult(world, target) && !world.resource(Families).isKin(eid, target);
    if (courting && graph.strength(eid, target) >= cfg.partnerAt && graph.strength(target, eid) >= cfg.partnerAt) {
      graph.retype(eid, target, 'partner');
      graph.retype(target, eid, 'partner');
    }
    spend(world, eid, 0, 0.05);
    spend(world, target, 0, 0.05);
    // Each name and the opening's head looked up and cut once for both memories.
    const name = nameOf(world, eid);
    const targetName = nameOf(world, target);
    const lines = conversationLines(world, name, target, targetName);
    const opening = lines[0].slice(0, 50);
    const memory = world.resource(SocialMemoryKey);
    memory.add(eid, 'conversation', `Talked with ${targetName}: ${opening}`, target);
    memory.add(target, 'conversation', `Talked with ${name}: ${opening}`, eid);
    world.emit('conversation', { a: eid, b: target, lines, type: 'conversation', tick: 0, seq: 0 });
  },
});

export const familyInteractSpouse = defineAction({
  name: 'family_interact_spouse',
  description: 'spend time with your spouse: {"type":"family_interact_spouse"}',
  args: noArgs,
  validate(world, eid) {
    const spouse = world.resource(Families).spouseOf(eid);
    return spouse < 0 ? 'you have no spouse' : interactionBlocker(world, eid, spouse, false);
  },
  start(world, eid) {
    const spouse = world.resource(Families).spouseOf(eid);
    oneTick(world, eid, spouse);
    countInteraction(world, eid, spouse);
    const gain = world.resource(ScenarioConfig).social.relationships.familyGain;
    const graph = world.resource(Relationships);
    graph.strengthen(eid, spouse, gain, gain);
    graph.strengthen(spouse, eid, gain, gain);
    spend(world, eid, 0.05, 0.07);
    spend(world, spouse, 0, 0.03);
    world.resource(SocialMemoryKey).add(eid, 'family', `Spent time with my spouse ${nameOf(world, spouse)}.`, spouse);
  },
});

export const familyInteractChild = defineAction({
  name: 'family_interact_child',
  description: 'spend time with one of your children: {"type":"family_interact_child","child":agentId}',
  args: z.object({ child: agentId }).strict(),
  quickArgs: quickChild,
  validate(world, eid, { child }) {
    if (!world.resource(Families).childrenOf(eid).includes(child)) return `agent ${child} is not your child`;
    return interactionBlocker(world, eid, child, false);
  },
  start(world, eid, { child }) {
    oneTick(world, eid, child);
    countInteraction(world, eid, child);
    const gain = world.resource(ScenarioConfig).social.relationships.familyGain;
    const graph = world.resource(Relationships);
    graph.strengthen(eid, child, gain, gain);
    graph.strengthen(child, eid, gain, gain);
    spend(world, eid, 0.04, 0.06);
    spend(world, child, 0, 0.05);
    world.resource(SocialMemoryKey).add(eid, 'family', `Spent time with my child ${nameOf(world, child)}.`, child);
  },
});

export const familyManageHousehold = defineAction({
  name: 'family_manage_household',
  description: 'look after your household (chores, plans): {"type":"family_manage_household"}',
  args: noArgs,
  validate(world, eid) {
    const f = world.resource(Families);
    return f.householdMembers(f.householdOf(eid)).length < 2 ? 'you live alone' : null;
  },
  start(world, eid) {
    oneTick(world, eid);
    const f = world.resource(Families);
    spend(world, eid, 0.06, 0.01);
    for (const m of f.householdMembers(f.householdOf(eid))) if (m !== eid) spend(world, m, 0, 0.01);
    world.resource(SocialMemoryKey).add(eid, 'family', 'Looked after the household.');
  },
});

export const proposeMarriage = defineAction({
  name: 'propose_marriage',
  description: 'ask a single adult you know well, within the social radius, to marry you: {"type":"propose_marriage","target":agentId}',
  args: z.object({ target: agentId }).strict(),
  quickArgs: quickTarget,
  validate(world, eid, { target }) {
    const blocked = interactionBlocker(world, eid, target) ?? marriageBlocker(world, eid, target);
    if (blocked) return blocked;
    const min = world.resource(ScenarioConfig).social.marriage.proposalMinStrength;
    return world.resource(Relationships).strength(eid, target) < min ? `you do not know agent ${target} well enough (bond below ${min})` : null;
  },
  start(world, eid, { target }) {
    oneTick(world, eid, target);
    countInteraction(world, eid, target);
    const m = world.resource(ScenarioConfig).social.marriage;
    const graph = world.resource(Relationships);
    // The answer: the prototype's compatibility, and the other must care at least as much as required of a proposer.
    const yes = compatibility(world, eid, target, world.stream('marriage').range(0, m.noise)) > m.threshold && graph.strength(target, eid) >= m.proposalMinStrength;
    if (yes) {
      marry(world, eid, target);
      return;
    }
    // A refusal is a small conflict: the proposer's feeling for the other cools.
    graph.weaken(eid, target, world.resource(ScenarioConfig).social.relationships.conflictLoss / 2);
    spend(world, eid, 0, -0.02);
    world.resource(SocialMemoryKey).add(eid, 'proposal', `${nameOf(world, target)} turned down my proposal.`, target);
  },
});

export const give = defineAction({
  name: 'give',
  description: 'give money (cents) or goods to another agent, e.g. to support family: {"type":"give","target":agentId,"cents":int} or {"type":"give","target":agentId,"good":"food","quantity":int}',
  args: z
    .object({ target: agentId, cents: z.number().int().positive().optional(), good: z.string().optional(), quantity: z.number().int().positive().optional() })
    .strict()
    .refine((a) => (a.cents !== undefined) !== (a.good !== undefined), 'give either "cents" or a "good" with a "quantity"')
    .refine((a) => a.good === undefined || (isGood(a.good) && a.quantity !== undefined), `"good" must be one of ${GOODS.join(', ')}, with a "quantity"`),
  // Without zod: a gift is rare, and its parse ran cold at tens of microseconds a call.
  quickArgs(r): { target: number; cents?: number; good?: string; quantity?: number } | undefined {
    const target = r.target;
    if (!isIntIn(target, 0, Number.MAX_SAFE_INTEGER)) return undefined;
    const n = ownKeyCount(r);
    if (n === 3) return isIntIn(r.cents, 1, Number.MAX_SAFE_INTEGER) ? { target, cents: r.cents } : undefined;
    return n === 4 && typeof r.good === 'string' && isGood(r.good) && isIntIn(r.quantity, 1, Number.MAX_SAFE_INTEGER) ? { target, good: r.good, quantity: r.quantity } : undefined;
  },
  validate(world, eid, args) {
    const blocked = interactionBlocker(world, eid, args.target, !world.resource(Families).isKin(eid, args.target));
    if (blocked) return blocked;
    if (args.cents !== undefined) return world.resource(LedgerKey).balance(world, eid) < args.cents ? `you have less than ${args.cents} cents` : null;
    const good = args.good as (typeof GOODS)[number];
    return world.resource(StockKey).amount(world, eid, good) < args.quantity! ? `you have fewer than ${args.quantity} ${good}` : null;
  },
  start(world, eid, args) {
    oneTick(world, eid, args.target);
    countInteraction(world, eid, args.target);
    const moved = args.cents !== undefined ? world.resource(LedgerKey).transfer(world, eid, args.target, args.cents) : world.resource(StockKey).move(world, eid, args.target, args.good as (typeof GOODS)[number], args.quantity!);
    if (!moved) return;
    const cfg = world.resource(ScenarioConfig).social;
    const rep = world.store(Social).reputation;
    rep[eid] = Math.min(1, rep[eid] + cfg.reputation.help);
    const graph = world.resource(Relationships);
    graph.strengthen(args.target, eid, cfg.relationships.talkInitial, cfg.relationships.familyGain);
    const what = args.cents !== undefined ? `${args.cents} cents` : `${args.quantity} ${args.good}`;
    const memory = world.resource(SocialMemoryKey);
    memory.add(eid, 'gift', `Gave ${what} to ${nameOf(world, args.target)}.`, args.target);
    memory.add(args.target, 'gift', `${nameOf(world, eid)} gave me ${what}.`, eid);
  },
});

export const SOCIAL_ACTIONS: ActionDef[] = [talkTo, familyInteractSpouse, familyInteractChild, familyManageHousehold, proposeMarriage, give] as unknown as ActionDef[];
