// What the inspector shows for one agent, read generically from the world: every registered
// component's values for the entity, the name table, the current action, and panels that light up
// when the plugin holding that data is installed (see panels.ts).

import type { TypedArray } from '../../engine/component';
import type { World } from '../../engine/world';
import { Actions } from '../../society/actions';
import { Action, BRAIN_HEURISTIC, BRAIN_LLM, BRAIN_REPLAY, Identity, Position } from '../../society/components';
import { Names } from '../../society/core/agents';
import { PROFESSIONS } from '../../society/names';
import type { AgentDetails } from '../protocol';
import { agentPanels } from './panels';

export const BRAIN_NAMES: Record<number, string> = { [BRAIN_HEURISTIC]: 'heuristic', [BRAIN_LLM]: 'LLM', [BRAIN_REPLAY]: 'replay' };

export function inspectAgent(world: World, eid: number): AgentDetails | null {
  if (!world.isAlive(eid)) return null;
  const names = world.resource(Names).get(eid);
  const id = world.store(Identity);
  const kind = world.store(Action).kind[eid];
  const p = world.store(Position);
  return {
    eid,
    tick: world.tick,
    name: names?.name ?? `Agent #${eid}`,
    persona: names?.persona ?? '',
    profession: PROFESSIONS[id.profession[eid]] ?? `profession ${id.profession[eid]}`,
    brain: BRAIN_NAMES[id.brain[eid]] ?? `brain ${id.brain[eid]}`,
    action: actionName(world, kind),
    x: p.x[eid],
    y: p.y[eid],
    components: world.components.all().map(({ def, store }) => ({
      name: def.name,
      fields: Object.keys(def.fields).map((f): [string, number] => [f, (store as Record<string, TypedArray>)[f][eid]]),
    })),
    panels: agentPanels(world, eid),
  };
}

export function actionName(world: World, kind: number): string {
  if (kind === 0) return 'idle';
  return world.resource(Actions).byKind(kind)?.name ?? `action ${kind}`;
}

/** Names containing the text, best matches (prefix) first, at most `limit`. */
export function searchAgents(world: World, text: string, limit = 20): { eid: number; name: string }[] {
  const q = text.trim().toLowerCase();
  if (!q) return [];
  const names = world.resource(Names);
  const hits = names.search(q).map((eid) => ({ eid, name: names.get(eid)!.name }));
  hits.sort((a, b) => Number(!a.name.toLowerCase().startsWith(q)) - Number(!b.name.toLowerCase().startsWith(q)) || a.name.localeCompare(b.name));
  return hits.slice(0, limit);
}
