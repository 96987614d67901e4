// Temporary shocks to the economy, injected from the app (or a script): a price shock scales a
// good's base price for some days; a drought or a bumper harvest scales gathering yields and the
// fields' regrowth. Each shock is simulation state (the "shocks" section: saved and hashed), ends by
// itself at the tick boundary of its end tick (untilTick), and is applied idempotently from the
// base values it keeps, so a save and load in the middle of a shock restores it exactly and ends it
// on time. Money and goods are untouched: a shock only moves prices and yields.

import type { Plugin } from '../../engine/schedule';
import { resourceKey, type StateSection, type World } from '../../engine/world';
import { ScenarioConfig } from '../core/config';
import { isGood, type Good } from '../resources';
import { NodesKey } from '../world/nodes';
import { MarketsKey } from './markets';

declare module '../../engine/events' {
  interface EventMap {
    /** A shock began or ended (text says which, for logs and the app). */
    shock: { kind: Shock['kind']; phase: 'start' | 'end'; text: string; good?: string };
  }
}

/** The values a yield shock scales, as they were before it (restored when it ends). */
interface YieldBase {
  gatherMin: number;
  gatherMax: number;
  /** The fields' daily regrowth, where the world map is installed. */
  fieldRegrow: number | null;
}

export type Shock =
  | { kind: 'price'; good: Good; factor: number; untilTick: number; label: string }
  | { kind: 'yield'; factor: number; untilTick: number; label: string; base: YieldBase };

export const MAX_SHOCK_DAYS = 3650;
/** A price shock scales a base price by at most this much either way. */
export const MAX_PRICE_FACTOR = 20;

export const ShocksKey = resourceKey<Shocks>('shocks');

export class Shocks implements StateSection {
  readonly name = 'shocks';
  private list: Shock[] = [];
  private world!: World;

  plugin(): Plugin {
    return {
      name: 'shocks',
      dependsOn: ['core'],
      build: (world) => {
        this.world = world;
        world.setResource(ShocksKey, this);
        world.addState(this);
        world.addSystem({ name: 'shocks-expire', phase: 'cleanup', run: (w) => this.expire(w) });
      },
    };
  }

  active(): readonly Shock[] {
    return this.list;
  }

  /** Why a price shock cannot happen in this world (no markets), or null. */
  priceShockRefusal(): string | null {
    return this.world.hasResource(MarketsKey) ? null : 'needs the markets (not in this world)';
  }

  /** Scale a good's base price (and its posted price at once) by `factor` for `days` days. Returns what happened. */
  priceShock(good: string, factor: number, days: number): string {
    const why = this.priceShockRefusal();
    if (why) throw new Error(`price shock: ${why}`);
    if (!isGood(good)) throw new Error(`price shock: unknown good "${good}"`);
    if (!Number.isFinite(factor) || factor <= 0 || factor > MAX_PRICE_FACTOR || factor < 1 / MAX_PRICE_FACTOR) throw new Error(`price shock: the factor must be between ${1 / MAX_PRICE_FACTOR} and ${MAX_PRICE_FACTOR}`);
    checkDays('price shock', days);
    // A new shock to the same good replaces the running one (factors never stack).
    for (const s of this.list.filter((x) => x.kind === 'price' && x.good === good)) this.end(s, false);
    const label = `Price shock: ${good} ×${round2(factor)} for ${days} days`;
    const shock: Shock = { kind: 'price', good, factor, untilTick: this.endTick(days), label };
    this.list.push(shock);
    this.world.resource(MarketsKey).setBaseFactor(good, factor);
    this.world.emit('shock', { kind: 'price', phase: 'start', text: label, good });
    return label;
  }

  /** Drought (factor below 1) or bumper harvest (above 1): gathering yields and field regrowth scaled for `days` days. */
  yieldShock(kind: 'drought' | 'harvest', days: number): string {
    checkDays(kind, days);
    for (const s of this.list.filter((x) => x.kind === 'yield')) this.end(s, false);
    const actions = this.world.resource(ScenarioConfig).actions;
    const regrow = this.world.hasResource(NodesKey) ? this.world.resource(NodesKey).regrowPerDay : null;
    const base: YieldBase = { gatherMin: actions.gatherMin, gatherMax: actions.gatherMax, fieldRegrow: regrow ? regrow[0] : null };
    const factor = kind === 'drought' ? 1 / 3 : 2;
    const label = kind === 'drought' ? `Drought for ${days} days: harvests fall to a third` : `Bumper harvest for ${days} days: yields double`;
    const shock: Shock = { kind: 'yield', factor, untilTick: this.endTick(days), label, base };
    this.list.push(shock);
    this.applyYield(shock);
    this.world.emit('shock', { kind: 'yield', phase: 'start', text: label });
    return label;
  }

  private endTick(days: number): number {
    return this.world.tick + days * this.world.clock.ticksPerDay;
  }

  /** Set the yields from the shock's base values (idempotent: also used after a load). */
  private applyYield(s: Extract<Shock, { kind: 'yield' }>): void {
    const actions = this.world.resource(ScenarioConfig).actions;
    actions.gatherMin = Math.floor(s.base.gatherMin * s.factor);
    actions.gatherMax = Math.max(actions.gatherMin, Math.round(s.base.gatherMax * s.factor));
    if (s.base.fieldRegrow !== null && this.world.hasResource(NodesKey)) this.world.resource(NodesKey).regrowPerDay[0] = s.base.fieldRegrow * s.factor;
  }

  private end(s: Shock, announce: boolean): void {
    this.list.splice(this.list.indexOf(s), 1);
    if (s.kind === 'price') {
      this.world.resource(MarketsKey).setBaseFactor(s.good, 1);
    } else {
      const actions = this.world.resource(ScenarioConfig).actions;
      actions.gatherMin = s.base.gatherMin;
      actions.gatherMax = s.base.gatherMax;
      if (s.base.fieldRegrow !== null && this.world.hasResource(NodesKey)) this.world.resource(NodesKey).regrowPerDay[0] = s.base.fieldRegrow;
    }
    if (announce) this.world.emit('shock', { kind: s.kind, phase: 'end', text: `Ended: ${s.label}`, ...(s.kind === 'price' ? { good: s.good } : {}) });
  }

  /** At the end of a shock's last tick: the tick boundary at untilTick sees the values restored. */
  private expire(world: World): void {
    for (const s of [...this.list]) if (world.tick + 1 >= s.untilTick) this.end(s, true);
  }

  save(): { shocks: Shock[] } {
    return { shocks: this.list.map((s) => (s.kind === 'yield' ? { ...s, base: { ...s.base } } : { ...s })) };
  }

  /** Validates everything first; then re-applies each shock to the freshly loaded world. */
  load(data: unknown): void {
    const list = validateShocks(data);
    if (list.some((s) => s.kind === 'price') && !this.world.hasResource(MarketsKey)) throw new Error('a price shock needs the markets, which this world does not have');
    // Onto a fresh world as a rule; a running world first drops its own price factors.
    for (const s of this.list) if (s.kind === 'price') this.world.resource(MarketsKey).setBaseFactor(s.good, 1, false);
    this.list = list;
    for (const s of list) {
      // The markets section already holds the shocked posted price: only the factor is restored.
      if (s.kind === 'price') this.world.resource(MarketsKey).setBaseFactor(s.good, s.factor, false);
      else this.applyYield(s);
    }
  }
}

function checkDays(what: string, days: number): void {
  if (!Number.isInteger(days) || days < 1 || days > MAX_SHOCK_DAYS) throw new Error(`${what}: days must be a whole number from 1 to ${MAX_SHOCK_DAYS}`);
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function validateShocks(data: unknown): Shock[] {
  const d = data as { shocks?: unknown };
  if (!d || typeof d !== 'object' || !Array.isArray(d.shocks)) throw new Error('expected { shocks: [...] }');
  const out: Shock[] = [];
  d.shocks.forEach((raw: unknown, i: number) => {
    const s = raw as Record<string, unknown>;
    const fail = (what: string): never => {
      throw new Error(`shock ${i}: ${what}`);
    };
    if (!s || typeof s !== 'object') fail('expected an object');
    if (!Number.isSafeInteger(s.untilTick) || (s.untilTick as number) < 0) fail('"untilTick" must be a non-negative integer');
    if (typeof s.factor !== 'number' || !(s.factor > 0) || !Number.isFinite(s.factor)) fail('"factor" must be a positive number');
    if (typeof s.label !== 'string') fail('"label" must be text');
    if (s.kind === 'price') {
      if (typeof s.good !== 'string' || !isGood(s.good)) fail(`unknown good ${JSON.stringify(s.good)}`);
      if (out.some((x) => x.kind === 'price' && x.good === s.good)) fail(`a second price shock to ${s.good as string}`);
      out.push({ kind: 'price', good: s.good as Good, factor: s.factor as number, untilTick: s.untilTick as number, label: s.label as string });
    } else if (s.kind === 'yield') {
      const b = s.base as Record<string, unknown>;
      if (!b || !Number.isInteger(b.gatherMin) || !Number.isInteger(b.gatherMax) || (b.gatherMin as number) < 0 || (b.gatherMax as number) < (b.gatherMin as number)) fail('"base" needs whole gatherMin <= gatherMax');
      if (b.fieldRegrow !== null && !(typeof b.fieldRegrow === 'number' && Number.isFinite(b.fieldRegrow) && b.fieldRegrow >= 0)) fail('"base.fieldRegrow" must be a non-negative number or null');
      if (out.some((x) => x.kind === 'yield')) fail('a second yield shock');
      out.push({ kind: 'yield', factor: s.factor as number, untilTick: s.untilTick as number, label: s.label as string, base: { gatherMin: b.gatherMin as number, gatherMax: b.gatherMax as number, fieldRegrow: b.fieldRegrow as number | null } });
    } else {
      fail(`unknown kind ${JSON.stringify(s.kind)}`);
    }
  });
  return out;
}

/** The shocks plugin (in societyPlugins): one section, one expiry system. */
export function shocksPlugin(): Plugin {
  return new Shocks().plugin();
}

