// The llm-society command line. Bad arguments or a bad scenario: one line on stderr, exit code 2.

import { Command, InvalidArgumentError } from 'commander';
import { SingleBar } from 'cli-progress';
import { loadScenario, listScenarios } from '../persistence/scenario-files';
import { runHeadless } from './run';

export const VERSION = '0.1.0';

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

  program
    .command('run')
    .description('run a simulation headless and print a summary')
    .option('--scenario <name|file>', 'scenario name (assets/scenarios) or JSON file', 'village')
    .option('--agents <n>', 'number of agents (overrides the scenario)', integer('--agents', 1, 2_000_000))
    .option('--ticks <n>', 'ticks to run', integer('--ticks', 0, 100_000_000), 1440)
    .option('--seed <n>', 'random seed (overrides the scenario)', integer('--seed', 0, 0xffffffff))
    .option('--brain <brain>', 'decision brain: heuristic', 'heuristic')
    .option('--out <dir>', 'write metrics.csv and summary.json into this folder')
    .option('--json', 'print the summary as one JSON line (the last line of stdout)')
    .action((opts: { scenario: string; agents?: number; ticks: number; seed?: number; brain: string; out?: string; json?: boolean }) => {
      if (opts.brain !== 'heuristic') throw new CliError(`--brain ${opts.brain}: unknown brain (available: heuristic)`);
      const scenario = loadScenario(opts.scenario);
      const showBar = !opts.json && process.stderr.isTTY;
      const bar = showBar ? new SingleBar({ format: 'ticks {bar} {value}/{total} ({percentage}%) eta {eta}s', stream: process.stderr, hideCursor: true }) : null;
      bar?.start(opts.ticks, 0);
      const { summary } = runHeadless({
        scenario,
        ticks: opts.ticks,
        seed: opts.seed,
        agents: opts.agents,
        out: opts.out,
        onProgress: bar ? (done) => bar.update(done) : undefined,
      });
      bar?.stop();
      if (opts.json) {
        process.stdout.write(JSON.stringify(summary) + '\n');
      } else {
        const m = summary.metrics;
        process.stdout.write(
          [
            `scenario ${summary.scenario}, seed ${summary.seed}: ${summary.ticks} ticks (${summary.date})`,
            `agents alive: ${summary.agents}`,
            `speed: ${summary.ticksPerSecond} ticks/s`,
            `mean energy ${fmt(m.meanEnergy)}, health ${fmt(m.meanHealth)}, hunger ${fmt(m.meanHunger)}`,
            `state hash: ${summary.stateHash}`,
            opts.out ? `output written to ${opts.out}` : '',
          ]
            .filter(Boolean)
            .join('\n') + '\n',
        );
      }
    });

  program
    .command('scenarios')
    .description('list the built-in scenarios')
    .action(() => void process.stdout.write(listScenarios().join('\n') + '\n'));

  return program;
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
