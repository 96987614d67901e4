// The simulation side of the app, run in Node exactly as the Web Worker runs it (the worker file
// only adds postMessage): frames, controls, injected events, inspector data, save and load.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BankKey } from '../../src/society/economy/bank';
import { LedgerKey } from '../../src/society/economy/ledger';
import { TreasuryKey } from '../../src/society/economy/treasury';
import { StockKey } from '../../src/society/economy/stock';
import { ScenarioConfig } from '../../src/society/core/config';
import { BASE_PRICE_CENTS, GOODS } from '../../src/society/resources';
import { MarketsKey } from '../../src/society/economy/markets';
import { ShocksKey } from '../../src/society/economy/shocks';
import type { Frame, FromWorker, WorldInfo } from '../../src/app/protocol';
import { DEFAULT_WORLD, SimSession } from '../../src/app/worker/session';
import { worldFiles } from '../../src/app/worker/world-files';
import { ROOT } from './harness';
import { CognitionKey } from '../../src/cognition/cognition';
import { decisions, startFakeLlm } from '../cognition/fake-llm-server';

const dir = join(ROOT, 'assets/scenarios');
const scenarios = Object.fromEntries(readdirSync(dir).map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8'))]));

function session(agents = 40) {
  const out: FromWorker[] = [];
  const s = new SimSession({
    scenarios,
    files: worldFiles(),
    post: (m) => out.push(m),
    host: { now: () => performance.now(), schedule: (cb, ms) => setTimeout(cb, ms), cancel: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
  });
  s.handle({ type: 'new', config: { ...DEFAULT_WORLD, agents } });
  const last = <T extends FromWorker['type']>(type: T) => out.filter((m) => m.type === type).at(-1) as Extract<FromWorker, { type: T }> | undefined;
  const frame = (): Frame => last('frame')!.frame;
  return { s, out, last, frame };
}

describe('simulation session (the worker)', () => {
  it('announces the world and sends a frame with positions, states and professions of every agent', () => {
    const { last, frame, s } = session();
    const info: WorldInfo = last('ready')!.info;
    expect(info).toMatchObject({ scenario: 'village', seed: 42, width: 100, height: 100, minutesPerTick: 30, canSave: true });
    expect(info.actions[0]).toBe('idle');
    // The social plugin's Culture component is found by name: its groups become the culture overlay.
    expect(info.cultureGroups).toEqual(['harmonists', 'builders', 'guardians', 'scholars', 'wanderers']);
    expect(info.overlays).toContain('culture');
    // Terrain and places from the world plugin, for the map.
    expect(info.terrain!.tiles.length).toBe(info.terrain!.cols * info.terrain!.rows);
    expect(info.features.some((f) => f.kind === 'home')).toBe(true);
    const f = frame();
    expect(f.count).toBe(40);
    expect(f.pos.length).toBe(80);
    expect(f.tick).toBe(0);
    const alive = s.world.entities.alive();
    expect(Array.from(f.ids)).toEqual(Array.from(alive));
  });

  it('sends overlay values for the chosen mode: culture groups, wealth ranks, happiness', () => {
    const { s, frame } = session();
    s.handle({ type: 'overlay', mode: 'culture' });
    const f = frame();
    expect(f.overlayMode).toBe('culture');
    const culture = s.world.components.byNameOrThrow('Culture').store as unknown as { group: Uint8Array };
    expect(Array.from(f.overlay!)).toEqual(Array.from(f.ids, (e) => culture.group[e] / 4));
    s.handle({ type: 'overlay', mode: 'wealth' });
    expect(Math.max(...frame().overlay!)).toBe(1);
    s.handle({ type: 'overlay', mode: 'profession' });
    expect(frame().overlay).toBeNull();
  });

  it('steps while paused, plays in real time, pauses, and rejects a bad speed', async () => {
    const { s, frame, last } = session();
    s.handle({ type: 'step' });
    expect(frame().tick).toBe(1);
    s.handle({ type: 'speed', speed: 8 });
    s.handle({ type: 'play' });
    await new Promise((r) => setTimeout(r, 600));
    s.handle({ type: 'pause' });
    const reached = frame().tick;
    expect(reached).toBeGreaterThan(5);
    expect(frame().running).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(s.world.tick).toBe(reached);
    s.handle({ type: 'speed', speed: 1000 });
    expect(last('error')!.message).toMatch(/speed/);
  });

  it('injects a newcomer at the tick boundary with money and goods conserved', () => {
    const { s, frame, last } = session();
    s.handle({ type: 'inject', event: { kind: 'newcomer', name: 'Zed Newman' } });
    expect(frame().count).toBe(41);
    expect(s.world.resource(LedgerKey).discrepancy(s.world)).toBe(0);
    const stock = s.world.resource(StockKey).discrepancy(s.world);
    for (const g of GOODS) expect(stock[g]).toBe(0);
    s.handle({ type: 'search', text: 'zed new' });
    expect(last('search')!.results.map((r) => r.name)).toEqual(['Zed Newman']);
  });

  it('a drought cuts gathering yields until its days are over, then restores them', () => {
    const { s } = session();
    const actions = s.world.resource(ScenarioConfig).actions;
    const base = [actions.gatherMin, actions.gatherMax];
    s.handle({ type: 'inject', event: { kind: 'drought', days: 1 } });
    expect(actions.gatherMax).toBeLessThan(base[1]);
    for (let i = 0; i < s.world.clock.ticksPerDay; i++) s.handle({ type: 'step' });
    expect([actions.gatherMin, actions.gatherMax]).toEqual(base);
  });

  it('changes the bank’s base rate and the income tax', () => {
    const { s, last } = session();
    const bank = s.world.resource(BankKey);
    const treasury = s.world.resource(TreasuryKey);
    s.handle({ type: 'inject', event: { kind: 'interestRate', percent: 12.5 } });
    expect(bank.cfg.baseRate).toBeCloseTo(0.125);
    s.handle({ type: 'inject', event: { kind: 'tax', percent: 30 } });
    expect(treasury.cfg.incomeTaxRate).toBeCloseTo(0.3);
    expect(s.world.events.recent('injected').map((e) => e.kind)).toEqual(['interestRate', 'tax']);
    expect(last('error')).toBeUndefined();
  });

  it('a price shock moves a good’s base and posted price for its days, then restores the base; money and goods are conserved', () => {
    const { s, last } = session();
    const markets = s.world.resource(MarketsKey);
    const base = markets.basePrice('food');
    const posted = markets.posted('food');
    s.handle({ type: 'inject', event: { kind: 'priceShock', good: 'food', factor: 3, days: 1 } });
    expect(last('error')).toBeUndefined();
    expect(markets.basePrice('food')).toBe(base * 3);
    expect(markets.posted('food')).toBe(posted * 3);
    expect(markets.basePrice('energy')).toBe(BASE_PRICE_CENTS.energy);
    // The daily price update now anchors and clamps around the shocked base.
    for (let i = 0; i < s.world.clock.ticksPerDay - 1; i++) s.handle({ type: 'step' });
    expect(markets.basePrice('food')).toBe(base * 3);
    expect(markets.posted('food')).toBeGreaterThan(base * 3 * s.world.resource(ScenarioConfig).economy.market.minPriceFactor - 1);
    s.handle({ type: 'step' });
    expect(markets.basePrice('food')).toBe(base);
    expect(s.world.events.recent('shock').map((e) => e.phase)).toEqual(['start', 'end']);
    expect(s.world.resource(LedgerKey).discrepancy(s.world)).toBe(0);
    const stock = s.world.resource(StockKey).discrepancy(s.world);
    for (const g of GOODS) expect(stock[g]).toBe(0);
    // Bad shocks are refused with the reason and change nothing.
    s.handle({ type: 'inject', event: { kind: 'priceShock', good: 'gold', factor: 2, days: 3 } });
    expect(last('error')!.message).toMatch(/unknown good "gold"/);
    s.handle({ type: 'inject', event: { kind: 'priceShock', good: 'food', factor: 50, days: 3 } });
    expect(last('error')!.message).toMatch(/factor must be between/);
    expect(markets.basePrice('food')).toBe(base);
  });

  it('a save and load in the middle of a drought and a price shock keeps them, and rates and taxes, and ends them on time', () => {
    const a = session();
    const day = a.s.world.clock.ticksPerDay;
    const cfg = a.s.world.resource(ScenarioConfig);
    const baseGather = [cfg.actions.gatherMin, cfg.actions.gatherMax];
    const baseFood = a.s.world.resource(MarketsKey).basePrice('food');
    for (let i = 0; i < 3; i++) a.s.handle({ type: 'step' });
    a.s.handle({ type: 'inject', event: { kind: 'drought', days: 2 } });
    a.s.handle({ type: 'inject', event: { kind: 'priceShock', good: 'food', factor: 2, days: 1 } });
    a.s.handle({ type: 'inject', event: { kind: 'interestRate', percent: 9 } });
    a.s.handle({ type: 'inject', event: { kind: 'tax', percent: 25 } });
    for (let i = 0; i < day / 2; i++) a.s.handle({ type: 'step' });
    const droughtGather = [cfg.actions.gatherMin, cfg.actions.gatherMax];
    expect(droughtGather[1]).toBeLessThan(baseGather[1]);
    a.s.handle({ type: 'save' });
    const b = session(10);
    b.s.handle({ type: 'load', name: 'mid-drought.society', bytes: a.last('saved')!.bytes });
    expect(b.last('error')).toBeUndefined();
    expect(b.s.world.stateHash()).toBe(a.s.world.stateHash());
    const loaded = b.s.world.resource(ScenarioConfig);
    expect([loaded.actions.gatherMin, loaded.actions.gatherMax]).toEqual(droughtGather);
    expect(b.s.world.resource(MarketsKey).basePrice('food')).toBe(baseFood * 2);
    expect(b.s.world.resource(BankKey).cfg.baseRate).toBeCloseTo(0.09);
    expect(b.s.world.resource(TreasuryKey).cfg.incomeTaxRate).toBeCloseTo(0.25);
    // Both worlds run on in step: the price shock ends after its day, the drought after two.
    const run = (n: number) => {
      for (let i = 0; i < n; i++) {
        a.s.handle({ type: 'step' });
        b.s.handle({ type: 'step' });
      }
    };
    run(day / 2);
    for (const w of [a.s.world, b.s.world]) expect(w.resource(MarketsKey).basePrice('food')).toBe(baseFood);
    expect([loaded.actions.gatherMin, loaded.actions.gatherMax]).toEqual(droughtGather);
    run(day);
    expect([loaded.actions.gatherMin, loaded.actions.gatherMax]).toEqual(baseGather);
    expect([cfg.actions.gatherMin, cfg.actions.gatherMax]).toEqual(baseGather);
    expect(b.s.world.stateHash()).toBe(a.s.world.stateHash());
    expect(b.out.filter((m) => m.type === 'notice').map((m) => (m as { text: string }).text)).toContain('Ended: Drought for 2 days: harvests fall to a third');
  });

  it('refuses a malformed shocks section with the reason, changing nothing', () => {
    const { s } = session();
    s.handle({ type: 'inject', event: { kind: 'priceShock', good: 'food', factor: 2, days: 3 } });
    const shocks = s.world.resource(ShocksKey);
    const saved = JSON.stringify(shocks.save());
    const hash = s.world.stateHash();
    expect(() => shocks.load({ shocks: [{ kind: 'price', good: 'gold', factor: 2, untilTick: 5, label: 'x' }] })).toThrow(/shock 0: unknown good "gold"/);
    expect(() => shocks.load({ shocks: [{ kind: 'yield', factor: -1, untilTick: 5, label: 'x', base: { gatherMin: 1, gatherMax: 3, fieldRegrow: null } }] })).toThrow(/"factor" must be a positive number/);
    expect(() => shocks.load({ list: [] })).toThrow(/expected \{ shocks/);
    expect(JSON.stringify(shocks.save())).toBe(saved);
    expect(s.world.stateHash()).toBe(hash);
  });

  it('refuses events whose subsystem is missing, and malformed messages, with a reason', () => {
    const { s, last } = session();
    s.handle({ type: 'inject', event: { kind: 'drought', days: -3 } });
    expect(last('error')!.message).toMatch(/days/);
    s.handle({ type: 'warp' });
    expect(last('error')!.message).toMatch(/type/);
    s.handle(null);
    expect(last('error')).toBeDefined();
  });

  it('inspects an agent: name, every registered component, panels', () => {
    const { s, last } = session();
    const eid = s.world.entities.alive()[3];
    s.handle({ type: 'inspect', eid });
    const d = last('inspect')!.details!;
    expect(d.eid).toBe(eid);
    expect(d.components.map((c) => c.name)).toEqual(s.world.components.all().map((c) => c.def.name));
    expect(d.name.length).toBeGreaterThan(2);
    s.handle({ type: 'search', text: d.name.split(' ')[0] });
    expect(last('search')!.results.map((r) => r.eid)).toContain(eid);
  });

  it('saves and loads through the world file: same tick, population and state hash; a bad file changes nothing', () => {
    const a = session();
    for (let i = 0; i < 30; i++) a.s.handle({ type: 'step' });
    const hash = a.s.world.stateHash();
    a.s.handle({ type: 'save' });
    const saved = a.last('saved')!;
    expect(saved.name).toMatch(/\.society$/);
    const b = session(10);
    b.s.handle({ type: 'load', name: 'x.society', bytes: saved.bytes });
    expect(b.frame().tick).toBe(30);
    expect(b.frame().count).toBe(40);
    expect(b.s.world.stateHash()).toBe(hash);
    const before = b.s.world;
    b.s.handle({ type: 'load', name: 'junk.society', bytes: new TextEncoder().encode('not a world').buffer as ArrayBuffer });
    expect(b.last('error')!.title).toContain('junk.society');
    expect(b.s.world).toBe(before);
    expect(b.s.world.stateHash()).toBe(hash);
  });

  it('builds LLM brains from the New World settings; a missing key is a clear error and the world stays', async () => {
    const { s, last } = session();
    const before = s.world;
    s.handle({ type: 'new', config: { ...DEFAULT_WORLD, agents: 30, llm: { ...DEFAULT_WORLD.llm, agents: 5, provider: 'openai', apiKey: '' } } });
    expect(last('error')!.message).toMatch(/no API key for openai/);
    expect(s.world).toBe(before);
    // An OpenAI-compatible server that is not there: the world runs on, the LLM agents fall back to the heuristic brain.
    s.handle({ type: 'new', config: { ...DEFAULT_WORLD, agents: 30, llm: { ...DEFAULT_WORLD.llm, agents: 5, provider: 'openai-compatible', model: 'm', baseUrl: 'http://127.0.0.1:9/v1' } } });
    expect(s.world).not.toBe(before);
    expect(s.world.hasPlugin('cognition')).toBe(true);
    expect(last('ready')!.info.notes.join(' ')).toMatch(/5 agents think with openai-compatible m/);
    for (let i = 0; i < 5; i++) s.handle({ type: 'step' });
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 5; i++) s.handle({ type: 'step' });
    expect(s.world.tick).toBe(10);
    expect(s.world.entities.count).toBe(30);
  });

  it('shows an LLM agent’s latest decision in the inspector: verdict, tokens and cost, prompt and answer', async () => {
    const server = await startFakeLlm('openai', (req) => decisions(req, () => ({ type: 'rest' })));
    try {
      const { s, last } = session();
      // gpt-4o-mini has a price in the built-in table, so the cost is not zero.
      s.handle({ type: 'new', config: { ...DEFAULT_WORLD, agents: 20, llm: { ...DEFAULT_WORLD.llm, agents: 3, provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: server.baseURL } } });
      const cognition = s.world.resource(CognitionKey);
      const llmAgent = () => s.world.entities.alive().find((e) => cognition.exchangeOf(e) !== null);
      for (let i = 0; i < 40 && llmAgent() === undefined; i++) {
        s.handle({ type: 'step' });
        await new Promise((r) => setTimeout(r, 20));
      }
      const eid = llmAgent()!;
      expect(eid).toBeDefined();
      s.handle({ type: 'inspect', eid });
      const panel = last('inspect')!.details!.panels.find((p) => p.title === 'Latest LLM decision')!;
      expect(panel.kind).toBe('llm');
      const rows = Object.fromEntries(panel.rows!);
      expect(rows.model).toBe('openai-compatible gpt-4o-mini');
      expect(rows.verdict).toBe('accepted');
      expect(rows.tokens).toMatch(/^[1-9]\d* in, [1-9]\d* out$/);
      expect(Number(rows.cost.slice(1))).toBeGreaterThan(0);
      const texts = Object.fromEntries(panel.texts!.map((t) => [t.label, t.text]));
      // The prompt the server received for this agent, and the answer it sent back.
      expect(server.requests.some((r) => r.prompt.includes(texts.Prompt) && r.agents.includes(eid))).toBe(true);
      expect(texts.Answer).toContain(`agent ${eid} thinks`);
      // The same cost went into the event log (and so into the run store).
      const events = s.world.events.recent('llmDecision').filter((e) => e.agent === eid);
      expect(events.at(-1)!.costUsd).toBeGreaterThan(0);
      // Only the latest exchange per agent is kept, and it goes with the agent.
      s.world.despawn(eid, 'test');
      expect(cognition.exchangeOf(eid)).toBeNull();
    } finally {
      await server.close();
    }
  });
});
