// A finished run leaves nothing behind that keeps Node alive: the CLI's run in a child process whose
// entry does NOT call process.exit (the installed command does), against a server that would answer
// only after 60 s with a 60 s request timeout. Without the abort at the end of the run, the process
// would live on until those requests ended; with it, it exits as soon as the summary is printed,
// and the server sees every connection closed unanswered.

import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { decisions, startFakeLlm, type FakeServer } from './fake-llm-server';
import { FAKE_KEY } from './helpers';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the CLI process after an LLM run', () => {
  it('exits promptly once the run is over, its requests aborted', async () => {
    server = await startFakeLlm('openai', (req) => ({ delayMs: 60_000, then: decisions(req) }));
    const args = ['run', '--ticks', '1500', '--agents', '30', '--json', '--brain', `openai-compatible:slow@${server.baseURL}`, '--llm-agents', '8', '--timeout-ms', '60000'];
    const entry = `const { main } = await import('./src/cli/main.ts'); process.exitCode = await main(${JSON.stringify(args)});`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', entry], { cwd: process.cwd(), env: { ...process.env, OPENAI_API_KEY: FAKE_KEY }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let summaryAt = 0;
    child.stdout.on('data', (d) => {
      stdout += d;
      if (!summaryAt && stdout.includes('"stateHash"')) {
        summaryAt = performance.now();
        // A process that lingers is stopped, so the test fails on the time below, not on its timeout.
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const lingered = performance.now() - summaryAt;
    expect(summaryAt).toBeGreaterThan(0);
    expect(lingered).toBeLessThan(3000);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(summary.llm.cancelled).toBe(8);
    expect(server.requests.length).toBe(8);
    for (let t = performance.now(); server.inFlight > 0 && performance.now() - t < 2000; ) await new Promise((r) => setTimeout(r, 10));
    expect(server.abandoned).toBe(8);
  });
});
