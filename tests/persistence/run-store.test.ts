// The run store on a real SQLite file: a short headless run with --out leaves its manifest, every
// event it emitted (with typed columns) and every metrics row, and metrics.csv matches the database.

import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plugin } from '../../src/engine/schedule';
import { runHeadless } from '../../src/cli/run';
import { createSociety } from '../../src/society/create';
import { Metrics } from '../../src/society/metrics/metrics';
import { loadScenario } from '../../src/persistence/scenario-files';
import { metricsCsvFromDb, RunStore } from '../../src/persistence/run-store';
import { loadWorldFile, saveWorldFile } from '../../src/persistence/save-file';
import { ScenarioConfig } from '../../src/society/core/config';

const village = loadScenario('village');
const tmp = () => mkdtempSync(join(tmpdir(), 'llms-store-'));

/** Emits events with known payloads, so the typed columns can be checked exactly. */
const knownEvents: Plugin = {
  name: 'known-events',
  build(world) {
    world.addSystem({
      name: 'known-events',
      phase: 'social',
      run(w) {
        if (w.tick === 5) w.emit('trade', { buyer: 1, seller: 2, good: 'food', quantity: 3, priceCents: 250 });
        if (w.tick === 6) w.emit('loan', { agent: 4, loanId: 9, principalCents: 10_000, status: 'issued' });
        if (w.tick === 7) w.emit('llmDecision' as never, { agent: 5, model: 'gpt-4o-mini', inputTokens: 300, outputTokens: 40, costUsd: 0.00012 } as never);
      },
    });
  },
};

describe('run store', () => {
  it('holds the manifest, every event of the run and every metrics row; metrics.csv matches it', () => {
    const out = tmp();
    const world = createSociety(village, { agents: 50, seed: 4, plugins: [knownEvents] });
    const firstSeq = world.events.emitted;
    const before = world.events.save().counts;
    const { summary } = runHeadless({ scenario: village, world, ticks: 150, out });
    const db = new Database(join(out, 'run.sqlite'), { readonly: true });

    const run = db.prepare('SELECT * FROM runs').all() as Record<string, unknown>[];
    expect(run).toHaveLength(1);
    expect(run[0]).toMatchObject({ id: 1, scenario: 'village', seed: 4, app_version: '0.1.0', status: 'completed', start_tick: 0, end_tick: 150, state_hash: summary.stateHash, error: null });
    expect(JSON.parse(run[0].settings as string)).toEqual(JSON.parse(JSON.stringify(world.resource(ScenarioConfig))));
    expect(JSON.parse(run[0].settings as string)).toMatchObject({ name: 'village', seed: 4, agents: 50 });
    expect(JSON.parse(run[0].options as string)).toMatchObject({ ticks: 150 });

    // Every event emitted during the run, once, in order, with the world's sequence numbers.
    const events = db.prepare('SELECT * FROM events ORDER BY seq').all() as Record<string, unknown>[];
    expect(events.length).toBe(world.events.emitted - firstSeq);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: events.length }, (_, i) => firstSeq + i));
    const byType = db.prepare('SELECT type, COUNT(*) AS n FROM events GROUP BY type').all() as { type: string; n: number }[];
    for (const { type, n } of byType) expect(n, type).toBe(world.events.count(type as never) - (before[type] ?? 0));
    const trade = events.find((e) => e.type === 'trade' && e.tick === 5)!;
    expect(trade).toMatchObject({ day: 0, agent: 1, other: 2, good: 'food', quantity: 3, amount_cents: 250, cost_usd: null });
    expect(JSON.parse(trade.payload as string)).toEqual({ buyer: 1, seller: 2, good: 'food', quantity: 3, priceCents: 250 });
    expect(events.find((e) => e.type === 'loan' && e.tick === 6)).toMatchObject({ agent: 4, amount_cents: 10_000 });
    const llm = events.find((e) => e.type === 'llmDecision')!;
    expect(llm).toMatchObject({ tick: 7, agent: 5, cost_usd: 0.00012 });
    expect(JSON.parse(llm.payload as string).inputTokens).toBe(300);

    // Metrics: one row per simulated day, the same columns in the same order, the same values.
    const history = world.resource(Metrics);
    expect(history.rows.length).toBe(4); // days 0..3 of 150 ticks at 48 ticks a day
    const columns = db.prepare('SELECT metric FROM metric_columns ORDER BY position').all() as { metric: string }[];
    expect(columns.map((c) => c.metric)).toEqual(history.columns);
    const population = db.prepare("SELECT day, value FROM metrics WHERE metric = 'population' ORDER BY day").all() as { day: number; value: number }[];
    expect(population).toEqual(history.series('population').map((v, i) => ({ day: i, value: v })));
    const csv = readFileSync(join(out, 'metrics.csv'), 'utf8');
    expect(metricsCsvFromDb(db, 1)).toBe(csv);
    expect(csv.split('\n').length).toBe(6); // header, 4 rows, trailing newline
    db.close();
  });

  it('marks a run that failed, with the error, keeping what was recorded', () => {
    const out = tmp();
    const crash: Plugin = {
      name: 'crash',
      build(world) {
        world.addSystem({ name: 'crash', phase: 'cleanup', run: (w) => { if (w.tick === 60) throw new Error('boom at tick 60'); } });
      },
    };
    const world = createSociety(village, { agents: 20, plugins: [crash] });
    expect(() => runHeadless({ scenario: village, world, ticks: 100, out })).toThrow('boom at tick 60');
    const db = new Database(join(out, 'run.sqlite'), { readonly: true });
    expect(db.prepare('SELECT status, error, end_tick FROM runs').get()).toEqual({ status: 'failed', error: 'boom at tick 60', end_tick: 60 });
    expect((db.prepare("SELECT COUNT(*) AS n FROM metrics WHERE metric = 'day'").get() as { n: number }).n).toBe(2); // days 0 and 1
    db.close();
  });

  it('a resumed run records where it came from and continues the metrics', () => {
    const dir = tmp();
    const file = join(dir, 'w.society');
    const { world } = runHeadless({ scenario: village, agents: 20, ticks: 60, save: file });
    expect(world.tick).toBe(60);
    const resumed = loadWorldFile(file);
    const out = join(dir, 'out');
    runHeadless({ scenario: village, world: resumed, ticks: 60, out, resumedFrom: file, save: file });
    const db = new Database(join(out, 'run.sqlite'), { readonly: true });
    expect(db.prepare('SELECT resumed_from, start_tick, end_tick, status FROM runs').get()).toEqual({ resumed_from: file, start_tick: 60, end_tick: 120, status: 'completed' });
    expect(metricsCsvFromDb(db, 1)).toBe(readFileSync(join(out, 'metrics.csv'), 'utf8'));
    expect((db.prepare("SELECT MIN(tick) AS t FROM events").get() as { t: number }).t).toBeGreaterThanOrEqual(60);
    db.close();
    saveWorldFile(resumed, file); // the file can be saved again over itself
    expect(loadWorldFile(file).stateHash()).toBe(resumed.stateHash());
  });

  it('builds the events\' indexes when the run finishes, not while it writes, and queries by type use them', () => {
    const out = tmp();
    const world = createSociety(village, { agents: 30, seed: 2 });
    const store = new RunStore(join(out, 'run.sqlite'), world);
    const reader = new Database(join(out, 'run.sqlite'), { readonly: true });
    const indexes = () => (reader.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    for (let i = 0; i < 60; i++) {
      world.step();
      store.afterTick();
    }
    expect((reader.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n).toBeGreaterThan(0);
    expect(indexes()).toEqual([]);
    store.finish('completed');
    expect(indexes()).toEqual(['events_by_agent', 'events_by_other', 'events_by_type']);
    const plan = reader.prepare("EXPLAIN QUERY PLAN SELECT COUNT(*) FROM events WHERE run_id = 1 AND type = 'trade'").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/events_by_type/);
    reader.close();
  });
});

