// Inspector panels beyond the raw components. Each provider returns a panel or null; a provider
// for a subsystem's data returns null until that subsystem's plugin is installed in the world.

import type { World } from '../../engine/world';
import type { InspectorPanel } from '../protocol';
import { describeEvent, involvedAgents } from './describe-events';

export type PanelProvider = (world: World, eid: number) => InspectorPanel | null;

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

export const PANEL_PROVIDERS: PanelProvider[] = [recentActivity];

export function agentPanels(world: World, eid: number): InspectorPanel[] {
  const out: InspectorPanel[] = [];
  for (const provider of PANEL_PROVIDERS) {
    const panel = provider(world, eid);
    if (panel) out.push(panel);
  }
  return out;
}
