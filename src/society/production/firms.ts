// Firms: farms, workshops, lumberyards... Each is an institution with a ledger account and a stock
// account named "firm:N", a workplace (a place on the map), a recipe, a wage per shift and room for
// a number of employees. Who works where is the Employment component (firm id + 1, 0 = none), so
// a job follows its holder through saves and ends with them.

import { defineComponent } from '../../engine/component';
import { resourceKey, type StateSection, type World } from '../../engine/world';
import { LedgerKey } from '../economy/ledger';
import { StockKey } from '../economy/stock';
import { PLACE_KINDS, type PlaceKind } from '../world/places';
import { RECIPES } from './professions';

/**
 * firm: employer's firm id + 1 (0 = no job); shifts: shifts worked there; since: hiring tick;
 * ownShiftDay: the simulated day (+ 1; 0 = never) of the last shift worked on one's own account, so
 * the metrics can tell the self-employed from the unemployed; workTicks: the length of the work
 * action in progress (its pay and output are pro rata; 0, as in files before format 8, is one shift).
 */
export const Employment = defineComponent('Employment', { firm: 'i32', shifts: 'u32', since: 'u32', ownShiftDay: 'u32', workTicks: 'u16' });

/** Someone whose last own-account shift is at most this many days old counts as self-employed. */
export const SELF_EMPLOYED_WITHIN_DAYS = 7;

/** The day number (from 0) of `tick`, as stored + 1 in Employment.ownShiftDay. */
export function dayOf(world: World, tick = world.clock.tick): number {
  return Math.floor(tick / world.clock.ticksPerDay);
}

export interface Firm {
  readonly id: number;
  readonly kind: PlaceKind;
  /** Index into RECIPES. */
  readonly recipe: number;
  readonly place: number;
  readonly account: string;
  wageCents: number;
  capacity: number;
  /** Vacancies it is advertising (set each day by the firm system, consumed by hiring). */
  openings: number;
  /** Employees (recounted each day; kept current by hire and leave). */
  employees: number;
  /**
   * Work its staff did since the last firm day, and work they set out to do that found nothing to
   * work on (the fields bare, the inputs gone), in thousandths of a shift: how a firm tells that it
   * has more hands than work, whatever its staff's hours (a worker late or off sick lacks nothing).
   */
  workedMilli: number;
  shortMilli: number;
  /**
   * The share of its staff's work that found nothing to work on over the last few days, in
   * thousandths (each day weighs `LACK_WEIGHT` against the days before; -1: not known yet). One day's
   * share swings with the fields' regrowth and the dice of output: judged day by day, a farm let a
   * hand go one day and took one on the next.
   */
  lackMilli: number;
}

/** The weight of the latest day in a firm's `lackMilli`. */
export const LACK_WEIGHT = 0.3;

/** A firm as saved: [id, kind, place, wage, capacity, openings, employees, workedMilli, shortMilli, lackMilli] (format 9; format 8 had the first seven). */
type SavedFirm = [number, string, number, number, number, number, number, number, number, number];

export function firmAccount(id: number): string {
  return `firm:${id}`;
}

export class Firms implements StateSection {
  readonly name = 'firms';
  private list: Firm[] = [];
  /** Sum of every firm's openings (derived: kept current by hire() and recountOpenings()). */
  totalOpenings = 0;
  /**
   * Firms with openings at the last recount, by recipe, in id order (derived). hire() leaves a firm
   * whose openings ran out in its list: readers skip it. A big world's first morning has tens of
   * thousands of applicants, and a scan of every firm per application was its slowest part.
   */
  private hiringByRecipe: Firm[][] = [];
  private byRecipe: Firm[][] = RECIPES.map(() => []);

  /** Call after setting openings anywhere but hire(). */
  recountOpenings(): void {
    let total = 0;
    this.hiringByRecipe = RECIPES.map(() => []);
    for (const f of this.list) {
      total += f.openings;
      if (f.openings > 0) this.hiringByRecipe[f.recipe].push(f);
    }
    this.totalOpenings = total;
  }

  /**
   * Firms of a recipe still hiring, in id order. Openings only grow at a recount, so a firm that has
   * filled is dropped from its list for good: in a big world's first morning the lists were scanned,
   * filled firms and all, for each of tens of thousands of applicants.
   */
  hiring(recipe: number): readonly Firm[] {
    const list = this.hiringByRecipe[recipe];
    if (!list) return [];
    let kept = 0;
    for (let i = 0; i < list.length; i++) if (list[i].openings > 0) list[kept++] = list[i];
    list.length = kept;
    return list;
  }

  /** Every firm of a recipe, in id order. */
  ofRecipe(recipe: number): readonly Firm[] {
    return this.byRecipe[recipe] ?? [];
  }

  get count(): number {
    return this.list.length;
  }

  get(id: number): Firm | undefined {
    return this.list[id];
  }

  all(): readonly Firm[] {
    return this.list;
  }

  /** Open a firm with its ledger and stock accounts (capital is initial money: call before the ledger's setInitial). */
  open(world: World, kind: PlaceKind, place: number, wageCents: number, capacity: number, capitalCents: number): Firm {
    const recipe = RECIPES.findIndex((r) => r.kind === kind);
    if (recipe < 0) throw new Error(`no recipe for a ${kind}`);
    const id = this.list.length;
    const firm: Firm = { id, kind, recipe, place, account: firmAccount(id), wageCents, capacity, openings: 0, employees: 0, workedMilli: 0, shortMilli: 0, lackMilli: -1 };
    world.resource(LedgerKey).openAccount(firm.account, capitalCents);
    world.resource(StockKey).openAccount(firm.account);
    this.list.push(firm);
    this.byRecipe[recipe].push(firm);
    return firm;
  }

  save(): SavedFirm[] {
    return this.list.map((f) => [f.id, f.kind, f.place, f.wageCents, f.capacity, f.openings, f.employees, f.workedMilli, f.shortMilli, f.lackMilli]);
  }

  load(data: unknown): void {
    if (!Array.isArray(data)) throw new Error('firms section: expected a list');
    const list: Firm[] = [];
    data.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== 10) throw new Error(`firms section: entry ${i} must be [id, kind, place, wage, capacity, openings, employees, worked, short, lack]`);
      const [id, kind, place, wage, capacity, openings, employees, worked, short, lack] = row;
      if (id !== i) throw new Error(`firms section: entry ${i} has id ${String(id)}; ids must be 0, 1, 2, ... in order`);
      const recipe = RECIPES.findIndex((r) => r.kind === kind);
      if (!(PLACE_KINDS as readonly unknown[]).includes(kind) || recipe < 0) throw new Error(`firms section: firm ${i}: "${String(kind)}" is not a kind of firm`);
      for (const [name, v] of [['place', place], ['wage', wage], ['capacity', capacity], ['openings', openings], ['employees', employees], ['worked', worked], ['short', short]] as const) {
        if (!Number.isSafeInteger(v) || (v as number) < 0) throw new Error(`firms section: firm ${i}: ${name} must be a non-negative integer`);
      }
      if (!Number.isSafeInteger(lack) || lack < -1 || lack > 1000) throw new Error(`firms section: firm ${i}: lack must be an integer from -1 to 1000`);
      list.push({ id, kind: kind as PlaceKind, recipe, place, account: firmAccount(id), wageCents: wage, capacity, openings, employees, workedMilli: worked, shortMilli: short, lackMilli: lack });
    });
    this.list = list;
    this.byRecipe = RECIPES.map(() => []);
    for (const f of list) this.byRecipe[f.recipe].push(f);
    this.recountOpenings();
  }
}

export const FirmsKey = resourceKey<Firms>('firms');

/** The agent's employer firm id, or -1. */
export function employerOf(world: World, eid: number): number {
  return world.store(Employment).firm[eid] - 1;
}

/** Take a job at a firm with an opening; returns the reason it failed, or null. */
export function hire(world: World, eid: number, firmId: number): string | null {
  const firms = world.resource(FirmsKey);
  const firm = firms.get(firmId);
  if (!firm) return `no firm ${firmId}`;
  if (employerOf(world, eid) >= 0) return 'already employed: quit first';
  if (firm.openings <= 0 || firm.employees >= firm.capacity) return `${firm.kind} ${firm.id} is not hiring`;
  const e = world.store(Employment);
  e.firm[eid] = firmId + 1;
  e.shifts[eid] = 0;
  e.since[eid] = world.clock.tick;
  firm.openings--;
  firms.totalOpenings--;
  firm.employees++;
  world.emit('hired', { agent: eid, firm: firmId });
  return null;
}

/** End a job (quit, laid off, unpaid). */
export function leaveJob(world: World, eid: number, reason: string): void {
  const e = world.store(Employment);
  const firmId = e.firm[eid] - 1;
  if (firmId < 0) return;
  e.firm[eid] = 0;
  const firm = world.resource(FirmsKey).get(firmId);
  if (firm && firm.employees > 0) firm.employees--;
  world.emit('jobLost', { agent: eid, firm: firmId, reason });
}
