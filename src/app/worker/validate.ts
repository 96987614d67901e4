// Every message into the worker is validated: the UI is trusted code, but a bad value here (a
// speed of 0, a NaN agent count) would otherwise surface as a confusing failure deep in a tick.

import { z } from 'zod';
import { MAX_SPEED, MIN_SPEED } from '../../engine/loop';
import { OVERLAY_MODES, type ToWorker } from '../protocol';

const llm = z
  .object({
    agents: z.number().int().min(0).max(100_000),
    provider: z.enum(['openai', 'anthropic', 'gemini', 'openai-compatible']),
    model: z.string().max(200),
    baseUrl: z.string().max(500),
    apiKey: z.string().max(500),
    thinksPerTick: z.number().int().min(0).max(10_000),
    budgetDollars: z.number().min(0).max(1_000_000),
  })
  .strict();

export const NewWorldSchema = z
  .object({
    scenario: z.string().min(1).max(80),
    agents: z.number().int().min(1).max(1_000_000),
    seed: z.number().int().min(0).max(0xffffffff),
    llm,
  })
  .strict();

const days = z.number().int().min(1).max(3650);

const InjectedSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('drought'), days }).strict(),
  z.object({ kind: z.literal('harvest'), days }).strict(),
  z.object({ kind: z.literal('priceShock'), good: z.string().max(40), factor: z.number().positive().max(100), days: z.number().int().min(1).max(3650) }).strict(),
  z.object({ kind: z.literal('interestRate'), percent: z.number().min(0).max(100) }).strict(),
  z.object({ kind: z.literal('tax'), percent: z.number().min(0).max(100) }).strict(),
  z.object({ kind: z.literal('newcomer'), name: z.string().max(60).optional() }).strict(),
  z.object({ kind: z.literal('announcement'), text: z.string().min(1).max(280) }).strict(),
]);

const ToWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('new'), config: NewWorldSchema }).strict(),
  z.object({ type: z.literal('play') }).strict(),
  z.object({ type: z.literal('pause') }).strict(),
  z.object({ type: z.literal('step') }).strict(),
  z.object({ type: z.literal('speed'), speed: z.number().min(MIN_SPEED).max(MAX_SPEED) }).strict(),
  z.object({ type: z.literal('inspect'), eid: z.number().int().min(0).nullable() }).strict(),
  z.object({ type: z.literal('overlay'), mode: z.enum(OVERLAY_MODES) }).strict(),
  z.object({ type: z.literal('inject'), event: InjectedSchema }).strict(),
  z.object({ type: z.literal('search'), text: z.string().max(100) }).strict(),
  z.object({ type: z.literal('save') }).strict(),
  z.object({ type: z.literal('ack') }).strict(),
  z.object({ type: z.literal('load'), name: z.string().max(500), bytes: z.instanceof(ArrayBuffer) }).strict(),
]);

export function parseToWorker(data: unknown): ToWorker {
  const r = ToWorkerSchema.safeParse(data);
  if (r.success) return r.data as ToWorker;
  const issue = r.error.issues[0];
  const type = typeof data === 'object' && data && 'type' in data ? String((data as { type: unknown }).type).slice(0, 30) : '?';
  throw new Error(`message "${type}": ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
