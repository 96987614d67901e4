// Production bookkeeping: units made per good by work and gathering, wages paid and shifts worked,
// cumulative (state: saved and hashed) with a snapshot at the last metrics row so daily figures
// (GDP, production per good) are differences.

import { resourceKey, type StateSection } from '../../engine/world';
import { GOODS, type Good } from '../resources';

const COUNTERS = ['wagesPaidCents', 'shifts', 'unpaidShifts', 'gathered'] as const;
type Counter = (typeof COUNTERS)[number];

export class ProductionLog implements StateSection {
  readonly name = 'production';
  made: number[] = GOODS.map(() => 0);
  madeAtLastRow: number[] = GOODS.map(() => 0);
  counters: Record<Counter, number> = { wagesPaidCents: 0, shifts: 0, unpaidShifts: 0, gathered: 0 };
  countersAtLastRow: Record<Counter, number> = { wagesPaidCents: 0, shifts: 0, unpaidShifts: 0, gathered: 0 };

  record(good: Good, units: number): void {
    this.made[GOODS.indexOf(good)] += units;
  }

  save(): unknown {
    return { made: this.made.slice(), madeAtLastRow: this.madeAtLastRow.slice(), counters: { ...this.counters }, countersAtLastRow: { ...this.countersAtLastRow } };
  }

  load(data: unknown): void {
    const d = data as Record<string, unknown>;
    if (!d || typeof d !== 'object') throw new Error('production section: expected an object');
    const list = (v: unknown, what: string): number[] => {
      if (!Array.isArray(v) || v.length !== GOODS.length || !v.every((x) => Number.isSafeInteger(x) && x >= 0)) throw new Error(`production section: ${what} must list ${GOODS.length} non-negative integers`);
      return v.slice();
    };
    const counters = (v: unknown, what: string): Record<Counter, number> => {
      const o = v as Record<string, unknown>;
      if (!o || typeof o !== 'object' || Object.keys(o).length !== COUNTERS.length || !COUNTERS.every((k) => Number.isSafeInteger(o[k]) && (o[k] as number) >= 0)) {
        throw new Error(`production section: ${what} must hold ${COUNTERS.join(', ')} as non-negative integers`);
      }
      return { ...(o as Record<Counter, number>) };
    };
    const made = list(d.made, 'made');
    const madeAtLastRow = list(d.madeAtLastRow, 'madeAtLastRow');
    const c = counters(d.counters, 'counters');
    const cl = counters(d.countersAtLastRow, 'countersAtLastRow');
    this.made = made;
    this.madeAtLastRow = madeAtLastRow;
    this.counters = c;
    this.countersAtLastRow = cl;
  }
}

export const ProductionLogKey = resourceKey<ProductionLog>('productionLog');
