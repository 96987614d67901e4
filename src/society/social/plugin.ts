// The social plugin: relationships, reputation, families and demography, inheritance, culture, the
// social actions, the social heuristic brain and the social metrics. Installed after the economy
// plugins, so its despawn hook (the death: estate, links closed) runs after theirs (orders cancelled,
// loans settled, deposits refunded into the wallet) and the estate it hands on is complete.

import type { ComponentDef } from '../../engine/component';
import type { Plugin } from '../../engine/schedule';
import type { World } from '../../engine/world';
import { Actions } from '../actions';
import { ScenarioConfig } from '../core/config';
import { HeuristicContributors } from '../core/heuristic-brain';
import { LedgerKey } from '../economy/ledger';
import { StockKey } from '../economy/stock';
import { MetricCollectors } from '../metrics/metrics';
import type { Scenario } from '../scenario';
import { affinityArrays, Culture, CULTURE_GROUPS, Kin, SEX_FEMALE, SEX_MALE, Social } from './components';
import { cultureSystem } from './culture-system';
import { deathSystem } from './death-system';
import { demographySystem } from './demography-system';
import { onDeath } from './families';
import { Families, FamilyRegistry } from './family-registry';
import { TREASURY } from './inheritance';
import { RelationGraph, Relationships } from './relationship-graph';
import { KinInNeedKey, kinNeedSystem } from './kin-need-system';
import { relationshipSystem } from './relationship-system';
import { SOCIAL_ACTIONS } from './social-actions';
import { socialNeeds } from './social-brain';
import { SocialMemory, SocialMemoryKey } from './social-memory';
import { socialMetrics } from './social-metrics';

export function socialPlugin(scenario: Scenario): Plugin {
  return {
    name: 'social',
    dependsOn: ['core'],
    build(world: World) {
      const cfg = scenario.social;
      for (const c of [Social, Culture, Kin] as ComponentDef[]) world.register(c);

      const graph = new RelationGraph(world, cfg.relationships);
      world.setResource(Relationships, graph);
      world.addState(graph);
      const families = new FamilyRegistry(world);
      world.setResource(Families, families);
      world.addState(families);
      const memory = new SocialMemory(world);
      world.setResource(SocialMemoryKey, memory);
      world.addState(memory);

      // Heirless estates go to the treasury (the economy's treasury plugin opens it when installed).
      const ledger = world.resource(LedgerKey);
      if (!ledger.hasAccount(TREASURY)) ledger.openAccount(TREASURY);
      const stock = world.resource(StockKey);
      if (!stock.hasAccount(TREASURY)) stock.openAccount(TREASURY);

      world.onSpawn((w, eid) => initSocial(w, eid));
      world.onDespawn((w, eid, reason) => onDeath(w, eid, reason));

      world.events.on('trade', (e) => {
        if (typeof e.buyer !== 'number' || typeof e.seller !== 'number' || !world.isAlive(e.buyer) || !world.isAlive(e.seller)) return;
        const s = world.resource(ScenarioConfig).social;
        graph.strengthen(e.buyer, e.seller, s.relationships.talkInitial, s.relationships.tradeGain, 'trade_partner');
        graph.strengthen(e.seller, e.buyer, s.relationships.talkInitial, s.relationships.tradeGain, 'trade_partner');
        const rep = world.store(Social).reputation;
        rep[e.buyer] = Math.min(1, rep[e.buyer] + s.reputation.fairTrade);
        rep[e.seller] = Math.min(1, rep[e.seller] + s.reputation.fairTrade);
      });
      world.events.on('loan', (e) => {
        if (e.status !== 'defaulted' || !world.isAlive(e.agent)) return;
        const rep = world.store(Social).reputation;
        rep[e.agent] = Math.max(0, rep[e.agent] - world.resource(ScenarioConfig).social.reputation.loanDefault);
      });

      const registry = world.resource(Actions);
      for (const def of SOCIAL_ACTIONS) registry.add(def);
      world.resource(HeuristicContributors).push(socialNeeds);
      world.resource(MetricCollectors).push(socialMetrics);

      world.setResource(KinInNeedKey, { flags: new Uint8Array(0) });
      world.addSystem(kinNeedSystem);
      world.addSystem(relationshipSystem);
      world.addSystem(cultureSystem);
      world.addSystem(demographySystem);
      world.addSystem(deathSystem);
    },
  };
}

/**
 * Every new agent: the initial reputation, a random culture group with the prototype's equal
 * affinities (0.2 each), a sex, generation 0 and a household of its own. A birth then overrides
 * what it inherits.
 */
function initSocial(world: World, eid: number): void {
  const cfg = world.resource(ScenarioConfig).social;
  const rng = world.stream('social-spawn');
  world.store(Social).reputation[eid] = cfg.reputation.initial;
  const c = world.store(Culture);
  c.group[eid] = rng.int(CULTURE_GROUPS.length);
  for (const arr of affinityArrays(c)) arr[eid] = 1 / CULTURE_GROUPS.length;
  world.store(Kin).sex[eid] = rng.chance(0.5) ? SEX_MALE : SEX_FEMALE;
  world.resource(Families).newHousehold([eid]);
}
