// The CLI as a user runs it: the installed bin script in a child process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(__dirname, '../../bin/llm-society.mjs');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('llm-society CLI', () => {
  it('runs the default scenario and prints a JSON summary as the last stdout line', () => {
    const out = mkdtempSync(join(tmpdir(), 'llms-'));
    const r = cli('run', '--ticks', '100', '--json', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const last = r.stdout.trim().split('\n').at(-1)!;
    const summary = JSON.parse(last);
    expect(summary).toMatchObject({ ticks: 100, agents: 200, seed: 42, scenario: 'village' });
    expect(summary.stateHash).toMatch(/^[0-9a-f]{16}$/);
    expect(summary.ticksPerSecond).toBeGreaterThan(0);
    expect(summary.metrics.population).toBe(200);
    const csv = readFileSync(join(out, 'metrics.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^day,tick,population,/);
    expect(csv.length).toBe(4); // header + days 0, 1, 2 (48 ticks per day)
    // Same seed, same hash; --seed changes it.
    expect(JSON.parse(cli('run', '--ticks', '100', '--json').stdout.trim()).stateHash).toBe(summary.stateHash);
    expect(JSON.parse(cli('run', '--ticks', '100', '--json', '--seed', '5').stdout.trim()).stateHash).not.toBe(summary.stateHash);
  });

  it('prints a human summary without --json', () => {
    const r = cli('run', '--ticks', '10', '--agents', '20');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/agents alive: 20/);
    expect(r.stdout).toMatch(/state hash: [0-9a-f]{16}/);
  });

  it('rejects a broken scenario file with one line naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llms-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify({ name: 'broken', agents: 'lots' }));
    const r = cli('run', '--scenario', file, '--ticks', '5');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/field "agents"/);
    writeFileSync(file, '{ not json');
    expect(cli('run', '--scenario', file).stderr).toMatch(/not valid JSON/);
  });

  it('rejects bad arguments with a one-line error and a non-zero exit', () => {
    const r = cli('run', '--ticks', 'abc');
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--ticks must be an integer/);
    const u = cli('run', '--brain', 'telepathy');
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/unknown brain/);
    expect(cli('run', '--scenario', 'nowhere').stderr).toMatch(/not found/);
    expect(cli('scenarios').stdout).toMatch(/village/);
  });
});
