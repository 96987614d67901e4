// GPU social field (shaders/social-field.wgsl): social and cultural influence within radii, and
// proximity signals. The component fields it works on are named by the caller, so it binds to
// whichever components the society's culture rules register.

import { resourceKey, type World } from '../../engine/world';
import { GROUPS, type SocialFieldParams } from '../cpu/social-field';
import type { GridShape } from '../cpu/grid';
import { Program, ensureStorage, uniform } from '../kernel';
import type { FieldRef } from '../mirror';
import type { GpuRuntime, GpuSystem } from '../runtime';
import { binningBytes, GpuBinning } from './binning';
import { POSITION } from './perception';

export interface SocialFieldBinding {
  energy: FieldRef;
  happiness: FieldRef;
  reputation: FieldRef;
  /** i32 field: cultural group 0..4 (anything else: none). */
  group: FieldRef;
  /** Five f32 fields, one per group. */
  affinity: readonly FieldRef[];
}

/** Proximity signals per entity id: messages read from others this tick, and the strongest sender (-1: none). */
export interface SocialSignals {
  contacts: Uint32Array;
  strongest: Int32Array;
}

export const SocialSignalsKey = resourceKey<SocialSignals>('socialSignals');

export function socialSignals(world: World): SocialSignals {
  const cap = world.components.capacity;
  const cur = world.hasResource(SocialSignalsKey) ? world.resource(SocialSignalsKey) : null;
  if (cur && cur.contacts.length === cap) return cur;
  const fresh = { contacts: new Uint32Array(cap), strongest: new Int32Array(cap).fill(-1) };
  world.setResource(SocialSignalsKey, fresh);
  return fresh;
}

const ENTRIES = ['socialOut', 'socialIn', 'socialApply', 'affinityApply', 'cultureOut', 'cultureIn', 'cultureApply'];

export class GpuSocialField implements GpuSystem {
  readonly name = 'social-field';
  private program!: Program;
  private binning!: GpuBinning;
  private params!: ReturnType<typeof uniform>;
  private bufs: { msg: GPUBuffer | null; scratch: GPUBuffer | null; contacts: GPUBuffer | null; strongest: GPUBuffer | null } = { msg: null, scratch: null, contacts: null, strongest: null };

  constructor(
    private readonly binding: SocialFieldBinding,
    private readonly settings: SocialFieldParams,
    private readonly shape: GridShape,
  ) {
    if (binding.affinity.length !== GROUPS) throw new Error(`social field: ${GROUPS} affinity fields needed`);
  }

  reads() {
    return [...POSITION, this.binding.energy];
  }

  writes() {
    const b = this.binding;
    return [b.happiness, b.reputation, b.group, ...b.affinity];
  }

  bytes(capacity: number): number {
    return binningBytes(capacity, this.shape.cols * this.shape.rows) + capacity * (8 + 32 + 8);
  }

  async init(rt: GpuRuntime): Promise<void> {
    this.program = await Program.load(rt.device, 'social-field', ENTRIES);
    this.binning = await GpuBinning.create(rt.device);
    this.params = uniform(rt.device, 'social-field.params', 24);
  }

  encode(rt: GpuRuntime, world: World, encoder: GPUCommandEncoder): void {
    const p = this.settings;
    const s = this.shape;
    const cap = world.components.capacity;
    const d = rt.device;
    this.bufs.msg = ensureStorage(d, this.bufs.msg, 'social.msg', cap * 8);
    this.bufs.scratch = ensureStorage(d, this.bufs.scratch, 'social.scratch', cap * 32);
    this.bufs.contacts = ensureStorage(d, this.bufs.contacts, 'social.contacts', cap * 4);
    this.bufs.strongest = ensureStorage(d, this.bufs.strongest, 'social.strongest', cap * 4);
    const floats = [p.socialRadius, p.cultureRadius, p.socialMinEnergy, p.sameGroupFactor, p.otherGroupFactor, p.happinessGain, p.reputationGain, p.affinityGain, p.influenceFactor, p.cultureMinStrength, p.cultureMinTotal, p.culturalShift, p.switchThreshold];
    this.params.write([rt.n, p.maxMessages, 0, 0, ...floats, 0, 0, 0, s.cols, s.rows, s.cellSize, s.inv], [...floats.map((_, i) => 4 + i), 22, 23]);
    const m = (f: FieldRef) => rt.mirror.buffer(f);
    const bins = this.binning.encode(encoder, s, rt.n, cap, rt.alive, m(POSITION[0]), m(POSITION[1]));
    const { msg, scratch, contacts, strongest } = this.bufs as Record<string, GPUBuffer>;
    const b = this.binding;
    const [a0, a1, a2, a3, a4] = b.affinity.map(m);
    const P = this.params.buffer;
    const pass = encoder.beginComputePass({ label: 'social-field' });
    const run = (entry: string, bindings: Record<number, GPUBuffer>) => this.program.dispatch(pass, entry, rt.n, { 0: P, ...bindings });
    run('socialOut', { 2: bins.id, 4: msg, 6: m(b.energy), 8: m(b.reputation), 9: m(b.group) });
    run('socialIn', { 1: bins.cellStart, 2: bins.id, 3: bins.pos, 4: msg, 5: scratch });
    run('socialApply', { 2: bins.id, 5: scratch, 7: m(b.happiness), 8: m(b.reputation), 15: contacts, 16: strongest });
    run('affinityApply', { 2: bins.id, 5: scratch, 10: a0, 11: a1, 12: a2, 13: a3, 14: a4 });
    run('cultureOut', { 2: bins.id, 4: msg, 7: m(b.happiness), 8: m(b.reputation) });
    run('cultureIn', { 1: bins.cellStart, 3: bins.pos, 4: msg, 5: scratch });
    run('cultureApply', { 2: bins.id, 5: scratch, 9: m(b.group), 10: a0, 11: a1, 12: a2, 13: a3, 14: a4 });
    pass.end();
  }

  outputs(world: World) {
    const bytes = world.entities.highWater * 4;
    return [
      { buffer: this.bufs.contacts!, bytes },
      { buffer: this.bufs.strongest!, bytes },
    ];
  }

  apply(world: World, [contacts, strongest]: ArrayBuffer[]): void {
    const sig = socialSignals(world);
    sig.contacts.set(new Uint32Array(contacts));
    sig.strongest.set(new Int32Array(strongest));
  }

  destroy(): void {
    this.binning?.destroy();
    for (const buf of Object.values(this.bufs)) buf?.destroy();
  }
}
