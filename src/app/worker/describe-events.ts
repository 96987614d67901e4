// Turning world events into lines for the UI: which agents they involve and a sentence with
// names. Known types get a tailored sentence; any other type (added by a plugin later) is shown
// generically from its fields, so new events appear without changes here.

import type { SimEvent } from '../../engine/events';
import type { World } from '../../engine/world';
import { Names } from '../../society/core/agents';
import type { UiEvent } from '../protocol';

/** Payload fields that hold an entity id. */
const AGENT_FIELDS = new Set(['agent', 'a', 'b', 'buyer', 'seller', 'parent', 'child', 'partner', 'spouse', 'from', 'to', 'speaker', 'listener', 'heir', 'employer', 'employee', 'lender', 'borrower']);
const AGENT_LIST_FIELDS = new Set(['parents', 'children', 'agents', 'participants', 'heirs']);
const META = new Set(['type', 'tick', 'seq']);

/** Routine events that would flood the log (every spawn of the initial population, rejected LLM actions are kept). */
export const QUIET_EVENTS = new Set(['spawn']);

export function involvedAgents(event: Record<string, unknown>): number[] {
  const out: number[] = [];
  for (const [k, v] of Object.entries(event)) {
    if (AGENT_FIELDS.has(k) && typeof v === 'number' && Number.isInteger(v) && v >= 0) out.push(v);
    else if (AGENT_LIST_FIELDS.has(k) && Array.isArray(v)) for (const x of v) if (typeof x === 'number') out.push(x);
  }
  return out;
}

export function describeEvent(world: World, event: SimEvent): UiEvent {
  const e = event as unknown as Record<string, unknown>;
  const names = world.hasResource(Names) ? world.resource(Names) : null;
  // Agents are entity ids; institutions (a firm, the market, the treasury) are account names.
  const who = (eid: unknown) => (typeof eid === 'number' ? (names?.get(eid)?.name ?? `#${eid}`) : typeof eid === 'string' ? eid.replace(/[_:]+/g, ' ') : '?');
  const agents = involvedAgents(e);
  const money = (c: unknown) => (typeof c === 'number' ? formatCents(c) : '?');
  let text: string;
  switch (event.type) {
    case 'spawn':
      text = `${who(e.agent)} arrived (${e.reason})`;
      break;
    case 'despawn':
      text = `${who(e.agent)} left the world (${e.reason})`;
      break;
    case 'death':
      text = `${who(e.agent)} died of ${e.cause} at ${Math.floor(Number(e.age))}`;
      break;
    case 'birth':
      text = `${who(e.agent)} was born to ${(e.parents as number[]).map(who).join(' and ') || 'unknown parents'}`;
      break;
    case 'marriage':
      text = `${who(e.a)} and ${who(e.b)} married`;
      break;
    case 'trade':
      text = `${who(e.buyer)} bought ${e.quantity} ${e.good} from ${who(e.seller)} at ${money(e.priceCents)}`;
      break;
    case 'loan':
      text = `Loan #${e.loanId} of ${money(e.principalCents)} for ${who(e.agent)}: ${e.status}`;
      break;
    case 'conversation':
      text = `${who(e.a)} talked with ${who(e.b)}`;
      break;
    case 'actionRejected':
      text = `${who(e.agent)}: ${e.action} rejected (${e.reason})`;
      break;
    case 'shock':
      text = String(e.text);
      break;
    case 'llmDecision':
      text = `${who(e.agent)}: ${e.model} answer ${e.accepted ? 'accepted' : `rejected (${e.reason})`}, ${e.tokensIn}+${e.tokensOut} tokens, $${Number(e.costUsd).toFixed(6)}`;
      break;
    default:
      text = genericText(e, who);
  }
  const out: UiEvent = { type: event.type, tick: event.tick, text, agents };
  if (Array.isArray(e.lines)) out.lines = (e.lines as unknown[]).map(String).slice(0, 6);
  else if (typeof e.text === 'string' && agents.length > 0) out.lines = [e.text];
  return out;
}

function genericText(e: Record<string, unknown>, who: (eid: unknown) => string): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(e)) {
    if (META.has(k)) continue;
    if (AGENT_FIELDS.has(k)) parts.push(`${k} ${who(v)}`);
    else if (AGENT_LIST_FIELDS.has(k) && Array.isArray(v)) parts.push(`${k} ${v.map(who).join(', ')}`);
    else if (typeof v === 'number' && /cents$/i.test(k)) parts.push(`${k.replace(/cents$/i, '')} ${formatCents(v)}`);
    else if (typeof v !== 'object') parts.push(`${k} ${String(v).slice(0, 80)}`);
  }
  return `${humanize(String(e.type))}: ${parts.join(', ')}`;
}

export function humanize(id: string): string {
  const spaced = id.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}
