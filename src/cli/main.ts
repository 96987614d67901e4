// The llm-society command line. Bad arguments or a bad scenario: one line on stderr, exit code 2.

import { Command, InvalidArgumentError } from 'commander';
import { SingleBar } from 'cli-progress';
import { loadScenario, listScenarios } from '../persistence/scenario-files';
import { inspectWorldFile, loadWorldFileAsync } from '../persistence/save-file';
import { APP_VERSION } from '../persistence/world-file';
import { ScenarioConfig } from '../society/core/config';
import { addCognitionOptions, CognitionCliError, cognitionFromCli, type CognitionCliOptions } from './cognition-options';
import type { GpuMode } from '../gpu/stepper';
import { runHeadless, runHeadlessAsync, type RunSummary } from './run';

export const VERSION = APP_VERSION;

function gpuMode(value: string): GpuMode {
  if (value !== 'auto' && value !== 'on' && value !== 'off') throw new InvalidArgumentError('--gpu must be auto, on or off');
  return value;
}

function integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`${name} must be an integer`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${name} must be between ${min} and ${max}`);
    return n;
  };
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('llm-society')
    .description('A society of agents that work, trade, borrow, talk, marry, age and die.')
    .version(VERSION)
    .showHelpAfterError(false)
    .configureOutput({ outputError: (str, write) => write(str.split('\n')[0] + '\n') });

  const run = program
    .command('run')
    .description('run a simulation headless and print a summary')
    .option('--scenario <name|file>', 'scenario name (assets/scenarios) or JSON file', 'village')
    .option('--agents <n>', 'number of agents (overrides the scenario)', integer('--agents', 1, 2_000_000))
    .option('--ticks <n>', 'ticks to run', integer('--ticks', 0, 100_000_000), 1440)
    .option('--seed <n>', 'random seed (overrides the scenario)', integer('--seed', 0, 0xffffffff))
    .option('--brain <brain>', 'decision brain: heuristic | openai:MODEL | anthropic:MODEL | gemini:MODEL | openai-compatible:MODEL@URL[,URL...] | replay:FILE', 'heuristic')
    .option('--out <dir>', 'write metrics.csv and summary.json into this folder')
    .option('--save <file>', 'save the world to this file at the end (.society)')
    .option('--autosave-every <days>', 'autosave every N simulated days (keeps the last 3)', integer('--autosave-every', 1, 1_000_000))
    .option('--json', 'print the summary as one JSON line (the last line of stdout)')
    .option('--gpu <mode>', 'GPU systems: auto (when a WebGPU adapter exists and is faster) | on | off', gpuMode, 'off');
  addCognitionOptions(run).action(async (opts: CognitionCliOptions & { scenario: string; agents?: number; ticks: number; seed?: number; brain: string; out?: string; save?: string; autosaveEvery?: number; json?: boolean; gpu: GpuMode }) => {
      const scenario = loadScenario(opts.scenario);
      let llm;
      try {
        llm = cognitionFromCli(scenario, opts, (line) => process.stderr.write(`llm: ${line}\n`));
      } catch (err) {
        if (err instanceof CognitionCliError) throw new CliError(err.message);
        throw err;
      }
      const showBar = !opts.json && process.stderr.isTTY;
      const bar = showBar ? new SingleBar({ format: 'ticks {bar} {value}/{total} ({percentage}%) eta {eta}s', stream: process.stderr, hideCursor: true }) : null;
      bar?.start(opts.ticks, 0);
      const runOptions = {
        scenario,
        ticks: opts.ticks,
        seed: opts.seed,
        agents: opts.agents,
        out: opts.out,
        save: opts.save,
        autosaveEveryDays: opts.autosaveEvery,
        onProgress: bar ? (done: number) => bar.update(done) : undefined,
      };
      // The heuristic brain keeps the plain synchronous loop; LLM brains and GPU systems need the async one.
      const gpu = { gpu: opts.gpu, gpuLog: (line: string) => void process.stderr.write(`${line}\n`) };
      const { summary } = llm
        ? await runHeadlessAsync({ ...runOptions, ...gpu, cognition: llm.cognition, plugins: [llm.cognition.plugin()] })
        : opts.gpu !== 'off'
          ? await runHeadlessAsync({ ...runOptions, ...gpu })
          : runHeadless(runOptions);
      llm?.finish();
      bar?.stop();
      printSummary(summary, opts);
    });

  program
    .command('resume')
    .description('continue a saved world (.society) and print a summary like run')
    .argument('<file>', 'the world file')
    .option('--ticks <n>', 'ticks to run', integer('--ticks', 0, 100_000_000), 1440)
    .option('--out <dir>', 'write metrics.csv, summary.json and run.sqlite into this folder')
    .option('--save <file>', 'save the world to this file at the end (may be the same file)')
    .option('--autosave-every <days>', 'autosave every N simulated days (keeps the last 3)', integer('--autosave-every', 1, 1_000_000))
    .option('--json', 'print the summary as one JSON line (the last line of stdout)')
    .action(async (file: string, opts: { ticks: number; out?: string; save?: string; autosaveEvery?: number; json?: boolean }) => {
      const world = await loadWorldFileAsync(file);
      const { summary } = runHeadless({
        scenario: world.resource(ScenarioConfig),
        world,
        ticks: opts.ticks,
        out: opts.out,
        save: opts.save,
        autosaveEveryDays: opts.autosaveEvery,
        resumedFrom: file,
      });
      printSummary(summary, opts);
    });

  program
    .command('inspect')
    .description('show what a world file holds (checks it, without running it)')
    .argument('<file>', 'the world file')
    .option('--json', 'print the details as one JSON line')
    .action((file: string, opts: { json?: boolean }) => {
      const info = inspectWorldFile(file);
      if (opts.json) {
        process.stdout.write(JSON.stringify(info) + '\n');
        return;
      }
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
      process.stdout.write(
        [
          `${file}: world file format ${info.formatVersion}, written by llm-society ${info.appVersion} at ${info.savedAt}`,
          `scenario ${info.scenario}, seed ${info.seed}, tick ${info.tick} (${info.date})`,
          `population ${info.population} (ids up to ${info.highWater}), ${kb(info.totalBytes)} on disk`,
          'sections (stored / uncompressed):',
          ...info.sections.map((s) => `  ${s.name.padEnd(24)} ${kb(s.storedBytes).padStart(12)} / ${kb(s.rawBytes)}`),
        ].join('\n') + '\n',
      );
    });

  program
    .command('scenarios')
    .description('list the built-in scenarios')
    .action(() => void process.stdout.write(listScenarios().join('\n') + '\n'));

  return program;
}

function printSummary(summary: RunSummary, opts: { json?: boolean; out?: string; save?: string }): void {
  if (opts.json) {
    process.stdout.write(JSON.stringify(summary) + '\n');
    return;
  }
  const m = summary.metrics;
  process.stdout.write(
    [
      `scenario ${summary.scenario}, seed ${summary.seed}: ${summary.ticks} ticks (${summary.date})`,
      `agents alive: ${summary.agents}`,
      `speed: ${summary.ticksPerSecond} ticks/s`,
      `mean energy ${fmt(m.meanEnergy)}, health ${fmt(m.meanHealth)}, hunger ${fmt(m.meanHunger)}`,
      `state hash: ${summary.stateHash}`,
      opts.out ? `output written to ${opts.out}` : '',
      opts.save ? `world saved to ${opts.save}` : '',
    ]
      .filter(Boolean)
      .join('\n') + '\n',
  );
}

function fmt(v: number | undefined): string {
  return v === undefined ? '-' : v.toFixed(3);
}

export class CliError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number; message?: string };
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    if (e.code && e.code.startsWith('commander.')) return 2; // commander already printed its one-line error
    process.stderr.write(`error: ${e.message ?? String(err)}\n`);
    return 2;
  }
}

const isEntry = process.argv[1] && /[\\/]cli[\\/]main\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
