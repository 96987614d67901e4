// The messages between the UI thread and the simulation worker. Frames carry typed arrays that are
// transferred (not copied); everything else is small plain data.

export const OVERLAY_MODES = ['profession', 'state', 'wealth', 'happiness', 'health', 'culture'] as const;
export type OverlayMode = (typeof OVERLAY_MODES)[number];

export const SPEEDS = [0.5, 1, 2, 4, 8, 16, 32, 64] as const;

/** What the New World dialog asks for. Keys travel only to the worker, which hands them to cognition. */
export interface NewWorldConfig {
  scenario: string;
  agents: number;
  seed: number;
  llm: {
    agents: number;
    provider: 'openai' | 'anthropic' | 'gemini' | 'openai-compatible';
    model: string;
    baseUrl: string;
    apiKey: string;
    thinksPerTick: number;
    budgetDollars: number;
  };
}

export type InjectedEvent =
  | { kind: 'drought'; days: number }
  | { kind: 'harvest'; days: number }
  | { kind: 'priceShock'; good: string; factor: number; days: number }
  | { kind: 'interestRate'; percent: number }
  | { kind: 'tax'; percent: number }
  | { kind: 'newcomer'; name?: string }
  | { kind: 'announcement'; text: string };

export type ToWorker =
  | { type: 'new'; config: NewWorldConfig }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'speed'; speed: number }
  | { type: 'inspect'; eid: number | null }
  | { type: 'overlay'; mode: OverlayMode }
  | { type: 'inject'; event: InjectedEvent }
  | { type: 'search'; text: string }
  | { type: 'save' }
  | { type: 'load'; name: string; bytes: ArrayBuffer }
  /** The UI has drawn a frame: the worker sends the next (backpressure for slow displays). */
  | { type: 'ack' };

/** Facts about the current world that do not change while it runs. */
export interface WorldInfo {
  scenario: string;
  seed: number;
  width: number;
  height: number;
  minutesPerTick: number;
  professions: string[];
  /** Action names by kind (index 0 is idle). */
  actions: string[];
  /** Which injected events this world supports, and why not where it does not. */
  injectable: Record<InjectedEvent['kind'], string | null>;
  /** Static map features (homes, market, bank...) if the world has any. */
  features: MapFeature[];
  terrain: TerrainTiles | null;
  canSave: boolean;
  /** Overlay modes this world has data for (culture needs the social plugin). */
  overlays: OverlayMode[];
  /** Culture group names in group order (empty without the social plugin). */
  cultureGroups: string[];
  /** A human-readable note for the New World dialog (e.g. LLM brains not available yet). */
  notes: string[];
}

/** The terrain grid: tile (c, r) covers world [c·size, (c+1)·size) × [r·size, (r+1)·size). */
export interface TerrainTiles {
  cols: number;
  rows: number;
  tileSize: number;
  tiles: Uint8Array;
  /** Terrain kind names by code. */
  names: string[];
}

export interface MapFeature {
  kind: string;
  x: number;
  y: number;
  label: string;
}

export interface UiEvent {
  type: string;
  tick: number;
  text: string;
  /** Entities the event involves (for bubbles, filters and links). */
  agents: number[];
  lines?: string[];
}

export interface MetricsUpdate {
  columns: string[];
  /** Row index of rows[0] in the full history. */
  from: number;
  rows: number[][];
}

export interface Frame {
  tick: number;
  running: boolean;
  speed: number;
  /** Measured ticks per wall-clock second over the last second. */
  ticksPerSecond: number;
  count: number;
  ids: Uint32Array;
  /** x0, y0, x1, y1... */
  pos: Float32Array;
  /** Action kind per agent (0 idle). */
  state: Uint8Array;
  profession: Uint8Array;
  brain: Uint8Array;
  /** Per-agent value in [0, 1] for the active overlay (null for categorical modes). */
  overlay: Float32Array | null;
  overlayMode: OverlayMode;
  /** Entities that appeared or disappeared since the previous frame. */
  spawned: Uint32Array;
  despawned: Uint32Array;
  events: UiEvent[];
  metrics: MetricsUpdate | null;
}

export interface InspectorPanel {
  title: string;
  kind: 'kv' | 'list' | 'people' | 'family' | 'text' | 'llm';
  rows?: [string, string][];
  /** Long texts shown collapsed (an LLM agent's prompt and answer), after the rows. */
  texts?: { label: string; text: string }[];
  items?: string[];
  people?: { eid: number; name: string; label: string; value?: number }[];
  family?: { parents: FamilyMember[]; partner: FamilyMember | null; siblings: FamilyMember[]; children: FamilyMember[] };
  text?: string;
}

export interface FamilyMember {
  eid: number;
  name: string;
  alive: boolean;
}

export interface AgentDetails {
  eid: number;
  tick: number;
  name: string;
  persona: string;
  profession: string;
  brain: string;
  action: string;
  x: number;
  y: number;
  /** Every registered component with this entity's values, in registration order. */
  components: { name: string; fields: [string, number][] }[];
  panels: InspectorPanel[];
}

export type FromWorker =
  | { type: 'ready'; info: WorldInfo }
  | { type: 'frame'; frame: Frame }
  | { type: 'inspect'; details: AgentDetails | null }
  | { type: 'search'; text: string; results: { eid: number; name: string }[] }
  | { type: 'saved'; name: string; bytes: ArrayBuffer }
  | { type: 'notice'; text: string }
  | { type: 'error'; title: string; message: string };

export function frameTransferables(frame: Frame): ArrayBuffer[] {
  const list = [frame.ids, frame.pos, frame.state, frame.profession, frame.brain, frame.spawned, frame.despawned];
  if (frame.overlay) list.push(frame.overlay as never);
  return list.map((a) => a.buffer as ArrayBuffer);
}
