// The GPU side of one world: the device, the component mirror, the alive list on the GPU, and
// the run of one GPU system (upload what changed, dispatch, read back what changed).

import type { World } from '../engine/world';
import type { GpuContext } from './device';
import { readBuffer, storage } from './kernel';
import { ComponentMirror, type FieldRef } from './mirror';

/**
 * A system whose work runs on the GPU. It stands in for the CPU system of the same name (or is
 * new), declares the component fields it reads and writes (written fields are read back), and
 * records its dispatches. `outputs` names extra GPU results to read back (not component fields),
 * and `apply` uses them on the CPU. Nothing on the CPU changes until every read-back has arrived,
 * so a device lost mid-run leaves the world as it was and the CPU system can run instead.
 */
export interface GpuSystem {
  readonly name: string;
  reads(world: World): readonly FieldRef[];
  writes(world: World): readonly FieldRef[];
  init(rt: GpuRuntime): Promise<void>;
  /** Called before each run, for setup that depends on the world's settings. */
  prepare?(rt: GpuRuntime, world: World): Promise<void>;
  /** True on ticks where the CPU system would do nothing (e.g. a pass that runs once a day). */
  skip?(world: World): boolean;
  encode(rt: GpuRuntime, world: World, encoder: GPUCommandEncoder): void;
  outputs?(world: World): readonly { buffer: GPUBuffer; bytes: number }[];
  apply?(world: World, outputs: ArrayBuffer[]): void;
  /** Extra bytes on the GPU at this capacity (beyond mirrored fields), for the memory plan. */
  bytes(capacity: number, world: World): number;
  destroy?(): void;
}

export class GpuRuntime {
  readonly mirror: ComponentMirror;
  private aliveBuf: GPUBuffer | null = null;
  private aliveCount = 0;

  constructor(readonly gpu: GpuContext) {
    this.mirror = new ComponentMirror(gpu.device);
  }

  get device(): GPUDevice {
    return this.gpu.device;
  }

  async init(): Promise<void> {
    await this.mirror.init();
  }

  /** The alive list as an Int32 storage buffer (uploaded from the entity index's own array). */
  get alive(): GPUBuffer {
    if (!this.aliveBuf) throw new Error('alive list not uploaded');
    return this.aliveBuf;
  }

  get n(): number {
    return this.aliveCount;
  }

  uploadAlive(world: World): void {
    const alive = world.entities.alive();
    const capBytes = world.components.capacity * 4;
    if (!this.aliveBuf || this.aliveBuf.size < capBytes) {
      this.aliveBuf?.destroy();
      this.aliveBuf = storage(this.device, 'alive', capBytes);
    }
    if (alive.byteLength > 0) this.device.queue.writeBuffer(this.aliveBuf, 0, alive.buffer, alive.byteOffset, alive.byteLength);
    this.aliveCount = alive.length;
  }

  /** One GPU system for one tick. */
  async run(system: GpuSystem, world: World): Promise<void> {
    await system.prepare?.(this, world);
    const writes = system.writes(world);
    const reads = [...system.reads(world), ...writes.filter((w) => !system.reads(world).some((r) => r.def === w.def && r.field === w.field))];
    this.mirror.upload(world, reads, writes);
    this.uploadAlive(world);
    const encoder = this.device.createCommandEncoder({ label: system.name });
    this.mirror.snapshot(encoder, writes);
    system.encode(this, world, encoder);
    this.mirror.stage(encoder, writes);
    this.device.queue.submit([encoder.finish()]);
    const outputs = system.outputs?.(world) ?? [];
    const [, data] = await Promise.all([this.mirror.map(writes), Promise.all(outputs.map((o) => readBuffer(this.device, o.buffer, o.bytes)))]);
    this.mirror.apply(world, writes);
    system.apply?.(world, data);
  }

  destroy(): void {
    this.mirror.destroy();
    this.aliveBuf?.destroy();
    this.aliveBuf = null;
  }
}
