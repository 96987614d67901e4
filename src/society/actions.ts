// Actions are data: a name plus arguments. Any brain (heuristic, LLM, replay) produces an
// ActionRequest, and the same registry validates it against the game rules and carries it out.

import { z } from 'zod';
import { resourceKey, type World } from '../engine/world';
import { Action } from './components';

export interface ActionRequest {
  type: string;
  [arg: string]: unknown;
}

export type ActionResult = { ok: true } | { ok: false; reason: string };

export interface ActionDef<A extends z.ZodType = z.ZodType> {
  /** The verb brains use, e.g. "move_to". */
  readonly name: string;
  /** One line for prompts and docs. */
  readonly description: string;
  /** Arguments (without `type`). Unknown arguments are rejected. */
  readonly args: A;
  /**
   * Optional fast path for the common well-formed request: its parsed arguments, exactly what `args`
   * would return, or undefined to let `args` decide. It must never accept what `args` rejects
   * (tests/society/quick-args.test.ts holds every one to its schema). Heuristic requests are most of
   * a town's hundreds a tick, and a zod parse costs about a microsecond.
   */
  readonly quickArgs?: (request: Readonly<Record<string, unknown>>) => z.output<A> | undefined;
  /**
   * Game-rule check for this agent now; returns the reason it is illegal, or null. `brief`: the
   * caller only needs to know whether (the heuristic trying its candidates), so skip costly hints.
   */
  validate(world: World, eid: number, args: z.output<A>, brief: boolean): string | null;
  /** Begin the action: set Action.remaining and apply immediate effects. */
  start(world: World, eid: number, args: z.output<A>): void;
  /** Each tick while in progress (optional). */
  tick?(world: World, eid: number): void;
  /**
   * Energy regained each tick while in progress (optional; rest, sleep): the act phase asks once a
   * tick and adds it (capped at 1) to every agent so engaged, where a tick hook per agent looked up
   * the store and the config each time (a town's night is hundreds of sleepers).
   */
  energyPerTick?(world: World): number;
  /** When remaining reaches 0 (optional). */
  complete?(world: World, eid: number): void;
}

export function defineAction<A extends z.ZodType>(def: ActionDef<A>): ActionDef<A> {
  return def;
}

/** Action kind 0 means idle: the agent needs a decision. */
export const IDLE = 0;

export class ActionRegistry {
  private readonly defs: ActionDef[] = [];
  private readonly byName = new Map<string, number>();
  /**
   * Per kind, 1 when its definition has a tick hook. The act phase asks for every busy agent every
   * tick, and loading `tick` from definitions of dozens of shapes (nearly all without one) cost more
   * than the rest of its loop.
   */
  private readonly ticking = new Uint8Array(256);
  /** gains(): by kind, what an agent engaged in it regains this tick. */
  private readonly gain = new Float64Array(256);
  /**
   * Per kind, the hooks judge() and perform() call, taken from the definition when it is added or
   * replaced (called without it as `this`): a town judges and starts hundreds of requests a tick,
   * and each hook loaded from definitions of dozens of shapes was a megamorphic lookup.
   */
  private readonly bare = new Uint8Array(256);
  private readonly quick: (ActionDef['quickArgs'] | undefined)[] = [undefined];
  private readonly validators: ActionDef['validate'][] = [() => null];
  private readonly starters: ActionDef['start'][] = [() => {}];

  add(def: ActionDef): number {
    if (this.byName.has(def.name)) throw new Error(`action "${def.name}" is already registered`);
    this.defs.push(def);
    const kind = this.defs.length; // 1-based; 0 is idle
    if (kind > 255) throw new Error('too many actions for the u8 Action.kind field');
    this.byName.set(def.name, kind);
    this.hooks(kind, def);
    return kind;
  }

  /** Swap in a refined definition under an existing name, keeping its kind number (e.g. the map's path-aware move_to). */
  replace(def: ActionDef): number {
    const kind = this.byName.get(def.name);
    if (kind === undefined) throw new Error(`action "${def.name}" is not registered, so it cannot be replaced`);
    this.defs[kind - 1] = def;
    this.hooks(kind, def);
    return kind;
  }

  private hooks(kind: number, def: ActionDef): void {
    this.ticking[kind] = def.tick ? 1 : 0;
    this.bare[kind] = def.args === noArgs ? 1 : 0;
    this.quick[kind] = def.quickArgs;
    this.validators[kind] = def.validate;
    this.starters[kind] = def.start;
  }

  /** Per kind, the energy an agent engaged in it regains this tick (0 for most). */
  gains(world: World): Float64Array {
    for (let kind = 1; kind <= this.defs.length; kind++) this.gain[kind] = this.defs[kind - 1].energyPerTick?.(world) ?? 0;
    return this.gain;
  }

  /** How many kinds are registered (kinds 1..size). */
  get size(): number {
    return this.defs.length;
  }

  /** Whether the action of this kind has a tick hook. */
  ticks(kind: number): boolean {
    return this.ticking[kind] === 1;
  }

  kindOf(name: string): number | undefined {
    return this.byName.get(name);
  }

  byKind(kind: number): ActionDef | undefined {
    return this.defs[kind - 1];
  }

  get(name: string): ActionDef | undefined {
    const kind = this.byName.get(name);
    return kind === undefined ? undefined : this.defs[kind - 1];
  }

  all(): readonly ActionDef[] {
    return this.defs;
  }

  names(): string[] {
    return this.defs.map((d) => d.name);
  }

  /** Parse and judge a request; never throws for bad input. `brief`: see ActionDef.validate. */
  check(world: World, eid: number, request: unknown, brief = false): { ok: true; def: ActionDef; args: unknown } | { ok: false; reason: string } {
    const reason = this.judge(world, eid, request, brief);
    return reason === null ? { ok: true, def: this.defs[this.judgedKind - 1], args: this.judgedArgs } : { ok: false, reason };
  }

  /** Check then start. */
  perform(world: World, eid: number, request: unknown, brief = false): ActionResult {
    const reason = this.judge(world, eid, request, brief);
    if (reason !== null) return { ok: false, reason };
    const kind = this.judgedKind;
    const action = world.store(Action);
    action.kind[eid] = kind;
    action.remaining[eid] = 0;
    this.starters[kind](world, eid, this.judgedArgs);
    return OK;
  }

  // What the last judge() accepted: read at once by check() and perform(), so that a town's hundreds
  // of requests a tick allocate no result objects.
  private judgedKind = 0;
  private judgedArgs: unknown = null;

  /** Null when the request is legal (its kind and arguments left in judgedKind / judgedArgs), else why not. */
  private judge(world: World, eid: number, request: unknown, brief: boolean): string | null {
    if (typeof request !== 'object' || request === null || Array.isArray(request)) return 'action must be an object with a "type"';
    const type = (request as Record<string, unknown>).type;
    if (typeof type !== 'string') return 'action "type" must be a string';
    const kind = this.byName.get(type);
    if (kind === undefined) return `unknown action "${type.slice(0, 40)}"`;
    // Most heuristic requests ({ type: 'rest' }, 'eat', 'work'..., or plainly well-formed arguments):
    // what parsing would return, without zod.
    let args: unknown = this.bare[kind] === 1 && isBare(request) ? NO_ARGS : this.quick[kind]?.(request as Record<string, unknown>);
    if (args === undefined) {
      const { type: _type, ...rest } = request as Record<string, unknown>;
      const parsed = this.defs[kind - 1].args.safeParse(rest);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const at = issue.path.length ? `argument "${issue.path.join('.')}"` : 'arguments';
        return `${type}: ${at}: ${issue.message}`;
      }
      args = parsed.data;
    }
    const illegal = this.validators[kind](world, eid, args, brief);
    if (illegal) return `${type}: ${illegal}`;
    this.judgedKind = kind;
    this.judgedArgs = args;
    return null;
  }
}

const OK: ActionResult = Object.freeze({ ok: true });
/** The parsed arguments of every argument-free action (never written). */
const NO_ARGS = Object.freeze({});

export const Actions = resourceKey<ActionRegistry>('actions');

/** Decides what an idle agent does next; returns null to pass to the next provider. */
export type DecisionProvider = (world: World, eid: number) => ActionRequest | null;

/** Ordered providers consulted for idle agents (cognition adds LLM/replay ones ahead of the heuristic). */
export const DecisionProviders = resourceKey<DecisionProvider[]>('decisionProviders');

export const noArgs = z.object({}).strict();

/** The number of own enumerable keys, `type` included (a strict schema rejects any it does not name). */
export function ownKeyCount(request: object): number {
  let n = 0;
  for (const key in request) if (Object.prototype.hasOwnProperty.call(request, key)) n++;
  return n;
}

/** An integer in [min, max] (zod's `.int().min(min).max(max)` with safe-integer bounds). */
export function isIntIn(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
}

/** True when the request's only own key is `type` (so a strict empty schema would accept it as {}). */
export function isBare(request: object): boolean {
  for (const key in request) if (key !== 'type' && Object.prototype.hasOwnProperty.call(request, key)) return false;
  return true;
}
