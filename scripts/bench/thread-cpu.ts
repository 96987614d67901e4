// CPU time of the simulation's (main) thread, for benchmarks on a shared machine: other processes
// cannot steal it, and the HTTP thread's and the collector's helper threads do not count.

import { readFileSync } from 'node:fs';

/** Milliseconds the main thread has run (Linux: its task id is the process id); process CPU where /proc is missing. */
export function mainThreadCpuMs(): number {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
}
