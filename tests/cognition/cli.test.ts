// The command line with LLM brains: main() with real arguments (in this process, so each run
// skips the ~10 s TypeScript start-up of the bin script, which tests/cli covers), talking to a local
// OpenAI-compatible server; the decision log it writes replays to the same state hash.

import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { decisions, startFakeLlm, type FakeServer } from './fake-llm-server';
import { FAKE_KEY } from './helpers';

const KEY_VARS = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GEMINI_API_KEY'];

/** Run the CLI entry with its stdout and stderr captured and the key variables set as given. */
async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = KEY_VARS.map((k) => [k, process.env[k]] as const);
  for (const k of KEY_VARS) delete process.env[k];
  Object.assign(process.env, env);
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

let server: FakeServer | undefined;

/** Poll a condition (the server's side of a closed socket is seen a moment later); fail after `ms`. */
async function until(condition: () => boolean, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('llm-society run --brain', () => {
  it('runs LLM agents against an OpenAI-compatible server, reports usage, records, and replays to the same hash', async () => {
    server = await startFakeLlm('openai', (req) => ({ delayMs: (req.n * 7) % 30, then: decisions(req, (a) => ({ type: a % 2 ? 'rest' : 'gather' })) }));
    const out = mkdtempSync(join(tmpdir(), 'llms-cog-'));
    const common = ['run', '--ticks', '80', '--agents', '30', '--json'];
    // Lockstep: in realtime, 80 ticks of 30 agents can end before the first answer comes back (on a
    // loaded machine, or as ticks got faster), and then nothing is applied; lockstep applies every answer.
    const live = await cli([...common, '--brain', `openai-compatible:local-model@${server.baseURL}`, '--cognition', 'lockstep', '--llm-agents', '6', '--thinks-per-tick', '3', '--price', '1,2', '--out', out], { OPENAI_API_KEY: FAKE_KEY });
    expect(live.stderr).not.toContain(FAKE_KEY);
    expect(live.code).toBe(0);
    const summary = JSON.parse(live.stdout.trim().split('\n').at(-1)!);
    expect(summary.llm.byModel['openai-compatible:local-model'].requests).toBeGreaterThan(3);
    expect(summary.llm.applied).toBeGreaterThan(0);
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${FAKE_KEY}`);
    const written = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(written.llm.byModel['openai-compatible:local-model'].tokensIn).toBeGreaterThan(0);
    for (const f of readdirSync(out)) expect(readFileSync(join(out, f)).toString('latin1')).not.toContain(FAKE_KEY);
    // Every screened answer is an llmDecision event; the run store keeps its cost in cost_usd.
    const db = new Database(join(out, 'run.sqlite'), { readonly: true });
    const rows = db.prepare("SELECT agent, cost_usd AS cost, payload FROM events WHERE type = 'llmDecision'").all() as { agent: number; cost: number; payload: string }[];
    db.close();
    expect(rows.length).toBeGreaterThanOrEqual(summary.llm.applied);
    expect(rows.every((r) => Number.isInteger(r.agent) && r.cost >= 0)).toBe(true);
    const total = rows.reduce((s, r) => s + r.cost, 0);
    expect(total).toBeGreaterThan(0);
    // The shares never exceed what the run was billed (1 and 2 dollars per million tokens); the
    // rest went on reflections, conversation turns and answers still on the way when the run ended.
    expect(total).toBeLessThanOrEqual(summary.llm.byModel['openai-compatible:local-model'].costUsd + 1e-12);
    const first = JSON.parse(rows[0].payload);
    expect(first).toMatchObject({ provider: 'openai-compatible', model: 'local-model', cached: false });
    expect(first.tokensIn).toBeGreaterThan(0);

    // Nothing is left on its way (the abort at the end of a realtime run has its own test below); the
    // replay sends no request.
    await until(() => server!.inFlight === 0, 2000);
    const requestsBefore = server.requests.length;
    const replayed = await cli([...common, '--brain', `replay:${join(out, 'decisions.jsonl')}`]);
    expect(replayed.code).toBe(0);
    expect(JSON.parse(replayed.stdout.trim().split('\n').at(-1)!).stateHash).toBe(summary.stateHash);
    expect(server.requests.length).toBe(requestsBefore); // no network

    const plain = await cli(common);
    expect(JSON.parse(plain.stdout.trim().split('\n').at(-1)!).stateHash).not.toBe(summary.stateHash);
  });

  it('aborts the requests on their way when the run ends: no waiting, no late answer applied, connections closed', async () => {
    // The server would answer after 30 s; the run (long enough for the requests to reach it) ends long before.
    server = await startFakeLlm('openai', (req) => ({ delayMs: 30_000, then: decisions(req) }));
    const out = mkdtempSync(join(tmpdir(), 'llms-cog-'));
    const t0 = performance.now();
    const r = await cli(['run', '--ticks', '1500', '--agents', '30', '--json', '--brain', `openai-compatible:slow@${server.baseURL}`, '--llm-agents', '8', '--thinks-per-tick', '8', '--out', out], { OPENAI_API_KEY: FAKE_KEY });
    const runMs = performance.now() - t0;
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(summary.ticks).toBe(1500);
    // Each LLM agent's request was sent, none answered: all of them were cancelled at the end.
    expect(summary.llm.cancelled).toBe(8);
    expect(summary.llm.inFlight).toBe(0);
    expect(summary.llm.applied).toBe(0);
    expect(runMs).toBeLessThan(15_000);
    // The server got them and sees every connection closed by the client, unanswered.
    await until(() => server!.inFlight === 0, 2000);
    expect(server.requests.length).toBe(8);
    expect(server.abandoned).toBe(8);
    // Nothing arrives later: the decision log holds no answer and the server no new request.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.requests.length).toBe(8);
    const log = readFileSync(join(out, 'decisions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log.filter((l) => l.type === 'answer')).toEqual([]);
  });

  it('reports a bad brain, a missing key or a bad option in one line with exit code 2', async () => {
    const bad = await cli(['run', '--ticks', '1', '--brain', 'skynet:v1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^error: --brain skynet:v1: unknown brain "skynet"/);
    const noKey = await cli(['run', '--ticks', '1', '--brain', 'anthropic:claude-haiku-4-5']);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr.trim()).toMatch(/no API key for anthropic: set ANTHROPIC_API_KEY/);
    const mode = await cli(['run', '--ticks', '1', '--brain', 'openai-compatible:m@http://127.0.0.1:9/v1', '--cognition', 'fast']);
    expect(mode.code).toBe(2);
    expect(mode.stderr.trim()).toMatch(/--cognition fast: expected realtime or lockstep/);
    const missing = await cli(['run', '--ticks', '1', '--brain', 'replay:/nonexistent/decisions.jsonl']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(/cannot read the file/);
  });

  it('keeps running when the provider is down (connection refused), on the heuristic brain', async () => {
    const r = await cli(['run', '--ticks', '30', '--agents', '20', '--json', '--brain', 'openai-compatible:m@http://127.0.0.1:9/v1', '--llm-agents', '5', '--cognition', 'lockstep', '--timeout-ms', '500']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(summary.ticks).toBe(30);
    expect(summary.llm.byModel['openai-compatible:m'].failures.network).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/circuit open/);
  });
});
