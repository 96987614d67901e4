// The markets and bank plugins (the treasury plugin is in treasury.ts). Install order: core,
// treasury, markets, bank. Despawn hooks run before the id is freed and before the social plugin's
// inheritance: the dead agent's orders are cancelled (escrow refunded into its wallet and inventory),
// its loans settled from the estate and its accounts paid out into its wallet, so heirs inherit it all.

import type { ComponentDef } from '../../engine/component';
import type { Plugin } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { Actions } from '../actions';
import { ScenarioConfig } from '../core/config';
import { HeuristicContributors, HeuristicRoutines } from '../core/heuristic-brain';
import { MetricCollectors } from '../metrics/metrics';
import { promptContributors } from '../prompt-contributors';
import { BANK_ACTIONS, MARKET_ACTIONS } from './actions';
import { Bank, BankKey, VAULT } from './bank';
import { BankAccount, Credit, INITIAL_CREDIT_SCORE, Trading } from './components';
import { bankHabits, marketHabits, marketRoutine } from './heuristics';
import { LedgerKey } from './ledger';
import { MARKET_ESCROW, Markets, MarketsKey } from './markets';
import { economyMetrics } from './metrics';
import { EconomyNotes, EconomyNotesKey } from './notes';
import { StockKey } from './stock';
import { WageHooksKey } from './treasury';

const PROMPT_GOODS = ['food', 'tools', 'materials'] as const;

export function marketsPlugin(): Plugin {
  return {
    name: 'markets',
    dependsOn: ['core', 'treasury'],
    build(world: World) {
      world.register(Trading as ComponentDef);
      world.resource(LedgerKey).openAccount(MARKET_ESCROW);
      world.resource(StockKey).openAccount(MARKET_ESCROW);
      const markets = new Markets(world.resource(ScenarioConfig).economy.market);
      world.setResource(MarketsKey, markets);
      world.addState(markets);
      const notes = new EconomyNotes();
      world.setResource(EconomyNotesKey, notes);
      world.addState(notes);
      const registry = world.resource(Actions);
      for (const def of MARKET_ACTIONS) registry.add(def);
      world.resource(HeuristicContributors).push(marketHabits);
      world.resource(HeuristicRoutines).push(marketRoutine);
      // The prototype's prompt lines: FOOD, TOOLS and MATERIALS summaries, and the one-shot research or statement.
      promptContributors(world).push(
        { section: 'market prices', contribute: (_w, _eid, out) => out.push(...PROMPT_GOODS.map((g) => markets.concise(g))) },
        {
          section: 'research and statements',
          contribute: (_w, eid, out) => {
            const note = notes.take(eid);
            if (note) out.push(note);
          },
        },
      );
      world.onDespawn((w, eid) => {
        markets.cancelAllOf(w, eid);
        notes.delete(eid);
      });
      world.addSystem({ name: 'markets', phase: 'economy', run: (w) => markets.update(w) });
    },
  };
}

export function bankPlugin(): Plugin {
  return {
    name: 'bank',
    dependsOn: ['core', 'treasury', 'markets'],
    build(world: World) {
      for (const c of [BankAccount, Credit] as ComponentDef[]) world.register(c);
      world.onSpawn((w, eid) => {
        w.store(Credit).score[eid] = INITIAL_CREDIT_SCORE;
      });
      const bank = new Bank(world.resource(ScenarioConfig).economy.bank);
      world.resource(LedgerKey).openAccount(VAULT, bank.cfg.capitalCents);
      world.setResource(BankKey, bank);
      world.addState(bank);
      world.setResource(WageHooksKey, { garnish: (w, eid, net) => bank.garnish(w, eid, net), recordIncome: (w, eid, cents) => bank.recordIncome(w, eid, cents) });
      const registry = world.resource(Actions);
      for (const def of BANK_ACTIONS) registry.add(def);
      world.resource(HeuristicContributors).push(bankHabits);
      promptContributors(world).push({ section: 'bank', contribute: (w, eid, out) => out.push(bank.concise(w, eid)) });
      world.resource(MetricCollectors).push(economyMetrics);
      world.onDespawn((w, eid) => bank.settleEstate(w, eid));
      world.addSystem({
        name: 'bank',
        phase: 'economy',
        run(w) {
          if (w.clock.isDayStart()) bank.collectDue(w);
          if (w.clock.isMonthStart()) bank.month(w);
        },
      });
    },
  };
}
