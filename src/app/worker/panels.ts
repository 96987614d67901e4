// Inspector panels beyond the raw components. Each provider returns a panel or null; a provider
// for a subsystem's data returns null until that subsystem's plugin is installed in the world.
// Subsystem data is read by resource name and shape (relationships, families, socialMemory,
// bank, cognition), so the app builds and runs with any subset of the plugins.

import type { LlmExchange } from '../../cognition/cognition';
import { resourceKey, type World } from '../../engine/world';
import { Names } from '../../society/core/agents';
import type { FamilyMember, InspectorPanel } from '../protocol';
import { describeEvent, formatCents, involvedAgents } from './describe-events';

export type PanelProvider = (world: World, eid: number) => InspectorPanel | null;

function optional<T>(world: World, name: string, has: (value: T) => boolean): T | null {
  const key = resourceKey<T>(name);
  if (!world.hasResource(key)) return null;
  const value = world.resource(key);
  return value && has(value) ? value : null;
}

const nameOf = (world: World, eid: number) => world.resource(Names).get(eid)?.name ?? `#${eid}`;
const member = (world: World, eid: number): FamilyMember => ({ eid, name: nameOf(world, eid), alive: world.isAlive(eid) });

interface FamiliesLike {
  parentsOf(eid: number): number[];
  childrenOf(eid: number): number[];
  siblingsOf(eid: number): number[];
  spouseOf(eid: number): number;
  familyOf?(eid: number): { surname: string } | undefined;
}

/** Parents, partner, siblings and children as a small tree. */
export const family: PanelProvider = (world, eid) => {
  const f = optional<FamiliesLike>(world, 'families', (x) => typeof x.parentsOf === 'function' && typeof x.spouseOf === 'function');
  if (!f) return null;
  const spouse = f.spouseOf(eid);
  const surname = f.familyOf?.(eid)?.surname;
  return {
    title: surname ? `Family · ${surname}` : 'Family',
    kind: 'family',
    family: {
      parents: f.parentsOf(eid).map((e) => member(world, e)),
      partner: spouse >= 0 ? member(world, spouse) : null,
      siblings: f.siblingsOf(eid).map((e) => member(world, e)),
      children: f.childrenOf(eid).map((e) => member(world, e)),
    },
  };
};

interface RelationsLike {
  edges(a: number): { to: number; type: string; strength: number }[];
}

/** The strongest ties first (strength in [-1, 1] drives the colour and the lines on the map). */
export const relationships: PanelProvider = (world, eid) => {
  const g = optional<RelationsLike>(world, 'relationships', (x) => typeof x.edges === 'function');
  if (!g) return null;
  const edges = g.edges(eid).filter((e) => world.isAlive(e.to));
  if (edges.length === 0) return { title: 'Relationships', kind: 'list', items: ['nobody yet'] };
  edges.sort((a, b) => Math.abs(b.strength) - Math.abs(a.strength));
  return {
    title: `Relationships (${edges.length})`,
    kind: 'people',
    people: edges.slice(0, 15).map((e) => ({ eid: e.to, name: nameOf(world, e.to), label: `${e.type.replace(/_/g, ' ')} ${e.strength.toFixed(2)}`, value: e.strength })),
  };
};

interface CognitionLike {
  thoughtOf(eid: number): string | null;
  exchangeOf?(eid: number): LlmExchange | null;
  memory?: { all(eid: number): { tick: number; kind: string; importance: number; text: string }[] };
}

interface SocialMemoryLike {
  recent(eid: number, n?: number): readonly { tick: number; kind: string; text: string }[];
}

/** Recent memories: the cognition memory stream where there is one, else the social plugin's. */
export const memories: PanelProvider = (world, eid) => {
  const cognition = optional<CognitionLike>(world, 'cognition', (x) => typeof x.thoughtOf === 'function');
  const stream = cognition?.memory?.all(eid);
  if (stream && stream.length > 0) {
    return { title: 'Recent memories', kind: 'list', items: stream.slice(-8).reverse().map((m) => `t${m.tick} · ${m.kind} (${m.importance}) · ${m.text}`) };
  }
  const social = optional<SocialMemoryLike>(world, 'socialMemory', (x) => typeof x.recent === 'function');
  const recent = social?.recent(eid, 8);
  if (!recent || recent.length === 0) return null;
  return { title: 'Recent memories', kind: 'list', items: [...recent].reverse().map((m) => `t${m.tick} · ${m.kind} · ${m.text}`) };
};

/** An LLM agent's latest thought. */
export const thought: PanelProvider = (world, eid) => {
  const cognition = optional<CognitionLike>(world, 'cognition', (x) => typeof x.thoughtOf === 'function');
  const text = cognition?.thoughtOf(eid);
  return text ? { title: 'Latest thought', kind: 'text', text } : null;
};

/** An LLM agent's latest decision request: what it cost, and the prompt and answer (collapsed in the UI). */
export const llmExchange: PanelProvider = (world, eid) => {
  const cognition = optional<CognitionLike>(world, 'cognition', (x) => typeof x.exchangeOf === 'function');
  const x = cognition?.exchangeOf?.(eid);
  if (!x) return null;
  const rows: [string, string][] = [
    ['model', `${x.provider} ${x.model}`],
    ['answered', `tick ${x.tick}${x.cached ? ' (from the cache)' : ''}, ${Math.round(x.latencyMs)} ms`],
    ['tokens', `${x.tokensIn} in, ${x.tokensOut} out`],
    ['cost', `$${x.costUsd.toFixed(6)}`],
    ['verdict', x.accepted ? 'accepted' : `rejected: ${x.reason ?? 'no reason given'}`],
  ];
  const texts = [
    { label: 'Prompt', text: x.prompt },
    { label: 'Answer', text: x.answer },
  ];
  if (x.system) texts.push({ label: 'System prompt', text: x.system });
  return { title: 'Latest LLM decision', kind: 'llm', rows, texts };
};

interface BankLike {
  deposits(world: World, eid: number): number;
  loansOf(eid: number): { id: number; principal: number; remaining: number; annualRate: number; status: string; payment: number }[];
}

/** Bank deposits and loans. */
export const bank: PanelProvider = (world, eid) => {
  const b = optional<BankLike>(world, 'bank', (x) => typeof x.deposits === 'function' && typeof x.loansOf === 'function');
  if (!b) return null;
  const rows: [string, string][] = [['deposits', formatCents(b.deposits(world, eid))]];
  for (const loan of b.loansOf(eid)) {
    rows.push([`loan #${loan.id} (${loan.status})`, `${formatCents(loan.remaining)} of ${formatCents(loan.principal)} at ${(loan.annualRate * 100).toFixed(1)}%`]);
  }
  return { title: 'Bank', kind: 'kv', rows };
};

/** The agent's recent events (trades, conversations, loans, births...) from the world's event log. */
export const recentActivity: PanelProvider = (world, eid) => {
  const mine = world.events
    .recent()
    .filter((e) => e.type !== 'spawn' && involvedAgents(e as unknown as Record<string, unknown>).includes(eid))
    .slice(-12)
    .reverse();
  if (mine.length === 0) return null;
  return { title: 'Recent activity', kind: 'list', items: mine.map((e) => `t${e.tick} · ${describeEvent(world, e).text}`) };
};

export const PANEL_PROVIDERS: PanelProvider[] = [thought, llmExchange, family, relationships, bank, memories, recentActivity];

export function agentPanels(world: World, eid: number): InspectorPanel[] {
  const out: InspectorPanel[] = [];
  for (const provider of PANEL_PROVIDERS) {
    const panel = provider(world, eid);
    if (panel) out.push(panel);
  }
  return out;
}
