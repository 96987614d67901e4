// The command line's LLM options: --brain, --llm-agents, --cognition, throttles, budget, record and
// replay. Builds a Cognition (or null for the heuristic brain) and the decision-log writer.

import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { BrainSpecError, parseBrainSpec } from '../cognition/brain-spec';
import type { Cognition } from '../cognition/cognition';
import { RecordError, ReplayLog, type RecordLine } from '../cognition/record';
import { threadedProviders } from '../cognition/http-thread';
import { createCognitionFromSpec } from '../cognition/setup';
import type { Scenario } from '../society/scenario';

export interface CognitionCliOptions {
  brain: string;
  llmAgents?: number;
  cognition?: string;
  thinksPerTick?: number;
  maxInFlight?: number;
  batchSize?: number;
  budgetUsd?: number;
  budgetTokens?: number;
  price?: string;
  timeoutMs?: number;
  rpm?: number;
  tpm?: number;
  record?: string;
  embeddings?: string;
  out?: string;
  seed?: number;
}

function count(name: string, min: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < min) throw new InvalidArgumentError(`${name} must be an integer of at least ${min}`);
    return Number(value);
  };
}

function amount(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a non-negative number`);
    return n;
  };
}

export function addCognitionOptions(command: Command): Command {
  return command
    .option('--llm-agents <n>', 'how many agents use the LLM brain (the first N); the rest are heuristic', count('--llm-agents', 0))
    .option('--cognition <mode>', 'realtime (never waits for the LLM) or lockstep (each tick waits for the answers asked in the previous one)', 'realtime')
    .option('--thinks-per-tick <n>', 'new LLM decisions requested per tick at most', count('--thinks-per-tick', 0))
    .option('--max-in-flight <n>', 'LLM requests in flight at most', count('--max-in-flight', 1))
    .option('--batch-size <n>', 'agents decided by one request (similar agents grouped)', count('--batch-size', 1))
    .option('--budget-usd <usd>', 'hard budget in US dollars (estimated from the price table)', amount('--budget-usd'))
    .option('--budget-tokens <n>', 'hard budget in tokens (in + out)', count('--budget-tokens', 0))
    .option('--price <in,out>', 'price in USD per million input and output tokens (overrides the built-in table)')
    .option('--timeout-ms <ms>', 'per-request timeout', count('--timeout-ms', 1))
    .option('--rpm <n>', 'requests per minute per endpoint', count('--rpm', 1))
    .option('--tpm <n>', 'tokens per minute per endpoint', count('--tpm', 1))
    .option('--embeddings <model>', 'rank memories by embedding similarity with this model (OpenAI-compatible or Gemini)')
    .option('--record <file>', 'write every LLM answer and applied decision to this JSONL file (default with --out: OUT/decisions.jsonl)');
}

export class CognitionCliError extends Error {}

/** A Cognition for --brain, or null for the heuristic brain. Call finish() after the run (flushes the log). */
export function cognitionFromCli(scenario: Scenario, opts: CognitionCliOptions, log: (line: string) => void): { cognition: Cognition; finish(): void } | null {
  let spec;
  try {
    spec = parseBrainSpec(opts.brain);
  } catch (err) {
    throw new CognitionCliError((err as Error).message);
  }
  if (spec.kind === 'heuristic') return null;
  if (opts.cognition !== 'realtime' && opts.cognition !== 'lockstep') throw new CognitionCliError(`--cognition ${opts.cognition}: expected realtime or lockstep`);
  let replay: ReplayLog | undefined;
  if (spec.kind === 'replay') {
    let text: string;
    try {
      text = readFileSync(spec.file, 'utf8');
    } catch {
      throw new CognitionCliError(`--brain replay:${spec.file}: cannot read the file`);
    }
    try {
      replay = ReplayLog.parse(text, spec.file);
    } catch (err) {
      throw new CognitionCliError((err as RecordError).message);
    }
    const seed = opts.seed ?? scenario.seed;
    if (replay.header.seed !== seed) throw new CognitionCliError(`${spec.file} was recorded with seed ${replay.header.seed}, this run uses ${seed} (pass --seed ${replay.header.seed})`);
  }
  let prices;
  if (opts.price !== undefined) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*$/.exec(opts.price);
    if (!m) throw new CognitionCliError(`--price ${opts.price}: expected IN,OUT in USD per million tokens, e.g. 0.15,0.6`);
    prices = { '': { inputPerMTok: Number(m[1]), outputPerMTok: Number(m[2]) } };
  }
  const recordPath = opts.record ?? (opts.out && spec.kind === 'llm' ? join(opts.out, 'decisions.jsonl') : undefined);
  const writer = recordPath && spec.kind === 'llm' ? new LineWriter(recordPath) : null;
  const overrides = Object.fromEntries(
    Object.entries({ thinksPerTick: opts.thinksPerTick, maxInFlight: opts.maxInFlight, batchSize: opts.batchSize }).filter(([, v]) => v !== undefined),
  );
  try {
    const cognition = createCognitionFromSpec(
      scenario,
      spec,
      {
        mode: opts.cognition,
        llmAgents: opts.llmAgents,
        env: process.env,
        limits: { requestsPerMinute: opts.rpm ?? 600, tokensPerMinute: opts.tpm ?? 2_000_000 },
        reliability: opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {},
        budgetTokens: opts.budgetTokens,
        budgetUsd: opts.budgetUsd,
        prices,
        overrides,
        record: writer ? (line) => writer.write(line) : undefined,
        log,
        embeddingModel: opts.embeddings,
        // The SDKs' per-request CPU and sockets stay off the simulation's thread.
        transport: threadedProviders,
      },
      replay,
    );
    return { cognition, finish: () => writer?.flush() };
  } catch (err) {
    if (err instanceof BrainSpecError) throw new CognitionCliError(err.message);
    throw err;
  }
}

/** Buffered JSONL appends (one write per few hundred lines, and at the end). */
class LineWriter {
  private buffer: string[] = [];
  constructor(private readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '');
  }

  write(line: RecordLine): void {
    this.buffer.push(JSON.stringify(line));
    if (this.buffer.length >= 256) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    appendFileSync(this.path, this.buffer.join('\n') + '\n');
    this.buffer = [];
  }
}
