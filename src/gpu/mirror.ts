// Component fields mirrored in GPU storage buffers. A field's typed array goes to its buffer as it
// is (queue.writeBuffer from the same memory), and comes back the same way. Both directions move
// only blocks that changed: uploads compare the array with a shadow of what the GPU holds; read-backs
// let the GPU flag the blocks its kernels changed and copy only those into the array.
//
// The CPU arrays stay the source of truth: the GPU's copy is rebuilt from them whenever needed, so
// a lost device loses nothing.

import type { ComponentDef, TypedArray } from '../engine/component';
import type { World } from '../engine/world';
import { Program, storage, uniform } from './kernel';

/** One registered component field, named by its definition and field name. */
export interface FieldRef {
  readonly def: ComponentDef;
  readonly field: string;
}

export function fieldRef(def: ComponentDef, field: string): FieldRef {
  if (!(field in def.fields)) throw new Error(`component ${def.name} has no field "${field}"`);
  return { def, field };
}

const key = (ref: FieldRef) => `${ref.def.name}.${ref.field}`;

/** Words (4 bytes) per dirty-tracking block: 4 KiB. */
export const BLOCK_WORDS = 1024;

interface Mirrored {
  buffer: GPUBuffer;
  /** What the GPU buffer holds, as words, as far as the CPU knows. */
  shadow: Uint32Array;
  /** Read-back only: the field before the kernels ran, the changed-block flags, staging. */
  before?: GPUBuffer;
  changed?: GPUBuffer;
  staging?: GPUBuffer;
  diffParams?: ReturnType<typeof uniform>;
}

export interface TransferStats {
  uploadedBytes: number;
  readBackBytes: number;
}

function words(arr: TypedArray): Uint32Array {
  return new Uint32Array(arr.buffer, arr.byteOffset, arr.byteLength >>> 2);
}

export class ComponentMirror {
  private readonly fields = new Map<string, Mirrored>();
  private diff: Program | null = null;
  readonly stats: TransferStats = { uploadedBytes: 0, readBackBytes: 0 };

  constructor(private readonly device: GPUDevice) {}

  async init(): Promise<void> {
    this.diff = await Program.load(this.device, 'diff', ['diff']);
  }

  /** The GPU buffer of a field (call sync() first). */
  buffer(ref: FieldRef): GPUBuffer {
    const m = this.fields.get(key(ref));
    if (!m) throw new Error(`field ${key(ref)} is not mirrored yet`);
    return m.buffer;
  }

  /** Bytes the mirror of these fields takes at a capacity (for the memory plan). */
  static bytesFor(refs: readonly FieldRef[], readBack: readonly FieldRef[], capacity: number): number {
    let total = 0;
    for (const r of refs) total += capacity * 4; // u8/u16 arrays take fewer; count 4 to stay safe
    for (const _r of readBack) total += capacity * 4 * 2 + (capacity / BLOCK_WORDS) * 8;
    return total;
  }

  private entry(world: World, ref: FieldRef, readBack: boolean): { m: Mirrored; arr: TypedArray; fresh: boolean } {
    const arr = (world.components.get(ref.def) as Record<string, TypedArray>)[ref.field];
    if (arr.byteLength % 4 !== 0) throw new Error(`field ${key(ref)}: ${arr.byteLength} bytes is not a whole number of words`);
    let m = this.fields.get(key(ref));
    let fresh = false;
    if (!m || m.buffer.size < arr.byteLength) {
      // The world's capacity grew (or first use): a new buffer at the new size, filled in full.
      if (m) this.destroyEntry(m);
      m = { buffer: storage(this.device, key(ref), arr.byteLength), shadow: new Uint32Array(arr.byteLength >>> 2) };
      this.fields.set(key(ref), m);
      fresh = true;
    }
    if (readBack && !m.before) {
      const blocks = Math.ceil(m.shadow.length / BLOCK_WORDS);
      m.before = storage(this.device, `${key(ref)}.before`, m.buffer.size);
      m.changed = storage(this.device, `${key(ref)}.changed`, blocks * 4);
      m.staging = this.device.createBuffer({ label: `${key(ref)}.staging`, size: m.buffer.size + Math.ceil((blocks * 4) / 16) * 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      m.diffParams = uniform(this.device, `${key(ref)}.diff`, 4);
    }
    return { m, arr, fresh };
  }

  private destroyEntry(m: Mirrored): void {
    for (const b of [m.buffer, m.before, m.changed, m.staging]) b?.destroy();
  }

  /**
   * Upload the changed blocks of these fields (up to the highest entity id in use). Fields that
   * will be read back get their read-back buffers.
   */
  upload(world: World, refs: readonly FieldRef[], readBack: readonly FieldRef[] = []): void {
    const backKeys = new Set(readBack.map(key));
    const usedWords = (bytesPerEntity: number) => Math.ceil((world.entities.highWater * bytesPerEntity) / 4);
    for (const ref of refs) {
      const { m, arr, fresh } = this.entry(world, ref, backKeys.has(key(ref)));
      const src = words(arr);
      const end = fresh ? src.length : Math.min(src.length, usedWords(arr.BYTES_PER_ELEMENT));
      let runStart = -1;
      for (let b = 0; b < end; b += BLOCK_WORDS) {
        const stop = Math.min(end, b + BLOCK_WORDS);
        let dirty = fresh;
        if (!dirty) {
          for (let w = b; w < stop; w++) {
            if (src[w] !== m.shadow[w]) {
              dirty = true;
              break;
            }
          }
        }
        if (dirty && runStart < 0) runStart = b;
        if (!dirty && runStart >= 0) {
          this.write(m, src, runStart, b);
          runStart = -1;
        }
      }
      if (runStart >= 0) this.write(m, src, runStart, end);
    }
  }

  private write(m: Mirrored, src: Uint32Array, from: number, to: number): void {
    this.device.queue.writeBuffer(m.buffer, from * 4, src.buffer, src.byteOffset + from * 4, (to - from) * 4);
    m.shadow.set(src.subarray(from, to), from);
    this.stats.uploadedBytes += (to - from) * 4;
  }

  /** Before the kernels: remember the read-back fields as they are, to find what the kernels change. */
  snapshot(encoder: GPUCommandEncoder, readBack: readonly FieldRef[]): void {
    for (const ref of readBack) {
      const m = this.fields.get(key(ref))!;
      encoder.copyBufferToBuffer(m.buffer, 0, m.before!, 0, m.buffer.size);
      encoder.clearBuffer(m.changed!);
    }
  }

  /** After the kernels: flag changed blocks and stage the fields for mapping. */
  stage(encoder: GPUCommandEncoder, readBack: readonly FieldRef[]): void {
    if (readBack.length === 0) return;
    const pass = encoder.beginComputePass();
    for (const ref of readBack) {
      const m = this.fields.get(key(ref))!;
      const n = m.shadow.length;
      m.diffParams!.write([n, BLOCK_WORDS]);
      this.diff!.dispatch(pass, 'diff', n, { 0: m.diffParams!.buffer, 1: m.buffer, 2: m.before!, 3: m.changed! });
    }
    pass.end();
    for (const ref of readBack) {
      const m = this.fields.get(key(ref))!;
      encoder.copyBufferToBuffer(m.buffer, 0, m.staging!, 0, m.buffer.size);
      encoder.copyBufferToBuffer(m.changed!, 0, m.staging!, m.buffer.size, m.changed!.size);
    }
  }

  /** After submit: wait until the staged fields can be read. Changes nothing on the CPU. */
  async map(readBack: readonly FieldRef[]): Promise<void> {
    await Promise.all(readBack.map((ref) => this.fields.get(key(ref))!.staging!.mapAsync(GPUMapMode.READ)));
  }

  /** After map(): copy the changed blocks into the world's arrays. */
  apply(world: World, readBack: readonly FieldRef[]): void {
    for (const ref of readBack) {
      const m = this.fields.get(key(ref))!;
      const arr = (world.components.get(ref.def) as Record<string, TypedArray>)[ref.field];
      const dst = words(arr);
      const mapped = m.staging!.getMappedRange();
      const gpu = new Uint32Array(mapped, 0, m.buffer.size >>> 2);
      const blocks = new Uint32Array(mapped, m.buffer.size, Math.ceil(m.shadow.length / BLOCK_WORDS));
      for (let b = 0; b < blocks.length; b++) {
        if (!blocks[b]) continue;
        const from = b * BLOCK_WORDS;
        const to = Math.min(dst.length, from + BLOCK_WORDS);
        const part = gpu.subarray(from, to);
        dst.set(part, from);
        m.shadow.set(part, from);
        this.stats.readBackBytes += (to - from) * 4;
      }
      m.staging!.unmap();
    }
  }

  /** Forget the GPU copies (the next upload sends everything again). */
  destroy(): void {
    for (const m of this.fields.values()) this.destroyEntry(m);
    this.fields.clear();
  }
}
