// The event log (every event type the world emits, with a filter per type) and the conversation
// log (what agents said to each other). Bounded lists, newest first.

import { dateOf } from '../../engine/clock';
import type { UiEvent } from '../protocol';
import { el } from './dom';

const MAX_ROWS = 400;

export class EventLogView {
  private readonly hidden = new Set<string>(['actionRejected']);
  private readonly types = new Set<string>();
  minutesPerTick = 30;

  constructor(
    private readonly list: HTMLElement,
    private readonly filters: HTMLElement,
    private readonly conversations: HTMLElement,
    private readonly onAgent: (eid: number) => void,
  ) {}

  clear(): void {
    this.list.replaceChildren();
    this.conversations.replaceChildren();
  }

  add(events: UiEvent[]): void {
    if (events.length === 0) return;
    const rows: HTMLElement[] = [];
    const talks: HTMLElement[] = [];
    for (const e of events) {
      if (!this.types.has(e.type)) this.addFilter(e.type);
      const li = el('li', { 'data-type': e.type }, el('span', { class: 't' }, this.when(e.tick)), e.text);
      if (this.hidden.has(e.type)) li.hidden = true;
      if (e.agents.length) {
        li.style.cursor = 'pointer';
        li.onclick = () => this.onAgent(e.agents[0]);
      }
      rows.push(li);
      if (e.type === 'conversation' || (e.lines && e.lines.length)) {
        const c = el('li', {}, el('span', { class: 't' }, this.when(e.tick)), e.text);
        for (const line of e.lines ?? []) c.append(el('div', { class: 'line' }, line));
        talks.push(c);
      }
    }
    this.list.prepend(...rows.reverse());
    this.conversations.prepend(...talks.reverse());
    trim(this.list);
    trim(this.conversations);
  }

  private when(tick: number): string {
    const d = dateOf(tick, this.minutesPerTick);
    return `Y${d.year} M${d.month} D${d.day} ${String(d.hour).padStart(2, '0')}:${String(d.minute).padStart(2, '0')}`;
  }

  private addFilter(type: string): void {
    this.types.add(type);
    const box = el('input', { type: 'checkbox', 'data-type': type });
    (box as HTMLInputElement).checked = !this.hidden.has(type);
    box.addEventListener('change', () => {
      if ((box as HTMLInputElement).checked) this.hidden.delete(type);
      else this.hidden.add(type);
      for (const li of this.list.querySelectorAll<HTMLElement>(`li[data-type="${CSS.escape(type)}"]`)) li.hidden = this.hidden.has(type);
    });
    this.filters.append(el('label', {}, box, type));
  }
}

function trim(list: HTMLElement): void {
  while (list.children.length > MAX_ROWS) list.lastElementChild!.remove();
}
