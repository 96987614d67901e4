// The public library API: what a script, a notebook-style experiment or a test outside the app uses.
// Documented in docs/API.md.

export * from './engine';
export { ActionRegistry, Actions, DecisionProviders, defineAction, IDLE, type ActionDef, type ActionRequest, type ActionResult, type DecisionProvider } from './society/actions';
export * from './society/components';
export { spawnAgent, Names, type AgentInit } from './society/core/agents';
export { ScenarioConfig } from './society/core/config';
export { heuristicChoice, heuristicDecision, HeuristicContributors, type Candidate, type HeuristicContributor } from './society/core/heuristic-brain';
export { AgentGrid } from './society/core/spatial-system';
export { createSociety, type SocietyOptions } from './society/create';
export { Metrics, MetricCollectors, MetricsHistory, type MetricCollector } from './society/metrics/metrics';
export { OrderBook, OrderBookError, type BookSnapshot, type Fill, type Order, type OrderInput, type OrderStatus, type Side, type SubmitResult, type Trader } from './society/economy/order-book';
export { cancelOrder, Markets, MarketsKey, MARKET_ESCROW, submitOrder, type OrderOutcome, type PriceStats } from './society/economy/markets';
export { Bank, BankKey, VAULT, amortizedPayment, approvalProbability, creditScoreTarget, blendCreditScore, loanRate, type Loan, type LoanDecision } from './society/economy/bank';
export { payWage, TREASURY, TreasuryKey } from './society/economy/treasury';
export { BankAccount, Credit, Trading, ACCOUNT_TYPES, LOAN_TYPES, type AccountType, type LoanType } from './society/economy/components';
export { gini, priceIndex, inflationRate, defaultRate, wealth, economyMetrics, PRICE_BASKET } from './society/economy/metrics';
export { Ledger, LedgerKey, type Holder } from './society/economy/ledger';
export { Stock, StockKey } from './society/economy/stock';
export { socialPlugin } from './society/social/plugin';
export { Social, Culture, Kin, CULTURE_GROUPS, SEX_FEMALE, SEX_MALE, isAdult, affinityArrays, type CultureGroup } from './society/social/components';
export { SocialSettingsSchema, INHERITANCE_RULES, type SocialSettings, type InheritanceRule } from './society/social/config';
export { RelationGraph, Relationships, REL_TYPES, isKinType, type RelType, type Edge } from './society/social/relationship-graph';
export { FamilyRegistry, Families, TRADITIONS, type Family, type KinLinks } from './society/social/family-registry';
export { marry, giveBirth, compatibility, marriageBlocker } from './society/social/families';
export { splitUnits, childWeights, pickRule, settleEstate, type EstateSettlement } from './society/social/inheritance';
export * as cultureKernels from './society/social/culture-kernels';
export { SocialMemory, SocialMemoryKey, type SocialMemoryEntry } from './society/social/social-memory';
export { GOODS, BASE_PRICE_CENTS, type Good } from './society/resources';
export { parseScenario, parseScenarioText, ScenarioError, ScenarioSchema, type Scenario, type ScenarioInput } from './society/scenario';
export { loadScenario, listScenarios } from './persistence/scenario-files';
export { encodeWorld, loadWorld, inspectWorld, migrate, WorldFileError, FORMAT_VERSION, APP_VERSION, type EncodeOptions, type LoadOptions, type WorldFileInfo } from './persistence/world-file';
export { saveWorldFile, loadWorldFile, inspectWorldFile, writeFileAtomic, zlibCodec, type SaveResult } from './persistence/save-file';
export { Autosaver, type AutosaveOptions } from './persistence/autosave';
export { RunStore, metricsCsvFromDb } from './persistence/run-store';
export { runHeadless, type RunOptions, type RunSummary } from './cli/run';
