// `llm-society run --gpu auto|on|off` as a user runs it (child process, real Dawn). The GPU path of
// the run loop itself is covered in-process by stepper.test.ts (CLI processes are slow to start here).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(__dirname, '../../bin/llm-society.mjs');

function cli(icd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'run', '--ticks', '3', '--agents', '40', '--json', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, VK_ICD_FILENAMES: icd },
  });
  // Dawn and the Vulkan loader print their own diagnostics; ours are the lines starting "gpu:" / "error:".
  const ours = r.stderr.split('\n').filter((l) => /^(gpu|error): /.test(l) && !/XDG_RUNTIME_DIR/.test(l));
  return { code: r.status, stdout: r.stdout, ours };
}

describe('--gpu on the runner', () => {
  it('on without an adapter: exit 2 and one error line', () => {
    const r = cli('/nonexistent/icd.json', '--gpu', 'on');
    expect(r.code).toBe(2);
    expect(r.ours).toEqual(['error: --gpu on: no WebGPU adapter found']);
  });

  it('auto without an adapter: one line, then the run on the CPU', () => {
    const auto = cli('/nonexistent/icd.json', '--gpu', 'auto');
    expect(auto.code).toBe(0);
    expect(auto.ours).toEqual(['gpu: no WebGPU adapter found; running on the CPU']);
    expect(JSON.parse(auto.stdout.trim().split('\n').at(-1)!)).toMatchObject({ ticks: 3, agents: 40 });
  });
});
