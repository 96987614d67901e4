// save / resume / inspect as a user runs them: the installed bin script in a child process.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT_VERSION } from '../../src/persistence/world-file';

const BIN = join(__dirname, '../../bin/llm-society.mjs');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

describe('llm-society save, resume and inspect', () => {
  // Each call starts a Node process that builds a world: slow when the machine is busy.
  it('run --save, then resume continues exactly where the straight run would be', { timeout: 180_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'llms-cli-'));
    const file = join(dir, 'village.society');
    const first = cli('run', '--agents', '20', '--ticks', '60', '--save', file, '--autosave-every', '1', '--json');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(lastJson(first.stdout)).toMatchObject({ ticks: 60, agents: 20 });
    expect(existsSync(file)).toBe(true);
    expect(existsSync(join(dir, 'village.autosave-0000000048.society'))).toBe(true); // day 1 at 48 ticks a day

    const resumed = cli('resume', file, '--ticks', '40', '--json', '--out', join(dir, 'out'));
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const straight = lastJson(cli('run', '--agents', '20', '--ticks', '100', '--json').stdout);
    const summary = lastJson(resumed.stdout);
    expect(Object.keys(summary).sort()).toEqual(Object.keys(straight).sort()); // the same summary shape as run
    expect(summary).toMatchObject({ ticks: 100, agents: straight.agents, seed: 42, scenario: 'village', stateHash: straight.stateHash });
    expect(readFileSync(join(dir, 'out', 'metrics.csv'), 'utf8').split('\n')[0]).toMatch(/^day,tick,population/);
    expect(existsSync(join(dir, 'out', 'run.sqlite'))).toBe(true);

    const info = cli('inspect', file, '--json');
    expect(info.code).toBe(0);
    const parsed = lastJson(info.stdout);
    expect(parsed).toMatchObject({ formatVersion: FORMAT_VERSION, appVersion: '0.1.0', scenario: 'village', seed: 42, tick: 60, population: lastJson(first.stdout).agents });
    expect(parsed.sections.find((s: { name: string }) => s.name === 'component Vitals').rawBytes).toBeGreaterThan(20 * 4 * 5);
    const human = cli('inspect', file);
    expect(human.stdout).toMatch(new RegExp(`world file format ${FORMAT_VERSION}, written by llm-society 0\\.1\\.0`));
    expect(human.stdout).toMatch(/population \d+/);
    expect(human.stdout).toMatch(/component Vitals/);
  });

  it('a bad file: one line on stderr, a non-zero exit, for inspect and resume', { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'llms-cli-'));
    const file = join(dir, 'broken.society');
    writeFileSync(file, Buffer.from([0x89, 0x53, 0x4f, 0x43, 0x49, 0x45, 0x54, 0x59, FORMAT_VERSION + 1, 0, 0, 0]));
    const inspect = cli('inspect', file);
    expect(inspect.code).toBe(2);
    expect(inspect.stdout).toBe('');
    expect(inspect.stderr.trim().split('\n')).toHaveLength(1);
    expect(inspect.stderr).toMatch(new RegExp(`broken\\.society: format version ${FORMAT_VERSION + 1} is newer than this app reads`));
    const resume = cli('resume', join(dir, 'missing.society'), '--ticks', '5');
    expect(resume.code).toBe(2);
    expect(resume.stderr.trim()).toMatch(/^error: .*missing\.society: no such file$/);
  });
});
