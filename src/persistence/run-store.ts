// The run store: one SQLite file per output folder (DIR/run.sqlite) holding each run's manifest,
// every event the world emitted while the run was recorded, and the daily metrics. Events are
// buffered and written in one transaction per simulated day (or per `batchSize` events), so recording
// costs little per tick. Schema and example queries: docs/USER_GUIDE.md.

import Database from 'better-sqlite3';
import type { SimEvent } from '../engine/events';
import type { World } from '../engine/world';
import { ScenarioConfig } from '../society/core/config';
import { formatCell, Metrics } from '../society/metrics/metrics';
import { APP_VERSION } from './world-file';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id            INTEGER PRIMARY KEY,
  scenario      TEXT    NOT NULL,
  seed          INTEGER NOT NULL,
  app_version   TEXT    NOT NULL,
  settings      TEXT    NOT NULL, -- the resolved scenario, JSON
  options       TEXT    NOT NULL, -- how the run was started (ticks, brain...), JSON
  resumed_from  TEXT,             -- the world file a resumed run continued
  started_at    TEXT    NOT NULL, -- wall-clock ISO time
  ended_at      TEXT,
  status        TEXT    NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
  error         TEXT,
  start_tick    INTEGER NOT NULL,
  end_tick      INTEGER,
  state_hash    TEXT
);
CREATE TABLE IF NOT EXISTS events (
  run_id        INTEGER NOT NULL REFERENCES runs(id),
  seq           INTEGER NOT NULL, -- the world's event sequence number
  tick          INTEGER NOT NULL,
  day           INTEGER NOT NULL,
  type          TEXT    NOT NULL,
  agent         INTEGER,          -- the acting agent (agent, a, buyer, borrower)
  other         INTEGER,          -- the other party (b, seller, partner, target)
  good          TEXT,
  quantity      INTEGER,
  amount_cents  INTEGER,          -- priceCents, principalCents, amountCents, cents or costCents
  cost_usd      REAL,             -- LLM decisions: estimated cost
  payload       TEXT    NOT NULL, -- the whole event without type/tick/seq, JSON
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS metrics (
  run_id        INTEGER NOT NULL REFERENCES runs(id),
  row           INTEGER NOT NULL, -- the row's index in the world's metrics history
  day           INTEGER,
  tick          INTEGER,
  metric        TEXT    NOT NULL,
  value         REAL,             -- NULL where the metric did not exist yet
  PRIMARY KEY (run_id, row, metric)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS metrics_by_name ON metrics (run_id, metric, day);
CREATE TABLE IF NOT EXISTS metric_columns (
  run_id        INTEGER NOT NULL REFERENCES runs(id),
  position      INTEGER NOT NULL,
  metric        TEXT    NOT NULL,
  PRIMARY KEY (run_id, position)
) WITHOUT ROWID;
`;

/**
 * The events' indexes, built when a run finishes rather than kept up while it writes: each event
 * was four B-tree inserts instead of one, and a 2,400-tick town with `--out` ran at 365-405 ticks/s
 * with them, 453-548 without (562 not recording). A run killed before it finished leaves its file
 * without them until the next run recorded in that file finishes (`CREATE INDEX` by hand meanwhile).
 */
const EVENT_INDEXES = `
CREATE INDEX IF NOT EXISTS events_by_type  ON events (run_id, type, tick);
CREATE INDEX IF NOT EXISTS events_by_agent ON events (run_id, agent, tick);
CREATE INDEX IF NOT EXISTS events_by_other ON events (run_id, other) WHERE other IS NOT NULL;
`;

const AGENT_KEYS = ['agent', 'a', 'buyer', 'borrower'];
const OTHER_KEYS = ['b', 'seller', 'partner', 'target'];
const AMOUNT_KEYS = ['priceCents', 'principalCents', 'amountCents', 'cents', 'costCents'];

function firstInteger(e: Record<string, unknown>, keys: string[]): number | null {
  for (const k of keys) if (Number.isSafeInteger(e[k])) return e[k] as number;
  return null;
}

type EventRow = [number, number, number, number, string, number | null, number | null, string | null, number | null, number | null, number | null, string];

export interface RunStoreOptions {
  /** How the run was started (ticks, brain, output options...), stored as JSON in runs.options. */
  options?: Record<string, unknown>;
  resumedFrom?: string;
  /** Flush after this many buffered events even within a day (default 10,000). */
  batchSize?: number;
}

export class RunStore {
  readonly db: Database.Database;
  readonly runId: number;
  private readonly unsubscribe: () => void;
  private buffer: EventRow[] = [];
  private metricRows = 0;
  private metricColumns = 0;
  private readonly batchSize: number;
  private readonly insertEvent: Database.Statement;
  private readonly insertMetric: Database.Statement;
  private readonly insertColumn: Database.Statement;
  /** Wall-clock milliseconds spent writing (host-side, for the benchmark). */
  writeMs = 0;

  constructor(
    path: string,
    private readonly world: World,
    options: RunStoreOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 10_000;
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    const scenario = world.resource(ScenarioConfig);
    const info = this.db
      .prepare(
        `INSERT INTO runs (scenario, seed, app_version, settings, options, resumed_from, started_at, status, start_tick)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?)`,
      )
      .run(scenario.name, world.seed, APP_VERSION, JSON.stringify(scenario), JSON.stringify(options.options ?? {}), options.resumedFrom ?? null, new Date().toISOString(), world.tick);
    this.runId = Number(info.lastInsertRowid);
    this.insertEvent = this.db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.insertMetric = this.db.prepare('INSERT INTO metrics VALUES (?, ?, ?, ?, ?, ?)');
    this.insertColumn = this.db.prepare('INSERT INTO metric_columns VALUES (?, ?, ?)');
    const ticksPerDay = world.clock.ticksPerDay;
    this.unsubscribe = world.events.subscribe((e) => this.buffer.push(this.eventRow(e, ticksPerDay)));
  }

  private eventRow(e: SimEvent, ticksPerDay: number): EventRow {
    const { type, tick, seq, ...rest } = e as SimEvent & Record<string, unknown>;
    const p = rest as Record<string, unknown>;
    return [
      this.runId,
      seq,
      tick,
      Math.floor(tick / ticksPerDay),
      type,
      firstInteger(p, AGENT_KEYS),
      firstInteger(p, OTHER_KEYS),
      typeof p.good === 'string' ? p.good : null,
      Number.isSafeInteger(p.quantity) ? (p.quantity as number) : null,
      firstInteger(p, AMOUNT_KEYS),
      typeof p.costUsd === 'number' && Number.isFinite(p.costUsd) ? p.costUsd : null,
      JSON.stringify(p),
    ];
  }

  /** Call between ticks: writes the buffered events once a day (or when the buffer is full) and new metric rows. */
  afterTick(): void {
    const history = this.world.resource(Metrics);
    if (this.buffer.length >= this.batchSize || history.rows.length > this.metricRows || this.world.clock.isDayStart()) this.flush();
  }

  /** Write everything buffered, in one transaction. */
  flush(): void {
    const t0 = performance.now();
    const events = this.buffer;
    this.buffer = [];
    const history = this.world.resource(Metrics);
    this.db.transaction(() => {
      for (const row of events) this.insertEvent.run(row);
      for (; this.metricColumns < history.columns.length; this.metricColumns++) this.insertColumn.run(this.runId, this.metricColumns, history.columns[this.metricColumns]);
      const dayAt = history.columns.indexOf('day');
      const tickAt = history.columns.indexOf('tick');
      for (; this.metricRows < history.rows.length; this.metricRows++) {
        const row = history.rows[this.metricRows];
        const day = dayAt >= 0 ? row[dayAt] : null;
        const tick = tickAt >= 0 ? row[tickAt] : null;
        for (let c = 0; c < row.length; c++) {
          const v = row[c];
          this.insertMetric.run(this.runId, this.metricRows, day, tick, history.columns[c], Number.isFinite(v) ? v : null);
        }
      }
    })();
    this.writeMs += performance.now() - t0;
  }

  /** Flush, record how the run ended, and close the database. */
  finish(status: 'completed' | 'failed', details: { stateHash?: string; error?: string } = {}): void {
    this.unsubscribe();
    try {
      this.flush();
    } finally {
      try {
        this.db
          .prepare('UPDATE runs SET status = ?, ended_at = ?, end_tick = ?, state_hash = ?, error = ? WHERE id = ?')
          .run(status, new Date().toISOString(), this.world.tick, details.stateHash ?? null, details.error ?? null, this.runId);
        this.db.exec(EVENT_INDEXES);
      } finally {
        this.db.close();
      }
    }
  }
}

/** The metrics of one run as CSV, in the same format as MetricsHistory.toCsv() (and metrics.csv). */
export function metricsCsvFromDb(db: Database.Database, runId: number): string {
  const columns = (db.prepare('SELECT metric FROM metric_columns WHERE run_id = ? ORDER BY position').all(runId) as { metric: string }[]).map((r) => r.metric);
  const index = new Map(columns.map((c, i) => [c, i]));
  const lines = [columns.join(',')];
  let row = -1;
  let cells: string[] = [];
  for (const m of db.prepare('SELECT row, metric, value FROM metrics WHERE run_id = ? ORDER BY row').iterate(runId) as Iterable<{ row: number; metric: string; value: number | null }>) {
    if (m.row !== row) {
      if (row >= 0) lines.push(cells.join(','));
      row = m.row;
      cells = columns.map(() => '');
    }
    cells[index.get(m.metric)!] = formatCell(m.value ?? NaN);
  }
  if (row >= 0) lines.push(cells.join(','));
  return lines.join('\n') + '\n';
}
