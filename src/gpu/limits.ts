// Will this world fit on this device? Checked before anything is allocated: the largest single
// binding against maxStorageBufferBindingSize, the dispatch size against the workgroup limits
// (2-D), and everything together against a memory budget.

import type { World } from '../engine/world';
import { WORKGROUP } from './kernel';
import { ComponentMirror, type FieldRef } from './mirror';
import type { GpuSystem } from './runtime';

export class GpuCapacityError extends Error {
  override readonly name = 'GpuCapacityError';
}

export interface DeviceLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  maxComputeWorkgroupsPerDimension: number;
}

/** Default GPU memory budget: 2 GiB (the app may raise it; a software adapter uses system memory). */
export const DEFAULT_BUDGET_BYTES = 2 * 1024 ** 3;

/** The most bytes per agent that one binding holds (the social field's scratch: 32). */
const LARGEST_BINDING_PER_AGENT = 32;

export interface GpuPlan {
  capacity: number;
  bytes: number;
  budget: number;
  /** Agents this device and budget can hold with these systems. */
  maxAgents: number;
}

function uniqueFields(systems: readonly GpuSystem[], world: World, pick: 'reads' | 'writes'): FieldRef[] {
  const seen = new Map<string, FieldRef>();
  for (const s of systems) for (const f of s[pick](world)) seen.set(`${f.def.name}.${f.field}`, f);
  return [...seen.values()];
}

export function bytesAt(systems: readonly GpuSystem[], world: World, capacity: number): number {
  const reads = uniqueFields(systems, world, 'reads');
  const writes = uniqueFields(systems, world, 'writes');
  const all = [...new Map([...reads, ...writes].map((f) => [`${f.def.name}.${f.field}`, f])).values()];
  let total = ComponentMirror.bytesFor(all, writes, capacity) + capacity * 4; // + the alive list
  for (const s of systems) total += s.bytes(capacity, world);
  return total;
}

/** Throws GpuCapacityError naming the limit when the world's capacity does not fit. */
export function planGpu(systems: readonly GpuSystem[], world: World, limits: DeviceLimits, budget = DEFAULT_BUDGET_BYTES): GpuPlan {
  const capacity = world.components.capacity;
  const perAgent = bytesAt(systems, world, 1024) / 1024;
  const byBinding = Math.floor(Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize) / LARGEST_BINDING_PER_AGENT);
  const byDispatch = limits.maxComputeWorkgroupsPerDimension ** 2 * WORKGROUP;
  const byBudget = Math.floor(budget / perAgent);
  const maxAgents = Math.min(byBinding, byDispatch, byBudget);
  const bytes = bytesAt(systems, world, capacity);
  const mib = (b: number) => `${(b / 1024 ** 2).toFixed(0)} MiB`;
  if (capacity > byBinding)
    throw new GpuCapacityError(`GPU: ${capacity} agent slots need a ${mib(capacity * LARGEST_BINDING_PER_AGENT)} buffer; this device binds at most ${mib(limits.maxStorageBufferBindingSize)} (${byBinding} agents)`);
  if (capacity > byDispatch) throw new GpuCapacityError(`GPU: ${capacity} agent slots exceed the device's dispatch limit (${byDispatch} threads)`);
  if (bytes > budget) throw new GpuCapacityError(`GPU: ${capacity} agent slots need ${mib(bytes)} of GPU memory; the budget is ${mib(budget)} (about ${maxAgents} agents)`);
  return { capacity, bytes, budget, maxAgents };
}
