// The simulation side of the app: one world, a RealtimeLoop pacing it, and the message handling.
// It runs inside a Web Worker (sim-worker.ts is the thin entry) and, for tests, directly in Node.

import { RealtimeLoop, type LoopHost } from '../../engine/loop';
import type { SimEvent } from '../../engine/events';
import type { World } from '../../engine/world';
import { Actions } from '../../society/actions';
import { ScenarioConfig } from '../../society/core/config';
import { createSociety } from '../../society/create';
import { Metrics } from '../../society/metrics/metrics';
import { PROFESSIONS } from '../../society/names';
import { parseScenario, type Scenario } from '../../society/scenario';
import type { FromWorker, InjectedEvent, NewWorldConfig, OverlayMode, ToWorker, UiEvent, WorldInfo } from '../protocol';
import { frameTransferables, OVERLAY_MODES } from '../protocol';
import { applyInjected, injectable } from './commands';
import { describeEvent, QUIET_EVENTS } from './describe-events';
import { buildFrame, cultureField, metricsSince } from './frame';
import { inspectAgent, searchAgents } from './inspect';
import { featuresOf, terrainOf } from './map-data';
import { createBrains, stopBrains } from './brains';
import { parseToWorker } from './validate';

const INSPECT_INTERVAL_MS = 250;
const MAX_FRAMES_IN_FLIGHT = 2;

export type Post = (message: FromWorker, transfer?: ArrayBuffer[]) => void;

/** Turning a world into bytes and back: the persistence layer's world file, injected by the host. */
export interface WorldFiles {
  save(world: World): Uint8Array;
  load(bytes: Uint8Array): World;
}

export interface SessionOptions {
  /** Scenario JSON by name (the worker gets them from assets/scenarios through Vite). */
  scenarios: Record<string, unknown>;
  post: Post;
  host: LoopHost;
  files?: WorldFiles;
  /** How many events one frame may carry; older ones are dropped (the log shows the latest). */
  maxEventsPerFrame?: number;
}

export const DEFAULT_WORLD: NewWorldConfig = {
  scenario: 'village',
  agents: 200,
  seed: 42,
  llm: { agents: 0, provider: 'openai', model: 'gpt-4o-mini', baseUrl: '', apiKey: '', thinksPerTick: 4, budgetDollars: 1 },
};

export class SimSession {
  world!: World;
  private loop!: RealtimeLoop;
  private scenarioName = '';
  private overlayMode: OverlayMode = 'profession';
  private inspected: number | null = null;
  private pendingEvents: UiEvent[] = [];
  private spawned: number[] = [];
  private despawned: number[] = [];
  private sentRows = 0;
  private sentColumns = 0;
  private queue: InjectedEvent[] = [];
  private tickTimes: number[] = [];
  private speed = 1;
  private lastInspect = -Infinity;
  private framesInFlight = 0;
  private frameWaiting = false;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: SessionOptions) {}

  scenarioNames(): string[] {
    return Object.keys(this.options.scenarios).sort();
  }

  scenario(name: string): Scenario {
    const data = this.options.scenarios[name];
    if (data === undefined) throw new Error(`unknown scenario "${name}" (known: ${this.scenarioNames().join(', ')})`);
    return parseScenario(data, `scenario ${name}`);
  }

  /** Build a new world and announce it; the previous world (if any) stops. */
  start(config: NewWorldConfig): void {
    const scenario = { ...this.scenario(config.scenario), seed: config.seed, agents: config.agents };
    // A bad LLM setting (no key, no model) throws here, before the running world is replaced.
    const brains = config.llm.agents > 0 ? createBrains(scenario, config.llm) : null;
    const world = createSociety(scenario, { seed: config.seed, agents: config.agents, plugins: brains ? [brains.plugin()] : [] });
    this.scenarioName = config.scenario;
    this.adopt(world, brains ? [`${Math.min(config.llm.agents, config.agents)} agents think with ${config.llm.provider} ${config.llm.model}; the rest use the heuristic brain.`] : []);
  }

  /** Make `world` the running world (new or loaded), keeping speed, stopped. */
  private adopt(world: World, notes: string[] = []): void {
    this.loop?.pause();
    this.unsubscribe?.();
    if (this.world !== world) stopBrains(this.world);
    this.world = world;
    this.queue = [];
    this.pendingEvents = [];
    this.spawned = [];
    this.despawned = [];
    this.sentRows = 0;
    this.sentColumns = 0;
    this.inspected = null;
    this.framesInFlight = 0;
    this.frameWaiting = false;
    world.onSpawn((_w, eid) => this.spawned.push(eid));
    world.onDespawn((_w, eid) => this.despawned.push(eid));
    this.unsubscribe = world.events.subscribe((e) => this.onEvent(e));
    const steppable = { step: () => this.stepWorld() };
    // At most 16 ticks per timer callback (about 1,000 ticks/s at 60 callbacks/s, above 64x): a slow
    // tick then lowers the speed reached instead of blocking pause and inspect messages for seconds.
    this.loop = new RealtimeLoop(steppable, this.options.host, 8, 16);
    this.loop.setSpeed(this.speed);
    this.loop.onTicks = () => this.offerFrame();
    this.options.post({ type: 'ready', info: this.info(notes) });
    this.sendFrame();
  }

  info(notes: string[] = []): WorldInfo {
    const scenario = this.world.resource(ScenarioConfig);
    return {
      scenario: this.scenarioName || scenario.name,
      seed: this.world.seed,
      width: scenario.world.width,
      height: scenario.world.height,
      minutesPerTick: scenario.minutesPerTick,
      professions: [...PROFESSIONS],
      actions: ['idle', ...this.world.resource(Actions).names()],
      injectable: injectable(this.world),
      features: featuresOf(this.world),
      terrain: terrainOf(this.world),
      canSave: this.options.files !== undefined,
      overlays: OVERLAY_MODES.filter((m) => m !== 'culture' || cultureField(this.world) !== null),
      cultureGroups: cultureField(this.world)?.groups ?? [],
      notes,
    };
  }

  /** One tick, with queued commands applied first: the tick boundary. */
  private stepWorld(): void {
    this.applyQueue();
    this.world.step();
    this.tickTimes.push(this.options.host.now());
  }

  private applyQueue(): void {
    const queue = this.queue;
    this.queue = [];
    for (const event of queue) {
      try {
        this.notice(applyInjected(this.world, event));
      } catch (err) {
        this.options.post({ type: 'error', title: 'Could not apply the event', message: (err as Error).message });
      }
    }
  }

  private notice(text: string): void {
    this.options.post({ type: 'notice', text });
  }

  private onEvent(e: SimEvent): void {
    // Shocks end inside the world (they are saved state); the user hears of it here.
    if (e.type === 'shock' && e.phase === 'end') this.notice(e.text);
    if (QUIET_EVENTS.has(e.type)) return;
    this.pendingEvents.push(describeEvent(this.world, e));
    const max = this.options.maxEventsPerFrame ?? 200;
    if (this.pendingEvents.length > max) this.pendingEvents.splice(0, this.pendingEvents.length - max);
  }

  private ticksPerSecond(): number {
    const now = this.options.host.now();
    while (this.tickTimes.length && this.tickTimes[0] < now - 1000) this.tickTimes.shift();
    return this.tickTimes.length;
  }

  /**
   * After ticks: send a frame unless the UI has not taken the previous ones yet. A display that
   * draws slowly (software WebGL, a busy machine) would otherwise queue frames without bound and
   * stop answering. Events and metric rows wait for the next frame; nothing is lost.
   */
  private offerFrame(): void {
    if (this.framesInFlight >= MAX_FRAMES_IN_FLIGHT) {
      this.frameWaiting = true;
      return;
    }
    this.sendFrame();
  }

  sendFrame(): void {
    this.framesInFlight++;
    this.frameWaiting = false;
    const metrics = this.world.resource(Metrics);
    const update = metricsSince(metrics.columns, metrics.rows, this.sentRows, this.sentColumns);
    this.sentRows = metrics.rows.length;
    this.sentColumns = metrics.columns.length;
    const frame = buildFrame(this.world, {
      running: this.loop.isRunning,
      speed: this.loop.speed,
      ticksPerSecond: this.ticksPerSecond(),
      overlayMode: this.overlayMode,
      spawned: this.spawned,
      despawned: this.despawned,
      events: this.pendingEvents,
      metrics: update,
    });
    this.spawned = [];
    this.despawned = [];
    this.pendingEvents = [];
    this.options.post({ type: 'frame', frame }, frameTransferables(frame));
    // The inspector refreshes a few times a second, not with every frame: at high speed frames
    // come at 60 Hz and rebuilding the panels each time would swamp both threads.
    if (this.inspected !== null && this.options.host.now() - this.lastInspect >= INSPECT_INTERVAL_MS) this.sendInspect();
  }

  private sendInspect(): void {
    this.lastInspect = this.options.host.now();
    const details = this.inspected === null ? null : inspectAgent(this.world, this.inspected);
    if (!details) this.inspected = null;
    this.options.post({ type: 'inspect', details });
  }

  /** Handle one message from the UI; bad messages are reported, never thrown. */
  handle(raw: unknown): void {
    let msg: ToWorker;
    try {
      msg = parseToWorker(raw);
    } catch (err) {
      this.options.post({ type: 'error', title: 'Bad message to the simulation', message: (err as Error).message });
      return;
    }
    try {
      this.dispatch(msg);
    } catch (err) {
      this.options.post({ type: 'error', title: 'The simulation could not do that', message: (err as Error).message });
    }
  }

  private dispatch(msg: ToWorker): void {
    switch (msg.type) {
      case 'new':
        this.start(msg.config);
        return;
      case 'ack':
        this.framesInFlight = Math.max(0, this.framesInFlight - 1);
        if (this.frameWaiting) this.sendFrame();
        return;
      case 'play':
        this.loop.play();
        this.sendFrame();
        return;
      case 'pause':
        this.loop.pause();
        this.sendFrame();
        return;
      case 'step':
        if (this.loop.isRunning) this.loop.pause();
        this.loop.stepOnce();
        return;
      case 'speed':
        this.loop.setSpeed(msg.speed);
        this.speed = msg.speed;
        this.sendFrame();
        return;
      case 'inspect':
        this.inspected = msg.eid;
        this.sendInspect();
        return;
      case 'overlay':
        this.overlayMode = msg.mode;
        this.sendFrame();
        return;
      case 'inject': {
        const why = injectable(this.world)[msg.event.kind];
        if (why) throw new Error(`${msg.event.kind}: ${why}`);
        this.queue.push(msg.event);
        // While paused the world already sits at a tick boundary: apply now so the user sees it.
        if (!this.loop.isRunning) {
          this.applyQueue();
          this.sendFrame();
        }
        return;
      }
      case 'search':
        this.options.post({ type: 'search', text: msg.text, results: searchAgents(this.world, msg.text) });
        return;
      case 'save':
        this.save();
        return;
      case 'load':
        this.load(msg.name, new Uint8Array(msg.bytes));
        return;
    }
  }

  private save(): void {
    const files = this.requireFiles();
    this.applyQueue();
    const bytes = files.save(this.world);
    const copy = bytes.slice().buffer as ArrayBuffer;
    this.options.post({ type: 'saved', name: `${this.scenarioName || 'world'}-tick${this.world.tick}.society`, bytes: copy }, [copy]);
  }

  /** A bad file leaves the running world untouched (and running if it was). */
  private load(name: string, bytes: Uint8Array): void {
    const files = this.requireFiles();
    let world: World;
    try {
      world = files.load(bytes);
    } catch (err) {
      this.options.post({ type: 'error', title: `Could not open ${name}`, message: (err as Error).message });
      return;
    }
    this.scenarioName = world.resource(ScenarioConfig).name;
    this.adopt(world, [`Loaded ${name}`]);
  }

  private requireFiles(): WorldFiles {
    if (!this.options.files) throw new Error('saving and loading worlds needs the world-file format, which is not in this build yet');
    return this.options.files;
  }

  get running(): boolean {
    return this.loop.isRunning;
  }
}
