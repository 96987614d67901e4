// The cognition system: LLM agents as an asynchronous, throttled part of the simulation.
//
// Each tick (cleanup phase) it picks the LLM agents that need a decision, by priority, and sends
// requests within the limits: new thinks per tick, requests in flight, each endpoint's requests and
// tokens per minute, and the run's hard budget. Answers arrive whenever the network delivers them
// and wait in an inbox; at the next tick boundary (input phase) they are consumed in request order,
// parsed and screened, and each agent's decision waits until the agent is next idle, when the
// DecisionProvider hands it to the decide system (which still judges it with the ActionRegistry).
// Until then, and whenever an answer is missing, late, invalid or illegal, the agent acts on its
// current plan or the heuristic brain. The simulation never waits for the network (realtime), or
// waits at the tick boundary for every answer requested in the previous tick (lockstep, via
// settle()), so that a run depends on the answers only.
//
// What the answers change is simulation state (saved and hashed): answers waiting to be applied,
// thoughts, conversations, memory (memory.ts), counters. What only steers the network (the queue,
// requests in flight, cooldowns, budget, usage) is saved but never hashed, so a replay that
// consumes the recorded answers at the same ticks reaches the same state hash with no network.

import { Hasher } from '../engine/hash';
import type { Plugin } from '../engine/schedule';
import { resourceKey, type StateSection, type World } from '../engine/world';
import { Actions, DecisionProviders, IDLE, type ActionRequest } from '../society/actions';
import { Action, BRAIN_LLM, Identity, Position, Vitals } from '../society/components';
import { Names } from '../society/core/agents';
import { ScenarioConfig } from '../society/core/config';
import { AgentGrid } from '../society/core/spatial-system';
import { MetricCollectors } from '../society/metrics/metrics';
import { Families } from '../society/social/family-registry';
import { Relationships } from '../society/social/relationship-graph';
import type { Scenario } from '../society/scenario';
import { Accounts, Budget, costUsd, DEFAULT_PRICES, priceOf, type BudgetLimits, type Price, type UsageFigures } from './accounting';
import { clean, decisionJsonSchema, injectionIn, MAX_SPEECH, parseDecisionAnswer, parseJson, REFLECTION_JSON_SCHEMA, ReflectionAnswerSchema, TurnAnswerSchema, turnJsonSchema } from './decision';
import { requestKey, type CallFailure, type CallResult, type EndpointPool } from './endpoint-pool';
import type { EmbeddingCache } from './embeddings';
import { MemoryStore, type MemoryFormat, type MemoryKind } from './memory';
import { decisionSystemPrompt, decisionUserPrompt, estimateTokens, reflectionPrompts, turnSystemPrompt, turnUserPrompt } from './prompt';
import type { ChatRequest } from './providers/types';
import type { AnswerLine, RecordLine, ReplayLog, RequestKind } from './record';
import './events';

export type CognitionMode = 'realtime' | 'lockstep';

export interface CognitionOptions {
  /** Where answers come from: a pool of endpoints (live) or a decision log (replay). */
  source: { kind: 'llm'; pool: EndpointPool } | { kind: 'replay'; log: ReplayLog };
  mode?: CognitionMode;
  /** How many agents get the LLM brain: the first N alive at tick 0 (ignored in replay: the log says). */
  llmAgents: number;
  budget?: Partial<BudgetLimits>;
  prices?: Readonly<Record<string, Price>>;
  /** Overrides of the scenario's cognition settings (e.g. from the command line). */
  overrides?: Partial<Scenario['cognition']>;
  /** Receives every record line (the CLI writes them to a JSONL file). */
  record?: (line: RecordLine) => void;
  /** Receives human log lines (budget spent, provider down...). */
  log?: (line: string) => void;
  /** Optional embedding relevance for memory retrieval (see embeddings.ts). */
  embeddings?: EmbeddingCache;
}

type Ref = [eid: number, gen: number];

interface Ready {
  gen: number;
  tick: number;
  hash: string;
  action: ActionRequest;
  thought: string;
  speech: string | null;
}

interface Conversation {
  id: number;
  a: Ref;
  b: Ref;
  lines: string[];
  /** 0: a speaks next, 1: b. */
  next: 0 | 1;
  lastTick: number;
  proposals: [number, ActionRequest][];
}

interface InFlight {
  seq: number;
  kind: RequestKind;
  agents: Ref[];
  conversation?: number;
  hash: string;
  request: ChatRequest;
  reservedTokens: number;
  reservedUsd: number;
  promise: Promise<void>;
}

interface Arrived {
  seq: number;
  kind: RequestKind;
  agents: Ref[];
  conversation?: number;
  hash: string;
  text?: string;
  error?: string;
  /** What the call cost (live answers only; a replayed answer has none). */
  cost?: CallCost;
  request?: ChatRequest;
}

interface CallCost {
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  latencyMs: number;
  cached: boolean;
}

/** An LLM agent's latest decision exchange, for the inspector (host-side: neither saved nor hashed). */
export interface LlmExchange {
  tick: number;
  provider: string;
  model: string;
  system: string;
  prompt: string;
  answer: string;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  latencyMs: number;
  cached: boolean;
  accepted: boolean;
  reason?: string;
}

/** Longest answer text kept per agent for the inspector. */
const MAX_EXCHANGE_ANSWER = 8000;

export const CognitionKey = resourceKey<Cognition>('cognition');

// Texts of the frequent memories (see hookMemory): (other party's name, good, quantity, price).
const boughtText: MemoryFormat = (name, good, quantity, price) => `Bought ${quantity} ${good as string} for ${price} cents from ${name as string}.`;
const soldText: MemoryFormat = (name, good, quantity, price) => `Sold ${quantity} ${good as string} for ${price} cents to ${name as string}.`;
/** (other party's name, the conversation's lines: its first four are the gist). */
const talkedText: MemoryFormat = (name, lines) => `Talked with ${name as string}: ${(lines as readonly string[]).slice(0, 4).join(' / ')}`;

const TEMPLATE_LINES = [
  'Good to see you, {other}.',
  'Work keeps me busy these days.',
  'Have you eaten today? Food is dear.',
  'The market was lively this morning.',
  'I hope the weather holds.',
  'Take care of yourself, {other}.',
];

export class Cognition implements StateSection {
  readonly name = 'cognition';
  readonly memory: MemoryStore;
  readonly accounts = new Accounts();
  readonly budget: Budget;
  readonly mode: CognitionMode;
  private readonly settings: Scenario['cognition'];
  private readonly prices: Readonly<Record<string, Price>>;
  /** Embedding lookup for memory relevance, when embeddings are configured. */
  private readonly vectorOf: ((text: string) => Float32Array | undefined) | undefined;
  private world!: World;
  /** Texts derived from the action registry, rebuilt when a plugin adds an action. */
  private derived: { actions: number; system: string; decisionSchema: Record<string, unknown>; turnSystem: string; turnSchema: Record<string, unknown> } | null = null;

  // ---- simulation state (saved and hashed) ----
  private assigned = false;
  private readonly ready = new Map<number, Ready>();
  private readonly thoughts = new Map<number, [number, string]>();
  private conversations: Conversation[] = [];
  private nextConversation = 1;
  private applied = 0;
  private rejected = 0;

  // ---- network steering (saved, not hashed) ----
  private seq = 0;
  private readonly inFlight = new Map<number, InFlight>();
  // By entity id, read for every LLM agent whenever agents are chosen (a Set or Map lookup each cost
  // more than the rest of the choice): 1 = waiting for an answer; the tick last asked (-Infinity:
  // never); 1 = something notable happened since.
  private asking = new Uint8Array(0);
  private lastAsked = new Float64Array(0);
  private notable = new Uint8Array(0);
  /** The agents due for a decision this tick (pickDecisionGroups' scratch). */
  private readonly due = { ids: [] as number[], priority: [] as number[], last: [] as number[] };
  private inbox: Arrived[] = [];
  private budgetReported = false;
  /** Agents whose request was in flight when a save was loaded: asked first. */
  private requeued = new Set<number>();
  /** The latest decision exchange per LLM agent, keyed by id with its generation (inspector only). */
  private readonly exchanges = new Map<number, [number, LlmExchange]>();
  /** Aborted by close(): the run is over. */
  private readonly run = new AbortController();
  /** The calls on their way obey this one signal (the pool keeps one listener for all of them); aborted by close(), and replaced by a load. */
  private calls = new AbortController();
  /** Requests cancelled by close() while on their way. */
  private cancelled = 0;
  /** close() was called (a plain field: dispatch tests it every tick; the signal's getter is not free). */
  private ended = false;

  constructor(
    scenario: Scenario,
    private readonly options: CognitionOptions,
  ) {
    this.settings = { ...scenario.cognition, ...options.overrides };
    this.mode = options.mode ?? 'realtime';
    this.prices = options.prices ?? DEFAULT_PRICES;
    this.budget = new Budget({ tokens: options.budget?.tokens ?? Infinity, usd: options.budget?.usd ?? Infinity });
    const embeddings = options.embeddings;
    this.vectorOf = embeddings ? (text) => embeddings.get(text) : undefined;
    this.memory = new MemoryStore({
      perAgent: this.settings.memoryPerAgent,
      total: this.settings.memoryTotal,
      reflectionThreshold: this.settings.reflectionThreshold,
      recencyHalfLifeTicks: 48,
      maxTextLength: 240,
    });
    if (options.source.kind === 'llm') {
      options.source.pool.onBreaker = (endpoint, open) => {
        this.log(`LLM endpoint ${endpoint} is ${open ? 'down (circuit open); its agents use the heuristic brain' : 'back up'}`);
        this.world?.emit('llmProvider', { endpoint, status: open ? 'down' : 'up' });
      };
    }
  }

  /** The key of usage figures: "vendor:model". */
  get accountKey(): string {
    const s = this.options.source;
    return s.kind === 'llm' ? `${s.pool.vendor}:${s.pool.model}` : 'replay';
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Usage per provider and model, plus the budget. */
  usage(): { byModel: Record<string, UsageFigures>; budget: { spentTokens: number; spentUsd: number; limitTokens: number | null; limitUsd: number | null; exhausted: boolean }; applied: number; rejected: number; inFlight: number; cancelled: number } {
    const lim = this.budget.limits;
    return {
      byModel: this.accounts.figures(),
      budget: {
        spentTokens: this.budget.spentTokens,
        spentUsd: Math.round(this.budget.spentUsd * 1e6) / 1e6,
        limitTokens: Number.isFinite(lim.tokens) ? lim.tokens : null,
        limitUsd: Number.isFinite(lim.usd) ? lim.usd : null,
        exhausted: this.budget.exhausted,
      },
      applied: this.applied,
      rejected: this.rejected,
      inFlight: this.inFlight.size,
      cancelled: this.cancelled,
    };
  }

  /** Resolves when the providers can send (their thread has started): hosts await it before the first tick. */
  async started(): Promise<void> {
    if (this.options.source.kind === 'llm') await this.options.source.pool.ready();
  }

  /**
   * End of the run: abort every call on its way (the SDKs close their connections), drop its answer
   * whenever it would have come, send nothing more, and release the providers (their thread). The
   * agents that were waiting are asked first if a save of this world is loaded and run on. Idempotent.
   */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.run.abort();
    this.calls.abort();
    this.cancelled += this.inFlight.size;
    for (const r of this.inFlight.values()) for (const [eid] of r.agents) this.requeued.add(eid);
    this.inFlight.clear();
    this.asking.fill(0);
    this.inbox = [];
    if (this.options.source.kind === 'llm') this.options.source.pool.close();
  }

  get closed(): boolean {
    return this.ended;
  }

  /** The latest thought of an agent (for the inspector), if it has one. */
  thoughtOf(eid: number): string | null {
    const t = this.thoughts.get(eid);
    return t && t[0] === this.world.entities.generation(eid) ? t[1] : null;
  }

  /** An agent's latest LLM decision exchange (prompt, answer, cost), if it has one. */
  exchangeOf(eid: number): LlmExchange | null {
    const x = this.exchanges.get(eid);
    return x && this.world.isAlive(eid) && x[0] === this.world.entities.generation(eid) ? x[1] : null;
  }

  /** Resolves when every request sent so far has been answered or has failed (lockstep waits here). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight.values()].map((r) => r.promise));
  }

  // ---- plugin ----

  plugin(): Plugin {
    return {
      name: 'cognition',
      dependsOn: ['core'],
      build: (world) => {
        this.world = world;
        world.setResource(CognitionKey, this);
        world.addState(this);
        world.addState(this.memory);
        world.resource(DecisionProviders).push((w, eid) => this.decisionFor(w, eid));
        world.resource(MetricCollectors).push(() => ({ llmApplied: this.applied, llmRejected: this.rejected, memories: this.memory.total }));
        world.onDespawn((_w, eid) => this.forget(eid));
        this.hookMemory(world);
        world.addSystem({ name: 'cognition-apply', phase: 'input', run: (w) => this.applyArrived(w) });
        world.addSystem({ name: 'cognition-dispatch', phase: 'cleanup', run: (w) => this.dispatch(w) });
        if (this.options.source.kind === 'llm') {
          const s = this.options.source;
          this.record({ type: 'header', version: 1, brain: `${s.pool.vendor}:${s.pool.model}`, seed: world.seed, scenario: world.resource(ScenarioConfig).name, llmAgents: this.options.llmAgents });
        }
      },
    };
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private record(line: RecordLine): void {
    this.options.record?.(line);
  }

  private gen(eid: number): number {
    return this.world.entities.generation(eid);
  }

  private alive(ref: Ref): boolean {
    return this.world.isAlive(ref[0]) && this.gen(ref[0]) === ref[1];
  }

  private remember(eid: number, kind: MemoryKind, importance: number, text: string): void {
    if (!this.world.isAlive(eid)) return;
    this.memory.add(eid, this.gen(eid), { tick: this.world.tick, kind, importance, text });
  }

  /** Remember what `format(a, b, x, y)` will say, building the text only when something reads it. */
  private rememberLater(eid: number, kind: MemoryKind, importance: number, format: MemoryFormat, a: unknown, b: unknown, x: number, y: number): void {
    if (!this.world.isAlive(eid)) return;
    this.memory.addDeferred(eid, this.gen(eid), this.world.tick, kind, importance, format, a, b, x, y);
  }

  private nameOf(eid: number | string): string {
    if (typeof eid === 'string') return eid;
    return this.world.resource(Names).get(eid)?.name ?? `agent ${eid}`;
  }

  private forget(eid: number): void {
    this.memory.drop(eid);
    this.ready.delete(eid);
    this.thoughts.delete(eid);
    if (eid < this.lastAsked.length) {
      this.lastAsked[eid] = -Infinity;
      this.notable[eid] = 0;
    }
    this.exchanges.delete(eid);
  }

  /** Room for `eid` in the per-id steering arrays (a typed array ignores writes past its end); returns this. */
  private steering(eid: number): this {
    if (eid < this.asking.length) return this;
    const n = Math.max(eid + 1, this.asking.length * 2, 1024);
    const asking = new Uint8Array(n);
    asking.set(this.asking);
    const notable = new Uint8Array(n);
    notable.set(this.notable);
    const lastAsked = new Float64Array(n).fill(-Infinity);
    lastAsked.set(this.lastAsked);
    this.asking = asking;
    this.notable = notable;
    this.lastAsked = lastAsked;
    return this;
  }

  /**
   * World events become memories (and make LLM agents think again soon). The routine, frequent ones
   * (trades, conversations: a hundred or more a tick in a town of 2,500) are remembered only when an
   * LLM agent takes part, by both parties: memories feed LLM prompts, and building them for every
   * pair of heuristic agents cost each tick several percent for nothing (the inspector shows those
   * agents the social plugin's memories).
   */
  private hookMemory(world: World): void {
    const ev = world.events;
    const brain = () => world.store(Identity).brain;
    const thinks = (eid: number | string) => typeof eid === 'number' && world.isAlive(eid) && brain()[eid] === BRAIN_LLM;
    const mark = (eid: number) => {
      if (thinks(eid)) this.steering(eid).notable[eid] = 1;
    };
    // Their texts are built only when read (addDeferred); the other party's name is taken now, as an
    // id may belong to someone else by then.
    ev.on('trade', (e) => {
      if (!thinks(e.buyer) && !thinks(e.seller)) return;
      if (typeof e.buyer === 'number') this.rememberLater(e.buyer, 'trade', 3, boughtText, this.nameOf(e.seller), e.good, e.quantity, e.priceCents);
      if (typeof e.seller === 'number') this.rememberLater(e.seller, 'trade', 3, soldText, this.nameOf(e.buyer), e.good, e.quantity, e.priceCents);
    });
    ev.on('conversation', (e) => {
      if (!thinks(e.a) && !thinks(e.b)) return;
      // Both parties keep the event's lines (nobody changes them after the event): the gist is
      // joined only if a memory is read.
      this.rememberLater(e.a, 'conversation', 4, talkedText, this.nameOf(e.b), e.lines, 0, 0);
      this.rememberLater(e.b, 'conversation', 4, talkedText, this.nameOf(e.a), e.lines, 0, 0);
      mark(e.a);
      mark(e.b);
    });
    ev.on('birth', (e) => {
      for (const p of e.parents) {
        this.remember(p, 'observation', 9, `My child ${this.nameOf(e.agent)} was born.`);
        mark(p);
      }
    });
    ev.on('death', (e) => {
      if (!world.hasResource(Families)) return;
      const families = world.resource(Families);
      const who = this.nameOf(e.agent);
      const spouse = families.spouseOf(e.agent);
      if (spouse >= 0) this.remember(spouse, 'observation', 10, `My spouse ${who} died (${e.cause}).`);
      for (const c of families.childrenOf(e.agent)) this.remember(c, 'observation', 9, `My parent ${who} died (${e.cause}).`);
      for (const p of families.parentsOf(e.agent)) this.remember(p, 'observation', 9, `My child ${who} died (${e.cause}).`);
    });
    ev.on('marriage', (e) => {
      this.remember(e.a, 'observation', 9, `I married ${this.nameOf(e.b)}.`);
      this.remember(e.b, 'observation', 9, `I married ${this.nameOf(e.a)}.`);
    });
    ev.on('loan', (e) => this.remember(e.agent, 'outcome', 5, `Loan ${e.loanId} of ${e.principalCents} cents: ${e.status}.`));
    // Not "notable": a model that keeps answering badly is asked again only after the cooldown.
    ev.on('actionRejected', (e) => this.remember(e.agent, 'outcome', 4, `I could not ${e.action}: ${e.reason}.`));
  }

  // ---- tick boundary: consume answers ----

  private applyArrived(world: World): void {
    if (!this.assigned) this.assign(world);
    const tick = world.tick;
    let batch: (Arrived | AnswerLine)[];
    if (this.options.source.kind === 'replay') {
      batch = this.options.source.log.byTick.get(tick) ?? [];
    } else {
      batch = this.inbox.sort((x, y) => x.seq - y.seq);
      this.inbox = [];
    }
    for (const a of batch) {
      if (this.options.source.kind === 'llm') this.record({ type: 'answer', tick, seq: a.seq, kind: a.kind, agents: a.agents, conversation: a.conversation, hash: a.hash, text: a.text, error: a.error });
      if (a.kind === 'decide') this.consumeDecision(a);
      else if (a.kind === 'reflect') this.consumeReflection(a);
      else this.consumeTurn(a);
    }
    // Answers that waited too long no longer fit the situation.
    for (const [eid, r] of this.ready) {
      if (tick - r.tick > this.settings.staleTicks) {
        this.ready.delete(eid);
        this.reject(eid, r.action.type, `the decision went stale (unused for ${this.settings.staleTicks} ticks)`, 'stale');
      }
    }
    this.advanceConversations(world);
  }

  /** The first N living agents get the LLM brain (in replay: the N the log was recorded with). */
  private assign(world: World): void {
    this.assigned = true;
    const n = this.options.source.kind === 'replay' ? this.options.source.log.header.llmAgents : this.options.llmAgents;
    const brain = world.store(Identity).brain;
    const alive = world.entities.alive();
    for (let i = 0; i < alive.length && i < n; i++) brain[alive[i]] = BRAIN_LLM;
  }

  private reject(eid: number, action: string, reason: string, kind: string): void {
    this.rejected++;
    this.accounts.of(this.accountKey).reject(kind);
    if (this.world.isAlive(eid)) this.world.emit('actionRejected', { agent: eid, action: action.slice(0, 40), reason });
  }

  private consumeDecision(a: Arrived | AnswerLine): void {
    const live = a.agents.filter((r) => this.alive(r));
    if (a.error !== undefined) {
      // Transport failure: nothing to judge, the agents are asked again later.
      for (const [eid] of live) this.reportDecision(a, eid, live.length, false, a.error);
      return;
    }
    const parsed = parseDecisionAnswer(a.text ?? '', live.map((r) => r[0]));
    for (const [eid] of live) {
      if (!parsed.ok) {
        this.reportDecision(a, eid, live.length, false, parsed.reason);
        this.reject(eid, 'answer', parsed.reason, parsed.kind);
        continue;
      }
      const d = parsed.byAgent.get(eid)!;
      if ('rejected' in d) {
        this.reportDecision(a, eid, live.length, false, d.rejected);
        this.reject(eid, 'answer', d.rejected, d.rejected.startsWith('speech') ? 'injection' : 'missing');
        continue;
      }
      this.reportDecision(a, eid, live.length, true);
      this.ready.set(eid, { gen: this.gen(eid), tick: this.world.tick, hash: a.hash, ...d });
      this.accounts.of(this.accountKey).decisions++;
    }
  }

  /** The llmDecision event (the run store keeps its cost) and the agent's latest exchange for the inspector. */
  private reportDecision(a: Arrived | AnswerLine, eid: number, sharing: number, accepted: boolean, reason?: string): void {
    const source = this.options.source;
    const provider = source.kind === 'llm' ? source.pool.vendor : 'replay';
    const model = source.kind === 'llm' ? source.pool.model : source.log.header.brain;
    const cost = 'cost' in a && a.cost ? a.cost : { tokensIn: 0, tokensOut: 0, costUsd: 0, latencyMs: 0, cached: false };
    const n = Math.max(1, sharing);
    const share = { tokensIn: Math.round(cost.tokensIn / n), tokensOut: Math.round(cost.tokensOut / n), costUsd: cost.costUsd / n, latencyMs: cost.latencyMs, cached: cost.cached };
    this.world.emit('llmDecision', { agent: eid, provider, model, ...share, accepted, ...(reason === undefined ? {} : { reason }) });
    const request = 'request' in a ? a.request : undefined;
    const answer = a.text ?? (a.error !== undefined ? `(no answer: ${a.error})` : '');
    this.exchanges.set(eid, [
      this.gen(eid),
      {
        tick: this.world.tick,
        provider,
        model,
        system: request?.system ?? '',
        prompt: request?.user ?? '(a replayed answer: the decision log keeps answers, not prompts)',
        answer: answer.length > MAX_EXCHANGE_ANSWER ? `${answer.slice(0, MAX_EXCHANGE_ANSWER)}…` : answer,
        ...share,
        accepted,
        ...(reason === undefined ? {} : { reason }),
      },
    ]);
  }

  private consumeReflection(a: Arrived | AnswerLine): void {
    const ref = a.agents[0];
    if (!ref || !this.alive(ref)) return;
    this.memory.reflected(ref[0]);
    if (a.error !== undefined) return;
    const parsed = parseJson(a.text ?? '', ReflectionAnswerSchema);
    if (!parsed.ok) {
      this.accounts.of(this.accountKey).reject(parsed.kind);
      return;
    }
    for (const insight of parsed.value.insights.slice(0, 3)) {
      if (injectionIn(insight)) continue;
      this.remember(ref[0], 'reflection', 8, clean(insight));
    }
  }

  private consumeTurn(a: Arrived | AnswerLine): void {
    const conv = this.conversations.find((c) => c.id === a.conversation);
    const ref = a.agents[0];
    if (!conv || !ref || !this.alive(ref)) return;
    const speaker = ref[0];
    if (a.error !== undefined) {
      this.finishConversation(conv);
      return;
    }
    const parsed = parseJson(a.text ?? '', TurnAnswerSchema);
    if (!parsed.ok) {
      this.reject(speaker, 'talk', parsed.reason, parsed.kind);
      this.finishConversation(conv);
      return;
    }
    const smuggled = injectionIn(parsed.value.say);
    if (smuggled) {
      this.reject(speaker, 'talk', `speech rejected: it contains instructions (${smuggled})`, 'injection');
      this.finishConversation(conv);
      return;
    }
    conv.lines.push(`${this.nameOf(speaker)}: ${clean(parsed.value.say).slice(0, MAX_SPEECH)}`);
    if (parsed.value.propose) {
      const { type, ...args } = parsed.value.propose;
      conv.proposals.push([speaker, { type, ...args }]);
    }
    conv.lastTick = this.world.tick;
    conv.next = conv.next === 0 ? 1 : 0;
    if (parsed.value.end || conv.lines.length >= this.settings.conversationTurns) this.finishConversation(conv);
  }

  // ---- decide phase: hand over an arrived decision ----

  private decisionFor(world: World, eid: number): ActionRequest | null {
    // Called for every idle or sleeping agent each tick (thousands at night): the small map of
    // answers waiting is the cheapest test, and usually says no (empty while requests are in flight).
    if (this.ready.size === 0) return null;
    const r = this.ready.get(eid);
    if (!r) return null;
    if (world.store(Identity).brain[eid] !== BRAIN_LLM) return null;
    this.ready.delete(eid);
    if (r.gen !== this.gen(eid)) return null;
    const checked = world.resource(Actions).check(world, eid, r.action);
    if (!checked.ok) {
      const kind = checked.reason.startsWith('unknown action') ? 'unknown_action' : /: arguments?\b/.test(checked.reason) ? 'wrong_args' : 'illegal';
      this.reject(eid, r.action.type, checked.reason, kind);
      return null;
    }
    this.applied++;
    if (r.thought) this.thoughts.set(eid, [r.gen, r.thought]);
    this.remember(eid, 'plan', 2, `I chose to ${r.action.type}${r.thought ? `: ${r.thought}` : ''}`);
    this.record({ type: 'applied', tick: world.tick, agent: eid, hash: r.hash, action: r.action, thought: r.thought, speech: r.speech });
    if (r.speech) this.startConversation(world, eid, r.speech);
    return r.action;
  }

  // ---- conversations ----

  private startConversation(world: World, eid: number, speech: string): void {
    if (this.conversations.some((c) => c.a[0] === eid || c.b[0] === eid)) return;
    const radius = world.resource(ScenarioConfig).socialRadius;
    const p = world.store(Position);
    const other = world.resource(AgentGrid).nearest(p.x[eid], p.y[eid], 1, eid, radius)[0];
    if (other === undefined || this.conversations.some((c) => c.a[0] === other || c.b[0] === other)) return;
    this.conversations.push({ id: this.nextConversation++, a: [eid, this.gen(eid)], b: [other, this.gen(other)], lines: [`${this.nameOf(eid)}: ${speech}`], next: 1, lastTick: world.tick, proposals: [] });
  }

  /** Heuristic partners answer from templates at once; LLM partners' turns are requested by dispatch. */
  private advanceConversations(world: World): void {
    const brain = world.store(Identity).brain;
    for (const conv of [...this.conversations]) {
      if (!this.alive(conv.a) || !this.alive(conv.b)) {
        this.conversations.splice(this.conversations.indexOf(conv), 1);
        continue;
      }
      const speaker = conv.next === 0 ? conv.a[0] : conv.b[0];
      const listener = conv.next === 0 ? conv.b[0] : conv.a[0];
      if (brain[speaker] !== BRAIN_LLM) {
        const line = TEMPLATE_LINES[(conv.id + conv.lines.length) % TEMPLATE_LINES.length].replace('{other}', this.nameOf(listener).split(' ')[0]);
        conv.lines.push(`${this.nameOf(speaker)}: ${line}`);
        conv.next = conv.next === 0 ? 1 : 0;
        conv.lastTick = world.tick;
        if (conv.lines.length >= this.settings.conversationTurns) this.finishConversation(conv);
      } else if (world.tick - conv.lastTick > this.settings.conversationTimeoutTicks) {
        this.finishConversation(conv);
      }
    }
  }

  private finishConversation(conv: Conversation): void {
    const i = this.conversations.indexOf(conv);
    if (i >= 0) this.conversations.splice(i, 1);
    if (!this.alive(conv.a) || !this.alive(conv.b)) return;
    this.world.emit('conversation', { a: conv.a[0], b: conv.b[0], lines: conv.lines });
    // Talking brings people closer, as the social plugin's talk_to does (when it is installed).
    if (this.world.hasResource(Relationships)) {
      const cfg = this.world.resource(ScenarioConfig).social.relationships;
      const graph = this.world.resource(Relationships);
      graph.strengthen(conv.a[0], conv.b[0], cfg.talkInitial, cfg.talkGain);
      graph.strengthen(conv.b[0], conv.a[0], cfg.talkInitial, cfg.talkGain);
    }
    // An agreed action becomes the proposer's next decision; the rules still judge it when applied.
    for (const [eid, action] of conv.proposals) {
      if (!this.ready.has(eid) && this.world.isAlive(eid)) this.ready.set(eid, { gen: this.gen(eid), tick: this.world.tick, hash: 'conversation', action, thought: 'as agreed in conversation', speech: null });
    }
  }

  // ---- end of tick: send requests ----

  private fromRegistry(world: World): NonNullable<Cognition['derived']> {
    const registry = world.resource(Actions);
    const n = registry.all().length;
    if (!this.derived || this.derived.actions !== n) {
      this.derived = { actions: n, system: decisionSystemPrompt(world), decisionSchema: decisionJsonSchema(registry), turnSystem: turnSystemPrompt(world), turnSchema: turnJsonSchema(registry) };
    }
    return this.derived;
  }

  private dispatch(world: World): void {
    if (this.options.source.kind !== 'llm' || this.budget.exhausted || this.closed) return;
    const pool = this.options.source.pool;
    let thinks = this.settings.thinksPerTick;
    const room = () => thinks > 0 && this.inFlight.size < this.settings.maxInFlight;

    // Conversation turns first: a partner is waiting.
    for (const conv of this.conversations) {
      if (!room()) return;
      const speaker = conv.next === 0 ? conv.a[0] : conv.b[0];
      const listener = conv.next === 0 ? conv.b[0] : conv.a[0];
      if (world.store(Identity).brain[speaker] !== BRAIN_LLM || this.asking[speaker] === 1) continue;
      const { turnSystem: system, turnSchema } = this.fromRegistry(world);
      const user = turnUserPrompt(world, speaker, listener, conv.lines, this.memory);
      const request: ChatRequest = { system, user, schemaName: 'conversation_turn', schema: turnSchema, maxOutputTokens: this.settings.outputTokensPerDecision, temperature: this.settings.temperature };
      if (!this.send(pool, 'turn', [speaker], request, conv.id)) return;
      thinks--;
    }

    // No scan of the agents while there is no room (the usual case while a wave is in flight).
    const groups = room() ? this.pickDecisionGroups(world, thinks) : [];
    for (const agents of groups) {
      if (!room()) return;
      const request: ChatRequest = {
        system: this.fromRegistry(world).system,
        user: decisionUserPrompt(world, agents, this.memory, this.vectorOf),
        schemaName: 'decisions',
        schema: this.fromRegistry(world).decisionSchema,
        maxOutputTokens: this.settings.outputTokensPerDecision * agents.length,
        temperature: this.settings.temperature,
      };
      if (!this.send(pool, 'decide', agents, request)) return;
      thinks -= agents.length;
    }

    if (this.options.embeddings) void this.options.embeddings.flush(this.run.signal);

    // Reflections last: they can wait.
    const brain = world.store(Identity).brain;
    const alive = world.entities.alive();
    for (let i = 0; i < alive.length && room(); i++) {
      const eid = alive[i];
      if (brain[eid] !== BRAIN_LLM || this.asking[eid] === 1 || !this.memory.dueForReflection(eid)) continue;
      const { system, user } = reflectionPrompts(world, eid, this.memory);
      const request: ChatRequest = { system, user, schemaName: 'reflection', schema: REFLECTION_JSON_SCHEMA, maxOutputTokens: this.settings.outputTokensPerDecision, temperature: this.settings.temperature };
      if (!this.send(pool, 'reflect', [eid], request)) return;
      thinks--;
    }
  }

  /**
   * LLM agents that need a decision, most urgent first (something notable happened, then about to
   * be idle, then longest since last asked, then id), at most `limit`, grouped into batches of
   * similar agents (same profession and same pressing need, after AgentTorch's archetypes).
   * Most ticks a few are chosen among hundreds due: the best `limit` are kept in a heap rather than
   * sorting them all (this ran every tick: ~0.2 ms with 1,000 LLM agents due).
   */
  private pickDecisionGroups(world: World, limit: number): number[][] {
    if (limit <= 0) return [];
    const brain = world.store(Identity).brain;
    const act = world.store(Action);
    const tick = world.tick;
    // Scratch columns of the agents due, reused from tick to tick.
    const { ids, priority, last } = this.due;
    ids.length = 0;
    priority.length = 0;
    last.length = 0;
    const { asking, notable, lastAsked, ready, requeued } = this;
    const cooldown = this.settings.cooldownTicks;
    const alive = world.entities.alive();
    for (let i = 0; i < alive.length; i++) {
      const eid = alive[i];
      if (brain[eid] !== BRAIN_LLM || asking[eid] === 1 || ready.has(eid)) continue;
      const asked = lastAsked[eid] ?? -Infinity;
      const urgent = notable[eid] === 1 || (requeued.size > 0 && requeued.has(eid));
      if (!urgent && tick - asked < cooldown) continue;
      const soon = act.kind[eid] === IDLE || act.remaining[eid] <= 1;
      ids.push(eid);
      priority.push((urgent ? 2 : 0) + (soon ? 1 : 0));
      last.push(asked);
    }
    const order = (x: number, y: number) => priority[y] - priority[x] || last[x] - last[y] || ids[x] - ids[y];
    const best = bestOf(ids.length, limit, order).sort(order);
    // Similar agents side by side (stable: most urgent first within an archetype), then cut into batches.
    const chosen = best.map((c, rank) => ({ eid: ids[c], rank, key: archetypeOf(world, ids[c]) }));
    chosen.sort((x, y) => x.key - y.key || x.rank - y.rank);
    const groups: number[][] = [];
    for (let i = 0; i < chosen.length; i += this.settings.batchSize) groups.push(chosen.slice(i, i + this.settings.batchSize).map((c) => c.eid));
    return groups;
  }

  /** Send one request if the budget and the endpoints allow it; false means stop sending this tick. */
  private send(pool: EndpointPool, kind: RequestKind, agents: number[], request: ChatRequest, conversation?: number): boolean {
    const estimateIn = estimateTokens(request.system) + estimateTokens(request.user);
    const hash = requestKey(pool.model, request);
    const cached = pool.cached(request, hash);
    let reservedTokens = 0;
    let reservedUsd = 0;
    if (!cached) {
      if (this.mode === 'realtime' && !pool.hasCapacity(estimateIn + request.maxOutputTokens)) return false;
      reservedTokens = estimateIn + request.maxOutputTokens;
      reservedUsd = costUsd(priceOf(pool.model, this.prices), estimateIn, request.maxOutputTokens);
      if (!this.budget.tryReserve(reservedTokens, reservedUsd)) {
        this.budget.exhausted = true;
        this.reportBudget();
        return false;
      }
    }
    const seq = this.seq++;
    const refs: Ref[] = agents.map((eid) => [eid, this.gen(eid)]);
    for (const eid of agents) {
      this.steering(eid);
      this.asking[eid] = 1;
      this.lastAsked[eid] = this.world.tick;
      this.notable[eid] = 0;
      this.requeued.delete(eid);
    }
    const usage = this.accounts.of(this.accountKey);
    usage.requests++;
    const entry: InFlight = { seq, kind, agents: refs, conversation, hash, request, reservedTokens, reservedUsd, promise: Promise.resolve() };
    entry.promise = pool.call(request, estimateIn + request.maxOutputTokens, this.calls.signal, hash).then((result) => this.arrive(entry, result));
    this.inFlight.set(seq, entry);
    return true;
  }

  /** Host side, whenever the network answers: account for it and leave it for the next tick boundary. */
  private arrive(entry: InFlight, result: CallResult | CallFailure): void {
    // Dropped by a load or by close(); after a load the same seq may belong to a newer call.
    if (this.inFlight.get(entry.seq) !== entry) return;
    this.inFlight.delete(entry.seq);
    for (const [eid] of entry.agents) this.asking[eid] = 0;
    const usage = this.accounts.of(this.accountKey);
    const source = this.options.source;
    const price = priceOf(source.kind === 'llm' ? source.pool.model : '', this.prices);
    if (result.ok) {
      const { tokensIn, tokensOut } = result.response;
      let usd = 0;
      if (result.cached) {
        usage.cacheHits++;
        this.budget.settle(entry.reservedTokens, entry.reservedUsd, 0, 0);
      } else {
        usd = costUsd(price, tokensIn, tokensOut);
        usage.succeeded++;
        usage.tokensIn += tokensIn;
        usage.tokensOut += tokensOut;
        usage.costUsd += usd;
        usage.latency(result.latencyMs);
        this.budget.settle(entry.reservedTokens, entry.reservedUsd, tokensIn + tokensOut, usd);
      }
      if (entry.kind === 'decide') usage.decisionRequests++;
      const cost: CallCost = result.cached ? { tokensIn: 0, tokensOut: 0, costUsd: 0, latencyMs: result.latencyMs, cached: true } : { tokensIn, tokensOut, costUsd: usd, latencyMs: result.latencyMs, cached: false };
      this.inbox.push({ seq: entry.seq, kind: entry.kind, agents: entry.agents, conversation: entry.conversation, hash: entry.hash, text: result.response.text, cost, request: entry.request });
    } else {
      usage.fail(result.error.kind);
      usage.latency(result.latencyMs);
      // A failed call is not billed by the vendors: its reservation is released.
      this.budget.settle(entry.reservedTokens, entry.reservedUsd, 0, 0);
      const cost: CallCost = { tokensIn: 0, tokensOut: 0, costUsd: 0, latencyMs: result.latencyMs, cached: false };
      this.inbox.push({ seq: entry.seq, kind: entry.kind, agents: entry.agents, conversation: entry.conversation, hash: entry.hash, error: `${result.error.kind}: ${result.error.message}`, cost, request: entry.request });
    }
  }

  private reportBudget(): void {
    if (this.budgetReported) return;
    this.budgetReported = true;
    const reason = `LLM budget spent (${this.budget.spentTokens} tokens, $${this.budget.spentUsd.toFixed(4)}): LLM agents continue on the heuristic brain`;
    this.log(reason);
    this.world.emit('llmBudgetExhausted', { spentTokens: this.budget.spentTokens, spentUsd: this.budget.spentUsd, reason });
  }

  // ---- save / load / hash ----

  save(): CognitionSave {
    return {
      assigned: this.assigned,
      nextConversation: this.nextConversation,
      applied: this.applied,
      rejected: this.rejected,
      ready: [...this.ready].sort(([a], [b]) => a - b).map(([eid, r]) => [eid, r.gen, r.tick, r.hash, r.action, r.thought, r.speech]),
      thoughts: [...this.thoughts].sort(([a], [b]) => a - b).map(([eid, [gen, text]]) => [eid, gen, text]),
      conversations: this.conversations.map((c) => ({ ...c, lines: [...c.lines], proposals: c.proposals.map(([e, a]) => [e, { ...a }]) })),
      // Network steering: requests in flight are asked again after a load.
      queue: [...new Set([...this.requeued, ...[...this.inFlight.values()].flatMap((r) => r.agents.map(([eid]) => eid))])].sort((a, b) => a - b),
      seq: this.seq,
      budget: { spentTokens: this.budget.spentTokens, spentUsd: this.budget.spentUsd, exhausted: this.budget.exhausted },
      usage: this.accounts.figures(),
    };
  }

  load(data: unknown): void {
    const d = validateSave(data);
    this.assigned = d.assigned;
    this.nextConversation = d.nextConversation;
    this.applied = d.applied;
    this.rejected = d.rejected;
    this.ready.clear();
    for (const [eid, gen, tick, hash, action, thought, speech] of d.ready) this.ready.set(eid, { gen, tick, hash, action, thought, speech });
    this.thoughts.clear();
    for (const [eid, gen, text] of d.thoughts) this.thoughts.set(eid, [gen, text]);
    this.conversations = d.conversations;
    // Calls of the replaced state are of no use any more: free their connections.
    this.calls.abort();
    if (!this.ended) this.calls = new AbortController();
    this.inFlight.clear();
    this.asking.fill(0);
    this.inbox = [];
    this.exchanges.clear();
    this.requeued = new Set(d.queue);
    this.seq = d.seq;
    this.budget.spentTokens = d.budget.spentTokens;
    this.budget.spentUsd = d.budget.spentUsd;
    this.budget.exhausted = d.budget.exhausted;
    this.accounts.load(d.usage);
  }

  /** Only what the answers changed: the network side differs between a live run and its replay. */
  hash(h: Hasher): void {
    const s = this.save();
    h.value({ assigned: s.assigned, nextConversation: s.nextConversation, applied: s.applied, rejected: s.rejected, ready: s.ready, thoughts: s.thoughts, conversations: s.conversations });
  }
}

interface CognitionSave {
  assigned: boolean;
  nextConversation: number;
  applied: number;
  rejected: number;
  ready: [number, number, number, string, ActionRequest, string, string | null][];
  thoughts: [number, number, string][];
  conversations: Conversation[];
  queue: number[];
  seq: number;
  budget: { spentTokens: number; spentUsd: number; exhausted: boolean };
  usage: Record<string, UsageFigures>;
}

function validateSave(data: unknown): CognitionSave {
  const d = data as CognitionSave;
  const fail = (what: string): never => {
    throw new Error(`cognition section: ${what}`);
  };
  if (!d || typeof d !== 'object') fail('expected an object');
  if (typeof d.assigned !== 'boolean') fail('"assigned" must be a boolean');
  for (const k of ['nextConversation', 'applied', 'rejected', 'seq'] as const) if (!Number.isInteger(d[k]) || d[k] < 0) fail(`"${k}" must be a non-negative integer`);
  if (!Array.isArray(d.ready) || !d.ready.every((r) => Array.isArray(r) && r.length === 7 && Number.isInteger(r[0]) && Number.isInteger(r[1]) && Number.isInteger(r[2]) && typeof r[3] === 'string' && r[4] && typeof r[4].type === 'string' && typeof r[5] === 'string' && (r[6] === null || typeof r[6] === 'string'))) {
    fail('"ready" must be [id, generation, tick, hash, action, thought, speech] rows');
  }
  if (!Array.isArray(d.thoughts) || !d.thoughts.every((t) => Array.isArray(t) && t.length === 3 && Number.isInteger(t[0]) && Number.isInteger(t[1]) && typeof t[2] === 'string')) fail('"thoughts" must be [id, generation, text] rows');
  if (!Array.isArray(d.conversations) || !d.conversations.every((c) => c && Number.isInteger(c.id) && Array.isArray(c.a) && Array.isArray(c.b) && Array.isArray(c.lines) && c.lines.every((l) => typeof l === 'string') && (c.next === 0 || c.next === 1) && Number.isInteger(c.lastTick) && Array.isArray(c.proposals))) {
    fail('"conversations" is malformed');
  }
  if (!Array.isArray(d.queue) || !d.queue.every(Number.isInteger)) fail('"queue" must be a list of agent ids');
  if (!d.budget || typeof d.budget.spentTokens !== 'number' || typeof d.budget.spentUsd !== 'number' || typeof d.budget.exhausted !== 'boolean') fail('"budget" is malformed');
  if (!d.usage || typeof d.usage !== 'object') fail('"usage" must be an object');
  return d;
}

/**
 * The `k` first of the items 0..n-1 in `order` (a total order), in no particular order: a heap of
 * the best so far with the worst of them on top, O(n log k).
 */
export function bestOf(n: number, k: number, order: (x: number, y: number) => number): number[] {
  const heap: number[] = [];
  if (k <= 0) return heap;
  // Heap property: no item comes after its parent in `order` (the root is the last of the kept).
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (order(heap[i], heap[p]) <= 0) return;
      [heap[i], heap[p]] = [heap[p], heap[i]];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && order(heap[l], heap[m]) > 0) m = l;
      if (r < heap.length && order(heap[r], heap[m]) > 0) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  for (let x = 0; x < n; x++) {
    if (heap.length < k) {
      heap.push(x);
      up(heap.length - 1);
    } else if (order(x, heap[0]) < 0) {
      heap[0] = x;
      down(0);
    }
  }
  return heap;
}

/** Profession and the most pressing need: agents with the same archetype share a batched request. */
function archetypeOf(world: World, eid: number): number {
  const v = world.store(Vitals);
  const need = v.hunger[eid] > 0.5 ? 1 : v.energy[eid] < 0.3 ? 2 : 0;
  return world.store(Identity).profession[eid] * 3 + need;
}

/** Build the cognition system and its plugin (install with createSociety's `plugins` option). */
export function createCognition(scenario: Scenario, options: CognitionOptions): Cognition {
  return new Cognition(scenario, options);
}
