// The HTTP thread's body (see http-thread.ts): the vendors' SDK clients, one per base URL, answering
// the simulation's calls. Aborts close the call's connection; errors go back as their essentials.

import { parentPort, workerData } from 'node:worker_threads';
import { makeProviders } from './brain-spec';
import type { FromThread, ThreadError, ThreadSetup, ToThread, WireRequest } from './http-thread';
import { ProviderError, type ChatRequest } from './providers/types';

const setup = workerData as ThreadSetup;
const providers = makeProviders(setup.spec, setup.apiKey, setup.embeddingModel);
const running = new Map<number, AbortController>();
const port = parentPort!;

/** The parts of an SDK error that classifyError reads (status, Retry-After, name, message). */
function essentials(err: unknown): ThreadError {
  if (err instanceof ProviderError) return { provider: { kind: err.kind, message: err.message, status: err.status, retryAfterMs: err.retryAfterMs } };
  const e = err as { name?: unknown; message?: unknown; status?: unknown; headers?: unknown };
  const headers: Record<string, string> = {};
  const h = e?.headers as { get?: (n: string) => string | null } | Record<string, unknown> | undefined;
  for (const name of ['retry-after', 'retry-after-ms']) {
    const v = typeof h?.get === 'function' ? h.get(name) : (h as Record<string, unknown> | undefined)?.[name];
    if (typeof v === 'string') headers[name] = v;
  }
  return { name: typeof e?.name === 'string' ? e.name : 'Error', message: typeof e?.message === 'string' ? e.message : String(err), status: typeof e?.status === 'number' ? e.status : undefined, headers };
}

/** System prompts and schemas the simulation's side sent once (see WireRequest). */
const defined = new Map<number, string | Record<string, unknown>>();

function request(w: WireRequest): ChatRequest {
  return { ...w, system: typeof w.system === 'number' ? (defined.get(w.system) as string) : w.system, schema: typeof w.schema === 'number' ? (defined.get(w.schema) as Record<string, unknown>) : w.schema };
}

port.on('message', async (m: ToThread) => {
  if (m.type === 'define') {
    defined.set(m.key, m.value);
    return;
  }
  if (m.type === 'abort') {
    running.get(m.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(m.id, controller);
  let reply: FromThread;
  try {
    const provider = providers[m.endpoint];
    const value = m.type === 'chat' ? await provider.chat(request(m.request), controller.signal) : await provider.embed!(m.texts, controller.signal);
    reply = { type: 'ok', id: m.id, value };
  } catch (err) {
    reply = { type: 'error', id: m.id, error: essentials(err) };
  } finally {
    running.delete(m.id);
  }
  port.postMessage(reply);
});
// Node loads its fetch (undici) on first use, a few hundred milliseconds: do it before saying ready.
await fetch('data:,').then((r) => r.text());
port.postMessage({ type: 'ready' } satisfies FromThread);
