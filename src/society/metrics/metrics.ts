// Daily metrics: each plugin contributes a collector; once per simulated day the metrics system
// records one row of every collector's figures. The history is simulation state (saved, hashed).

import type { System } from '../../engine/schedule';
import { resourceKey, type StateSection, type World } from '../../engine/world';

export type MetricCollector = (world: World) => Record<string, number>;

export const MetricCollectors = resourceKey<MetricCollector[]>('metricCollectors');

export class MetricsHistory implements StateSection {
  readonly name = 'metrics';
  readonly columns: string[] = [];
  readonly rows: number[][] = [];

  record(values: Record<string, number>): void {
    for (const key of Object.keys(values)) if (!this.columns.includes(key)) this.columns.push(key);
    this.rows.push(this.columns.map((c) => values[c] ?? NaN));
  }

  /** One column as a time series (NaN where it did not exist yet). */
  series(column: string): number[] {
    const i = this.columns.indexOf(column);
    if (i < 0) throw new Error(`unknown metric "${column}"`);
    return this.rows.map((r) => r[i] ?? NaN);
  }

  latest(): Record<string, number> {
    const last = this.rows[this.rows.length - 1];
    if (!last) return {};
    return Object.fromEntries(this.columns.map((c, i) => [c, last[i]]));
  }

  /** The latest row's value of one column (undefined before the first row or the column's first value). */
  latestOf(column: string): number | undefined {
    return this.rows[this.rows.length - 1]?.[this.columns.indexOf(column)];
  }

  toCsv(): string {
    const lines = [this.columns.join(',')];
    for (const row of this.rows) lines.push(this.columns.map((_, i) => formatCell(row[i])).join(','));
    return lines.join('\n') + '\n';
  }

  save(): { columns: string[]; rows: (number | null)[][] } {
    // JSON has no NaN: a metric that did not exist yet is saved as null.
    return { columns: [...this.columns], rows: this.rows.map((r) => r.map((x) => (Number.isNaN(x) ? null : x))) };
  }

  load(data: unknown): void {
    const d = data as { columns?: unknown; rows?: unknown };
    if (!d || !Array.isArray(d.columns) || !Array.isArray(d.rows)) throw new Error('metrics section: expected columns and rows');
    if (!d.columns.every((c) => typeof c === 'string')) throw new Error('metrics section: column names must be strings');
    for (const row of d.rows) {
      if (!Array.isArray(row) || row.length > d.columns.length || !row.every((x) => typeof x === 'number' || x === null)) {
        throw new Error('metrics section: each row must be a list of numbers no longer than the columns');
      }
    }
    this.columns.splice(0, this.columns.length, ...(d.columns as string[]));
    this.rows.splice(0, this.rows.length, ...(d.rows as number[][]).map((r) => r.map((x) => (x === null ? NaN : x))));
  }
}

export function formatCell(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '';
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
}

export const Metrics = resourceKey<MetricsHistory>('metrics');

/** Record a row at the start of each simulated day (and of day 0 at tick 0). */
export const metricsSystem: System = {
  name: 'metrics',
  phase: 'metrics',
  run(world: World) {
    const tick = world.clock.tick;
    if (tick !== 0 && tick % world.clock.ticksPerDay !== 0) return;
    world.resource(Metrics).record(collectMetrics(world));
  },
};

export function collectMetrics(world: World): Record<string, number> {
  const row: Record<string, number> = { day: world.clock.date().totalDays, tick: world.clock.tick };
  for (const collect of world.resource(MetricCollectors)) Object.assign(row, collect(world));
  return row;
}
