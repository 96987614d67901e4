// The HTTP thread (src/cognition/http-thread.ts): each vendor's real SDK on a worker thread, against
// the local fake servers. What crosses the thread must behave like the SDK called in place: good
// answers, errors classified the same (429 with its Retry-After, 500, a key never leaked), aborts
// that close the connection, and a close that cancels what is still on its way.

import { afterEach, describe, expect, it } from 'vitest';
import { makeProviders, parseBrainSpec } from '../../src/cognition/brain-spec';
import { DEFAULT_RELIABILITY, EndpointPool, type CallFailure } from '../../src/cognition/endpoint-pool';
import { threadedProviders, workerExecArgv } from '../../src/cognition/http-thread';
import type { ChatRequest } from '../../src/cognition/providers/types';
import { decisions, rateLimited, startFakeLlm, type FakeServer, type Vendor } from './fake-llm-server';
import { FAKE_KEY, MODELS, UNLIMITED } from './helpers';

// A long system prompt and the schema cross the thread once, then by number: every request must still carry them.
const SYSTEM = `You decide. ${'Follow the rules of the town. '.repeat(60)}`;
const SCHEMA = { type: 'object', properties: { decisions: { type: 'array' } } };
const request: ChatRequest = { system: SYSTEM, user: '## Person 3: hungry', schemaName: 'decisions', schema: SCHEMA, maxOutputTokens: 50, temperature: 0 };

let server: FakeServer | undefined;
let pool: EndpointPool | undefined;
afterEach(async () => {
  pool?.close();
  pool = undefined;
  await server?.close();
  server = undefined;
});

function threadedPool(vendor: Vendor, s: FakeServer, timeoutMs = 5000): EndpointPool {
  const spec = parseBrainSpec(`${vendor}:${MODELS[vendor]}@${s.baseURL}`);
  if (spec.kind !== 'llm') throw new Error('expected an LLM brain');
  const local = makeProviders(spec, FAKE_KEY);
  return new EndpointPool(threadedProviders({ spec, apiKey: FAKE_KEY }, local), UNLIMITED, { ...DEFAULT_RELIABILITY, timeoutMs, maxRetries: 0 }, [FAKE_KEY]);
}

describe.each(['openai', 'anthropic', 'gemini'] as const)('%s SDK on the HTTP thread', (vendor) => {
  it('answers, and classifies a 429 (with Retry-After) and a 500 as the SDK in place would', async () => {
    server = await startFakeLlm(vendor, (req) => (req.n === 0 ? decisions(req) : req.n === 1 ? rateLimited(vendor, 7) : { status: 500, body: { error: { message: `boom ${FAKE_KEY}` } } }));
    pool = threadedPool(vendor, server);
    await pool.ready();
    const good = await pool.call(request, 100);
    expect(good.ok).toBe(true);
    if (good.ok) expect(JSON.parse(good.response.text).decisions[0]).toMatchObject({ agent: 3, action: { type: 'rest' } });
    expect(server.requests[0].headers['x-api-key'] ?? server.requests[0].headers.authorization ?? server.requests[0].headers['x-goog-api-key']).toContain(FAKE_KEY);
    const limited = (await pool.call({ ...request, user: 'another' }, 100)) as CallFailure;
    expect(limited.ok).toBe(false);
    expect(limited.error.kind).toBe('rate_limit');
    expect(limited.error.retryAfterMs).toBe(7000);
    const failed = (await pool.call({ ...request, user: 'a third' }, 100)) as CallFailure;
    expect(failed.error.kind).toBe('server');
    expect(failed.error.status).toBe(500);
    expect(failed.error.message).not.toContain(FAKE_KEY);
    expect(server.requests).toHaveLength(3);
    for (const r of server.requests) expect(r.prompt).toContain(SYSTEM);
    if (vendor === 'openai') for (const r of server.requests) expect((r.body.response_format as { json_schema: { schema: unknown } }).json_schema.schema).toEqual(SCHEMA);
  });
});

describe('cancelling calls on the HTTP thread', () => {
  it('times out a hung call on time, and the thread closes its connection', async () => {
    server = await startFakeLlm('openai', () => ({ hang: true }));
    pool = threadedPool('openai', server, 300);
    await pool.ready();
    const t0 = performance.now();
    const r = (await pool.call(request, 100)) as CallFailure;
    expect(r.error.kind).toBe('timeout');
    expect(performance.now() - t0).toBeLessThan(2000);
    await until(() => server!.inFlight === 0);
    expect(server.abandoned).toBe(1);
  });

  it('an aborted call closes its connection; close() cancels every call still on its way', async () => {
    server = await startFakeLlm('openai', () => ({ hang: true }));
    pool = threadedPool('openai', server, 60_000);
    await pool.ready();
    const run = new AbortController();
    const calls = [1, 2, 3].map((i) => pool!.call({ ...request, user: `call ${i}` }, 100, run.signal));
    await until(() => server!.requests.length === 3);
    run.abort();
    const results = (await Promise.all(calls)) as CallFailure[];
    expect(results.map((r) => r.error.kind)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    await until(() => server!.inFlight === 0);
    expect(server.abandoned).toBe(3);

    // close() with calls on their way: they fail at once as cancelled; the thread is gone after.
    const late = pool.call({ ...request, user: 'late' }, 100);
    await until(() => server!.requests.length === 4);
    pool.close();
    expect(((await late) as CallFailure).error.kind).toBe('cancelled');
    await until(() => server!.inFlight === 0);
    expect(server.abandoned).toBe(4);
    const after = (await pool.call({ ...request, user: 'after' }, 100)) as CallFailure;
    expect(after.error.kind).toBe('cancelled');
    expect(server.requests.length).toBe(4);
  });
});

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the HTTP thread\'s Node flags', () => {
  it('keeps loaders and drops command-line scripts and per-process flags a worker refuses', () => {
    const argv = ['--expose-gc', '--import', 'tsx', '--max-old-space-size=4096', '-e', 'console.log(1)', '--require=dotenv/config', '--enable-source-maps', '--input-type', 'module', '--conditions', 'dev'];
    expect(workerExecArgv(argv)).toEqual(['--import', 'tsx', '--require=dotenv/config', '--enable-source-maps', '--conditions', 'dev']);
  });
});
