// The renderer's pure parts, in Node: camera math, interpolation, colours, metric grouping,
// event sentences, overlay values.
import { describe, expect, it } from 'vitest';
import { AgentMotion } from '../../src/app/render/agent-motion';
import { Camera, pickNearest } from '../../src/app/render/camera';
import { nightAlpha, professionColor, rampColor, stateColor } from '../../src/app/render/colors';
import { columnLabel, groupMetrics, metricsCsv } from '../../src/app/ui/metric-groups';
import { formatCents, humanize, involvedAgents } from '../../src/app/worker/describe-events';
import { metricsSince, wealthRanks } from '../../src/app/worker/frame';

describe('camera', () => {
  it('fits the world, converts both ways, zooms about the cursor and pans', () => {
    const c = new Camera(100, 50);
    c.resize(800, 600);
    c.fit();
    expect(c.zoom).toBeCloseTo(8 * 0.94);
    const [wx, wy] = c.screenToWorld(123, 456);
    const [sx, sy] = c.worldToScreen(wx, wy);
    expect([sx, sy].map((v) => Math.round(v * 1000) / 1000)).toEqual([123, 456]);
    const before = c.screenToWorld(200, 150);
    c.zoomAt(200, 150, 2);
    const after = c.screenToWorld(200, 150);
    expect(after[0]).toBeCloseTo(before[0]);
    expect(after[1]).toBeCloseTo(before[1]);
    c.panBy(-16 * c.zoom, 0);
    expect(c.screenToWorld(200, 150)[0]).toBeCloseTo(before[0] + 16);
    c.zoomAt(0, 0, 1e-6);
    expect(c.zoom).toBeCloseTo(c.minZoom);
  });

  it('picks the nearest agent within reach, or none', () => {
    const pos = Float32Array.from([0, 0, 10, 10, 11, 10]);
    expect(pickNearest(pos, 3, 10.8, 10, 2)).toBe(2);
    expect(pickNearest(pos, 3, 50, 50, 2)).toBe(-1);
  });
});

describe('interpolation between ticks', () => {
  it('moves agents from where they were shown to their new position over one frame interval', () => {
    const m = new AgentMotion();
    m.update(Uint32Array.from([5, 2]), Float32Array.from([0, 0, 10, 10]), [], 0, true);
    m.update(Uint32Array.from([2, 5]), Float32Array.from([20, 10, 4, 0]), [], 100);
    // Halfway through the 100 ms interval, by entity id even though the order changed.
    expect(Array.from(m.sample(150).slice(0, 4))).toEqual([15, 10, 2, 0]);
    expect(Array.from(m.sample(400).slice(0, 4))).toEqual([20, 10, 4, 0]);
    expect(m.positionOf(5, 150)).toEqual([2, 0]);
    expect(m.positionOf(9, 150)).toBeNull();
  });

  it('a new or respawned entity appears where it is, without sliding from an old position', () => {
    const m = new AgentMotion();
    m.update(Uint32Array.from([1]), Float32Array.from([0, 0]), [], 0, true);
    m.update(Uint32Array.from([1, 3]), Float32Array.from([0, 0, 50, 50]), [3], 100);
    expect(m.positionOf(3, 120)).toEqual([50, 50]);
    // Id 1 died and a newcomer got its id in the same frame: it must not glide from the old spot.
    m.update(Uint32Array.from([1, 3]), Float32Array.from([90, 90, 50, 50]), [1], 200);
    expect(m.positionOf(1, 210)).toEqual([90, 90]);
  });
});

describe('colours', () => {
  it('gives each profession its own colour and ramps low to high', () => {
    const colours = new Set(Array.from({ length: 11 }, (_, i) => professionColor(i)));
    expect(colours.size).toBe(11);
    expect(rampColor(0)).toBe(0x3b4cc0);
    expect(rampColor(1)).toBe(0xd73027);
    expect(rampColor(Number.NaN)).toBe(0x3b4cc0);
    expect(stateColor('some_new_action')).toBe(stateColor('some_new_action'));
    expect(stateColor('rest')).not.toBe(stateColor('gather'));
  });

  it('darkens the night and leaves the day clear', () => {
    expect(nightAlpha(12)).toBe(0);
    expect(nightAlpha(0)).toBeGreaterThan(0.3);
    expect(nightAlpha(19.5)).toBeGreaterThan(0);
    expect(nightAlpha(19.5)).toBeLessThan(nightAlpha(23));
    expect(nightAlpha(6)).toBeLessThan(nightAlpha(5));
  });
});

describe('dashboard grouping', () => {
  it('charts every column on a sensible chart, cents as dollars, others on "Other"', () => {
    const groups = groupMetrics(['day', 'tick', 'population', 'births', 'gdpCents', 'gini', 'price_food', 'loansActive', 'defaults', 'employed', 'meanHappiness', 'llmRequests', 'llmTokens', 'mysteryIndex']);
    const byTitle = Object.fromEntries(groups.map((g) => [g.title, g]));
    expect(byTitle.Population.columns).toEqual(['population', 'births']);
    expect(byTitle.Economy).toMatchObject({ columns: ['gdpCents'], scale: 100, unit: '$' });
    expect(byTitle.Inequality.columns).toEqual(['gini']);
    expect(byTitle.Prices.columns).toEqual(['price_food']);
    expect(byTitle['Loans and defaults'].columns).toEqual(['loansActive', 'defaults']);
    expect(byTitle.Employment.columns).toEqual(['employed']);
    expect(byTitle.Wellbeing.columns).toEqual(['meanHappiness']);
    expect(byTitle['LLM usage'].columns).toEqual(['llmRequests', 'llmTokens']);
    expect(groups.at(-1)).toMatchObject({ title: 'Other', columns: ['mysteryIndex'] });
    expect(groups.flatMap((g) => g.columns).length).toBe(12);
    expect(columnLabel('totalCashCents')).toBe('total cash');
  });

  it('sends only new rows, or everything when a column appears; CSV leaves gaps empty', () => {
    expect(metricsSince(['a'], [[1], [2]], 2, 1)).toBeNull();
    expect(metricsSince(['a'], [[1], [2], [3]], 2, 1)).toEqual({ columns: ['a'], from: 2, rows: [[3]] });
    expect(metricsSince(['a', 'b'], [[1, NaN], [2, 5]], 2, 1)).toEqual({ columns: ['a', 'b'], from: 0, rows: [[1, NaN], [2, 5]] });
    expect(metricsCsv(['a', 'b'], [[1, NaN], [2, 5]])).toBe('a,b\n1,\n2,5\n');
  });
});

describe('events and overlays', () => {
  it('finds the agents an event involves and writes money and names readably', () => {
    expect(involvedAgents({ type: 'trade', buyer: 3, seller: 9, good: 'food' })).toEqual([3, 9]);
    expect(involvedAgents({ type: 'birth', agent: 7, parents: [1, 2] })).toEqual([7, 1, 2]);
    expect(formatCents(123456)).toBe('$1,234.56');
    expect(formatCents(-5)).toBe('-$0.05');
    expect(humanize('interestRateChanged')).toBe('Interest rate changed');
  });

  it('ranks wealth so the overlay spreads from poorest (0) to richest (1)', () => {
    const cash = Int32Array.from([0, 500, 100, 1_000_000]);
    expect(Array.from(wealthRanks(cash, [1, 2, 3]))).toEqual([0.5, 0, 1]);
  });
});
