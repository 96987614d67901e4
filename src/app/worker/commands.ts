// Events the user injects from the app. The worker queues them and applies them at a tick
// boundary (between two world.step() calls), so a run stays a sequence of whole ticks. Each one
// is also recorded in the world's event log. Where the subsystem an event needs is not in the
// world, injectable() says why and apply refuses with that reason. Everything an event changes
// lives in saved state: droughts, harvests and price shocks in the shocks section (they end by
// themselves), rates and taxes in the scenario settings the world file keeps.

import { resourceKey, type World } from '../../engine/world';
import { ShocksKey } from '../../society/economy/shocks';
import { Inventory } from '../../society/components';
import { Names, spawnAgent } from '../../society/core/agents';
import { ScenarioConfig } from '../../society/core/config';
import { LedgerKey } from '../../society/economy/ledger';
import { StockKey } from '../../society/economy/stock';
import { GOODS } from '../../society/resources';
import type { InjectedEvent } from '../protocol';

declare module '../../engine/events' {
  interface EventMap {
    /** Something the user made happen from the app (drought, newcomer, announcement...). */
    injected: { kind: string; text: string; agent?: number };
  }
}

const NEEDS_SHOCKS = 'needs the shocks plugin (not in this world)';
const NEEDS_BANK = 'needs the bank (not in this world yet)';
const NEEDS_TAXES = 'needs the treasury and taxes (not in this world yet)';

/** The bank's and the treasury's settings objects (the economy plugin's), found by resource name and shape. */
function bankSettings(world: World): { baseRate: number } | null {
  const key = resourceKey<{ cfg?: { baseRate?: unknown } }>('bank');
  const cfg = world.hasResource(key) ? world.resource(key).cfg : undefined;
  return cfg && typeof cfg.baseRate === 'number' ? (cfg as { baseRate: number }) : null;
}

function treasurySettings(world: World): { incomeTaxRate: number } | null {
  const key = resourceKey<{ cfg?: { incomeTaxRate?: unknown } }>('treasury');
  const cfg = world.hasResource(key) ? world.resource(key).cfg : undefined;
  return cfg && typeof cfg.incomeTaxRate === 'number' ? (cfg as { incomeTaxRate: number }) : null;
}

export function injectable(world: World): Record<InjectedEvent['kind'], string | null> {
  const shocks = world.hasResource(ShocksKey) ? world.resource(ShocksKey) : null;
  return {
    drought: shocks ? null : NEEDS_SHOCKS,
    harvest: shocks ? null : NEEDS_SHOCKS,
    newcomer: null,
    announcement: null,
    priceShock: shocks ? shocks.priceShockRefusal() : NEEDS_SHOCKS,
    interestRate: bankSettings(world) ? null : NEEDS_BANK,
    tax: treasurySettings(world) ? null : NEEDS_TAXES,
  };
}

/** Apply one injected event now (the caller guarantees a tick boundary). Returns what happened, for the UI. */
export function applyInjected(world: World, event: InjectedEvent): string {
  const why = injectable(world)[event.kind];
  if (why) throw new Error(`${event.kind}: ${why}`);
  switch (event.kind) {
    case 'drought':
    case 'harvest':
      return announce(world, event.kind, world.resource(ShocksKey).yieldShock(event.kind, event.days));
    case 'priceShock':
      return announce(world, event.kind, world.resource(ShocksKey).priceShock(event.good, event.factor, event.days));
    case 'newcomer':
      return newcomer(world, event.name);
    case 'interestRate': {
      // The bank's base rate: new loans are priced from it; loans already made keep their rate.
      const bank = bankSettings(world)!;
      const text = `The bank's base rate changes from ${(bank.baseRate * 100).toFixed(2)}% to ${event.percent.toFixed(2)}% a year`;
      bank.baseRate = event.percent / 100;
      world.emit('injected', { kind: 'interestRate', text });
      return text;
    }
    case 'tax': {
      const treasury = treasurySettings(world)!;
      const text = `Income tax changes from ${(treasury.incomeTaxRate * 100).toFixed(2)}% to ${event.percent.toFixed(2)}%`;
      treasury.incomeTaxRate = event.percent / 100;
      world.emit('injected', { kind: 'tax', text });
      return text;
    }
    case 'announcement': {
      const text = event.text.trim().slice(0, 280);
      if (!text) throw new Error('announcement: the text is empty');
      world.emit('injected', { kind: 'announcement', text: `Announcement to everyone: “${text}”` });
      return `Announced to all ${world.entities.count} agents`;
    }
  }
}

function announce(world: World, kind: string, text: string): string {
  world.emit('injected', { kind, text });
  return text;
}

/**
 * A newcomer arrives at the centre of the map. Their cash is minted and their goods produced with
 * the reason "newcomer", so the ledger's and the stock's conservation identities still hold.
 */
function newcomer(world: World, name: string | undefined): string {
  const cfg = world.resource(ScenarioConfig);
  const clean = name?.trim().slice(0, 60);
  const eid = spawnAgent(world, { x: cfg.world.width / 2, y: cfg.world.height / 2, cash: 0, name: clean || undefined });
  world.resource(LedgerKey).mint(world, eid, cfg.agent.initialCash, 'newcomer');
  const inv = world.store(Inventory);
  const stock = world.resource(StockKey);
  for (const good of GOODS) {
    const qty = inv[good][eid];
    inv[good][eid] = 0;
    if (qty > 0) stock.produce(world, eid, good, qty, 'newcomer');
  }
  const who = world.resource(Names).get(eid)?.name ?? `#${eid}`;
  world.emit('injected', { kind: 'newcomer', text: `${who} arrived in town`, agent: eid });
  return `${who} arrived`;
}
