// One-shot texts for an agent's next prompt: the result of market_research or get_banking_statement
// (the prototype's last_market_research_result / last_banking_statement). The prompt builder takes
// them (and so clears them); a newer note replaces an older one.

import { z } from 'zod';
import { resourceKey, type StateSection } from '../../engine/world';

export class EconomyNotes implements StateSection {
  readonly name = 'economy-notes';
  private notes = new Map<number, string>();

  set(eid: number, text: string): void {
    this.notes.set(eid, text);
  }

  peek(eid: number): string | undefined {
    return this.notes.get(eid);
  }

  /** Read and clear: each note is shown once. */
  take(eid: number): string | undefined {
    const t = this.notes.get(eid);
    this.notes.delete(eid);
    return t;
  }

  delete(eid: number): void {
    this.notes.delete(eid);
  }

  save(): [number, string][] {
    return [...this.notes].sort(([a], [b]) => a - b);
  }

  load(data: unknown): void {
    const parsed = z.array(z.tuple([z.number().int().min(0), z.string().max(20_000)])).safeParse(data);
    if (!parsed.success) throw new Error(`economy-notes section: ${parsed.error.issues[0].path.join('.') || '(root)'}: ${parsed.error.issues[0].message}`);
    this.notes = new Map(parsed.data);
  }
}

export const EconomyNotesKey = resourceKey<EconomyNotes>('economyNotes');
