// Determinism with LLM agents: lockstep runs with the same answers give the same state hash; a
// recorded run (lockstep or realtime, with arbitrary network timing) replays with no network to
// the same state hash; the cognition section saves and loads, re-queueing requests in flight.

import { afterEach, describe, expect, it } from 'vitest';
import { Cognition } from '../../src/cognition/cognition';
import { ReplayLog, type RecordLine } from '../../src/cognition/record';
import type { World } from '../../src/engine/world';
import { encodeWorld, loadWorld } from '../../src/persistence/world-file';
import { Actions } from '../../src/society/actions';
import { Action, BRAIN_LLM, Identity } from '../../src/society/components';
import { decisions, startFakeLlm, type FakeRequest, type FakeServer, type Reply } from './fake-llm-server';
import { poolFor, runLockstep, smallScenario, worldWith } from './helpers';

let servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** Answers that depend only on the request: varied actions, speech, reflections, conversation turns. */
function answer(req: FakeRequest): Reply {
  if (req.schemaName === 'reflection') return { json: { insights: ['Work and rest in turn keep me well.', 'My neighbours matter to me.'] } };
  if (req.schemaName === 'conversation_turn') return { json: { say: 'Indeed, let us keep at it.', end: req.prompt.length % 2 === 0, propose: null } };
  return decisions(
    req,
    (a) => {
      const hungry = new RegExp(`## Person ${a}:[^#]*hunger ([5-9]\\d|100)%`).test(req.prompt);
      if (hungry) return { type: 'eat' };
      return [{ type: 'gather' }, { type: 'rest' }, { type: 'move_to', x: (a * 3) % 20, y: (a * 7) % 20 }][(a + req.prompt.length) % 3];
    },
    { speech: req.prompt.length % 3 === 0 ? 'Fine day for work.' : undefined },
  );
}

const SCENARIO = smallScenario({ thinksPerTick: 4, batchSize: 2, cooldownTicks: 2, reflectionThreshold: 12 }, 16);
const TICKS = 40;

async function recordedRun(mode: 'lockstep' | 'realtime', delay: (req: FakeRequest) => number): Promise<{ world: World; cognition: Cognition; lines: RecordLine[] }> {
  const server = await startFakeLlm('openai', (req) => ({ delayMs: delay(req), then: answer(req) }));
  servers.push(server);
  const lines: RecordLine[] = [];
  const { world, cognition } = worldWith(SCENARIO, { source: { kind: 'llm', pool: poolFor('openai', server, { cacheEntries: 0 }) }, llmAgents: 6, mode, record: (l) => lines.push(l) });
  if (mode === 'lockstep') await runLockstep(world, cognition, TICKS);
  else {
    for (let t = 0; t < TICKS; t++) {
      world.step();
      await new Promise((r) => setTimeout(r, 2)); // let answers arrive at whatever tick they happen to
    }
    await cognition.settle();
  }
  return { world, cognition, lines };
}

function replay(lines: RecordLine[]): World {
  const log = ReplayLog.parse(lines.map((l) => JSON.stringify(l)).join('\n'));
  const { world } = worldWith(SCENARIO, { source: { kind: 'replay', log }, llmAgents: 0 });
  world.run(TICKS);
  return world;
}

describe('lockstep', () => {
  it('gives the same state hash for the same answers, whatever the network timing', async () => {
    const a = await recordedRun('lockstep', () => 0);
    const b = await recordedRun('lockstep', (req) => (req.n * 37) % 15); // different latencies, same answers
    expect(a.cognition.usage().applied).toBeGreaterThan(10);
    expect(a.world.stateHash()).toBe(b.world.stateHash());
    // And the LLM made a difference: a heuristic-only world differs.
    const { world: plain } = worldWith(SCENARIO, { source: { kind: 'replay', log: new ReplayLog({ type: 'header', version: 1, brain: 'none', seed: 7, scenario: 'x', llmAgents: 0 }, [], []) }, llmAgents: 0 });
    plain.run(TICKS);
    expect(plain.stateHash()).not.toBe(a.world.stateHash());
  });
});

describe('record and replay', () => {
  it('replays a lockstep run with no network to the same state hash', async () => {
    const run = await recordedRun('lockstep', () => 0);
    const kinds = new Set(run.lines.map((l) => (l.type === 'answer' ? l.kind : l.type)));
    expect(kinds).toEqual(new Set(['header', 'answer', 'applied', 'decide', 'reflect', 'turn'].filter((k) => k !== 'answer')));
    expect(replay(run.lines).stateHash()).toBe(run.world.stateHash());
  });

  it('replays a realtime run, whose answers landed at network-dependent ticks, to the same state hash', async () => {
    const run = await recordedRun('realtime', (req) => (req.n * 13) % 25);
    const answers = run.lines.filter((l) => l.type === 'answer');
    expect(answers.length).toBeGreaterThan(10);
    expect(replay(run.lines).stateHash()).toBe(run.world.stateHash());
  });

  it('rejects a damaged decision log with a clear error', () => {
    expect(() => ReplayLog.parse('')).toThrow(/empty file/);
    expect(() => ReplayLog.parse('{"type":"answer"}')).toThrow(/line 1 must be the header/);
    expect(() => ReplayLog.parse('{"type":"header","version":1,"seed":1,"llmAgents":2}\nnot json')).toThrow(/line 2 is not valid JSON/);
    expect(() => ReplayLog.parse('{"type":"header","version":1,"seed":1,"llmAgents":2}\n{"type":"answer","tick":1,"seq":0,"kind":"decide","agents":[[1,0]]}')).toThrow(/line 2: answer needs text or error/);
  });
});

/** A lockstep run stopped right after a tick that sent requests, their answers still 100 ms away. */
async function midFlight(): Promise<{ server: FakeServer; world: World; cognition: Cognition }> {
  const server = await startFakeLlm('openai', (req) => ({ delayMs: 100, then: answer(req) }));
  servers.push(server);
  const { world, cognition } = worldWith(SCENARIO, { source: { kind: 'llm', pool: poolFor('openai', server) }, llmAgents: 6, mode: 'lockstep' });
  await runLockstep(world, cognition, 5);
  world.step();
  return { server, world, cognition };
}

describe('cognition state section', () => {
  it('saves with the world file, re-queues requests in flight on load, and refuses malformed data without changing anything', async () => {
    const { server, world, cognition } = await midFlight();
    expect(cognition.inFlightCount).toBeGreaterThan(0);
    const inFlightAgents = JSON.parse(JSON.stringify(cognition.save())).queue as number[];
    expect(inFlightAgents.length).toBeGreaterThan(0);
    const bytes = encodeWorld(world);
    const hashAtSave = world.stateHash();
    await cognition.settle();

    const c2 = new Cognition(SCENARIO, { source: { kind: 'llm', pool: poolFor('openai', server) }, llmAgents: 6, mode: 'lockstep' });
    const w2 = loadWorld(bytes, { plugins: [c2.plugin()] });
    expect(w2.stateHash()).toBe(hashAtSave);
    expect(c2.save().queue).toEqual(inFlightAgents);
    const before = JSON.stringify(c2.save());
    const saved = c2.save();
    expect(() => c2.load({ ...saved, ready: [[1, 2, 3]] })).toThrow(/cognition section: "ready"/);
    expect(() => c2.load({ ...saved, budget: null })).toThrow(/cognition section: "budget"/);
    expect(JSON.stringify(c2.save())).toBe(before);

    const seen = server.requests.length;
    w2.step(); // the re-queued agents are urgent: all asked again at the first tick after the load
    await c2.settle();
    const asked = server.requests.slice(seen).flatMap((r) => r.agents);
    expect(asked.length).toBeGreaterThan(0);
    // In whatever batches their archetypes make (an urgent agent may share one with another due agent).
    expect(inFlightAgents.every((a) => asked.includes(a))).toBe(true);
  });

  it('asks the re-queued agents ahead of every other agent due when the tick cannot ask them all', async () => {
    const { server, world, cognition } = await midFlight();
    const bytes = encodeWorld(world);
    const saved = JSON.parse(JSON.stringify(cognition.save()));
    const requeued = saved.queue as number[];
    expect(requeued.length).toBeGreaterThan(0);
    await cognition.settle();

    // The loaded run asks as many agents a tick as were in flight, one per request, and no answer is
    // left over: every LLM agent is due (the cooldown is not saved), more than the tick can ask.
    const scenario = smallScenario({ thinksPerTick: requeued.length, batchSize: 1, cooldownTicks: 2, reflectionThreshold: 1000 }, 16);
    const c2 = new Cognition(scenario, { source: { kind: 'llm', pool: poolFor('openai', server) }, llmAgents: 6, mode: 'lockstep' });
    const w2 = loadWorld(bytes, { plugins: [c2.plugin()] });
    c2.load({ ...saved, ready: [], conversations: [] });
    const llmAgents = [...w2.entities.alive()].filter((e) => w2.store(Identity).brain[e] === BRAIN_LLM);
    expect(llmAgents.length).toBeGreaterThan(requeued.length);
    // Everyone rests; the others are about to be idle, which would put them first without the
    // re-queued agents' urgency.
    const action = w2.store(Action);
    const rest = w2.resource(Actions).kindOf('rest')!;
    for (const e of llmAgents) {
      action.kind[e] = rest;
      action.remaining[e] = requeued.includes(e) ? 10 : 2;
    }
    const seen = server.requests.length;
    w2.step();
    await c2.settle();
    const asked = server.requests.slice(seen).flatMap((r) => r.agents);
    expect(asked.sort((a, b) => a - b)).toEqual(requeued);
  });
});
