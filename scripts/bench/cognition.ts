// Cognition costs, two figures:
// 1. Tick rate of a 2,500-agent town (realtime mode) while 1,000 LLM requests are in flight to a
//    local OpenAI-compatible server (a separate process) that answers after 2 seconds, against the
//    tick rate with no LLM at all. The simulation must not wait: the ratio should stay >= 0.95.
// 2. CPU cost per decision at 2,500 agents: prompt build + answer parse + rule check + apply, and
//    the prompt's size in tokens per decision for single and batched requests.
// Usage: npx tsx scripts/bench/cognition.ts [--window-ms 1000]

import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { Cognition } from '../../src/cognition/cognition';
import { parseDecisionAnswer } from '../../src/cognition/decision';
import { DEFAULT_RELIABILITY, EndpointPool } from '../../src/cognition/endpoint-pool';
import { decisionSystemPrompt, decisionUserPrompt, estimateTokens } from '../../src/cognition/prompt';
import { OpenAiProvider } from '../../src/cognition/providers/openai';
import type { World } from '../../src/engine/world';
import { loadScenario } from '../../src/persistence/scenario-files';
import { Actions } from '../../src/society/actions';
import { createSociety } from '../../src/society/create';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const WINDOW_MS = arg('--window-ms', 1000);
const AGENTS = 2500;
const IN_FLIGHT = 1000;

const scenario = loadScenario('town');

/**
 * A chat-completions server in its own process. It holds every answer for 2 seconds counted from
 * the moment the whole wave of requests has arrived (it prints "all" then), so that the measuring
 * window after "all" sees exactly IN_FLIGHT requests in flight and no answers yet.
 */
const SERVER = `
const http = require('node:http');
const expected = Number(process.argv[1]);
const waiting = [];
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const ids = [...body.matchAll(/## Person (\\d+):/g)].map((m) => Number(m[1]));
    waiting.push(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'bench', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify({ decisions: ids.map((agent) => ({ agent, action: { type: 'rest' }, thought: 'resting' })) }) } }], usage: { prompt_tokens: 300, completion_tokens: 30, total_tokens: 330 } }));
    });
    if (waiting.length === expected) {
      console.log('all');
      setTimeout(() => waiting.forEach((answer) => answer()), 2000);
    }
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function startServer(expected: number): Promise<{ url: string; allReceived: Promise<void>; stop(): void }> {
  const child = spawn(process.execPath, ['-e', SERVER, String(expected)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let notify: (() => void) | null = null;
  child.stdout.on('data', (d) => {
    lines.push(...String(d).trim().split('\n'));
    notify?.();
  });
  const next = (pred: (l: string) => boolean) =>
    new Promise<string>((resolve) => {
      const check = () => {
        const hit = lines.find(pred);
        if (hit) resolve(hit);
      };
      notify = check;
      check();
    });
  const port = Number(await next((l) => /^\d+$/.test(l)));
  return { url: `http://127.0.0.1:${port}/v1`, allReceived: next((l) => l === 'all').then(() => undefined), stop: () => child.kill() };
}

interface Rate {
  /** Ticks per wall-clock second. */
  wall: number;
  /** Ticks per second of this process's CPU time (user + system): other processes on a shared machine do not count. */
  cpu: number;
}

/** Tick rate of a realtime loop (step, and yield to the event loop every 4 ms) over a window (or until `until` settles). */
async function tickRate(world: World, ms: number, until?: Promise<void>): Promise<Rate> {
  let done = false;
  void until?.then(() => (done = true));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let last = t0;
  let ticks = 0;
  while (performance.now() - t0 < ms && !done) {
    world.step();
    ticks++;
    if (performance.now() - last > 4) {
      await new Promise((r) => setImmediate(r));
      last = performance.now();
    }
  }
  const cpu = process.cpuUsage(c0);
  return { wall: (ticks / (performance.now() - t0)) * 1000, cpu: (ticks / (cpu.user + cpu.system)) * 1e6 };
}

const show = (r: Rate) => `${r.wall.toFixed(1)} ticks/s wall, ${r.cpu.toFixed(1)} ticks per CPU-second`;
const ratio = (a: Rate, b: Rate) => `ratio ${(a.wall / b.wall).toFixed(3)} wall, ${(a.cpu / b.cpu).toFixed(3)} CPU`;

async function inFlightBench(): Promise<void> {
  const baselineWorld = createSociety(scenario, { agents: AGENTS });
  baselineWorld.run(20);
  const before = await tickRate(baselineWorld, WINDOW_MS);

  const server = await startServer(IN_FLIGHT);
  const pool = new EndpointPool([new OpenAiProvider({ model: 'bench', apiKey: 'test-key-not-real', baseURL: server.url, compatible: true })], { requestsPerMinute: Infinity, tokensPerMinute: Infinity }, { ...DEFAULT_RELIABILITY, timeoutMs: 30_000 });
  const cognition = new Cognition(scenario, {
    source: { kind: 'llm', pool },
    llmAgents: IN_FLIGHT,
    mode: 'realtime',
    overrides: { thinksPerTick: IN_FLIGHT, maxInFlight: IN_FLIGHT, batchSize: 1, cooldownTicks: 1_000_000 },
  });
  const world = createSociety(scenario, { agents: AGENTS, plugins: [cognition.plugin()] });
  world.run(19);
  const d0 = performance.now();
  world.step(); // this tick builds and sends the 1,000 requests
  const dispatchMs = performance.now() - d0;
  // While the SDK sends the wave (its own CPU per request), the simulation keeps ticking.
  const s0 = performance.now();
  const sending = tickRate(world, 60_000, server.allReceived);
  const duringSend = await sending;
  const sendMs = performance.now() - s0;
  const inFlightAtStart = cognition.inFlightCount;
  const withLlm = await tickRate(world, WINDOW_MS);
  const inFlightAtEnd = cognition.inFlightCount;
  await cognition.settle();
  server.stop();
  // The baseline again, after the wave, so that a shared machine's changing load hits both sides.
  const after = await tickRate(baselineWorld, WINDOW_MS);
  const baseline = { wall: (before.wall + after.wall) / 2, cpu: (before.cpu + after.cpu) / 2 };
  const u = cognition.usage().byModel['openai-compatible:bench'];
  console.log(`tick rate, ${AGENTS} agents, realtime. No LLM: ${show(baseline)} (before ${before.wall.toFixed(1)}, after ${after.wall.toFixed(1)} wall)`);
  console.log(`  with ${inFlightAtStart} requests in flight (${inFlightAtEnd} still at the end of the ${WINDOW_MS} ms window): ${show(withLlm)}; ${ratio(withLlm, baseline)}`);
  console.log(`  the dispatch tick (building ${IN_FLIGHT} prompts and starting the calls) took ${dispatchMs.toFixed(0)} ms; while the SDK sent them (${sendMs.toFixed(0)} ms): ${show(duringSend)}; ${ratio(duringSend, baseline)}`);
  console.log(`  answered ${u.succeeded}/${u.requests}, latency p50 ${u.latencyMsP50} ms, p95 ${u.latencyMsP95} ms; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

function cpuPerDecision(): void {
  const cognition = new Cognition(scenario, { source: { kind: 'replay', log: { header: { type: 'header', version: 1, brain: 'x', seed: 0, scenario: 'x', llmAgents: 0 }, byTick: new Map(), applied: [] } as never }, llmAgents: 0 });
  const world = createSociety(scenario, { agents: AGENTS, plugins: [cognition.plugin()] });
  world.run(50);
  const registry = world.resource(Actions);
  const alive = [...world.entities.alive()];
  for (const eid of alive) cognition.memory.add(eid, world.entities.generation(eid), { tick: world.tick, kind: 'observation', importance: 3, text: `Saw the market busy at hour ${eid % 24}.` });
  const n = 2000;
  let promptMs = 0;
  let parseMs = 0;
  let checkMs = 0;
  let applyMs = 0;
  let tokens = 0;
  const system = decisionSystemPrompt(world);
  for (let i = 0; i < n; i++) {
    const eid = alive[(i * 7) % alive.length];
    let t = performance.now();
    const user = decisionUserPrompt(world, [eid], cognition.memory);
    promptMs += performance.now() - t;
    tokens += estimateTokens(user);
    const text = JSON.stringify({ decisions: [{ agent: eid, action: { type: 'move_to', x: 10, y: 10 }, thought: 'going to the square', speech: 'Good morning!' }] });
    t = performance.now();
    const parsed = parseDecisionAnswer(text, [eid]);
    parseMs += performance.now() - t;
    if (!parsed.ok) throw new Error(parsed.reason);
    const d = parsed.byAgent.get(eid)!;
    if ('rejected' in d) throw new Error(d.rejected);
    t = performance.now();
    const checked = registry.check(world, eid, d.action);
    checkMs += performance.now() - t;
    t = performance.now();
    if (checked.ok) registry.perform(world, eid, d.action);
    applyMs += performance.now() - t;
  }
  const per = (ms: number) => ((ms / n) * 1000).toFixed(1);
  console.log(`CPU per decision at ${AGENTS} agents (mean of ${n}): prompt ${per(promptMs)} µs, parse ${per(parseMs)} µs, validate ${per(checkMs)} µs, apply ${per(applyMs)} µs; total ${per(promptMs + parseMs + checkMs + applyMs)} µs`);
  const sysTokens = estimateTokens(system);
  const userTokens = tokens / n;
  const batched = (k: number) => Math.round((sysTokens + userTokens * k) / k);
  console.log(`prompt size: system (rules + ${registry.all().length} actions) ${sysTokens} tokens, per agent ${userTokens.toFixed(0)} tokens; input tokens per decision: ${batched(1)} single, ${batched(5)} in batches of 5, ${batched(10)} in batches of 10`);
}

console.log(`node ${process.version}, ${process.arch}`);
cpuPerDecision();
await inFlightBench();
