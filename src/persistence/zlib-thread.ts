// Compressing and decompressing a world file's sections on two threads at once, behind a synchronous
// call (saving and loading are synchronous: the simulation must not move while a snapshot is taken or
// a world is built). A helper worker_thread runs node:zlib on its share of the jobs while this thread
// does the rest; this thread then blocks on an Atomics.wait until the helper signals, and takes its
// answer with receiveMessageOnPort (no event loop turn needed). At 100,000 agents after a day a save
// deflates ~85 MiB and a load inflates as much: most of either is zlib, which splits cleanly by section.
// The helper starts on first use and is unref'd, so it never keeps a process alive.

import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** One section's deflate (level) or inflate (limit: the most bytes it may produce) job. */
export interface ZlibJob {
  data: Uint8Array;
  level?: number;
  limit?: number;
}

/** A job's bytes, or the message of the error zlib threw for it. */
export type ZlibResult = Uint8Array | string;

const HELPER_SOURCE = `
const { workerData } = require('node:worker_threads');
const zlib = require('node:zlib');
const { port, signal } = workerData;
port.on('message', (jobs) => {
  const results = jobs.map((j) => {
    try {
      return j.limit === undefined
        ? zlib.deflateRawSync(j.data, { level: j.level, memLevel: 9 })
        : zlib.inflateRawSync(j.data, { maxOutputLength: j.limit, chunkSize: Math.max(64, j.limit) });
    } catch (err) {
      return String((err && err.message) || err);
    }
  });
  // Move large results instead of copying them (small ones may share Node's buffer pool, which cannot move).
  const moved = [...new Set(results.filter((r) => typeof r !== 'string' && r.buffer.byteLength >= 65536).map((r) => r.buffer))];
  port.postMessage(results, moved);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

interface Helper {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
}

let helper: Helper | null = null;
let helperJobs = 0;
/** Set when the helper could not start or did not answer: everything runs on this thread from then on. */
let helperFailed = false;
/** A helper that has not answered in this long is given up (it would only be this slow if it had died). */
const ANSWER_TIMEOUT_MS = 120_000;
/** Below this many bytes in all, the round trip to the helper costs more than it saves. */
const SHARE_FROM = 4 << 20;

function startHelper(): Helper | null {
  if (helperFailed) return null;
  if (helper) return helper;
  try {
    const { port1, port2 } = new MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    // No inherited Node flags: the parent's loader hooks (tsx) would make the helper start slowly.
    const worker = new Worker(HELPER_SOURCE, { eval: true, execArgv: [], workerData: { port: port2, signal }, transferList: [port2] });
    worker.unref();
    port1.unref();
    worker.on('error', () => (helperFailed = true));
    helper = { worker, port: port1, signal };
  } catch {
    helperFailed = true;
  }
  return helper;
}

/** The job's bytes in a buffer of their own (posting a view copies its whole underlying buffer). */
function own(data: Uint8Array): Uint8Array {
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
}

/**
 * Run every job, about half of the work (by bytes in for deflate, bytes out for inflate) on the
 * helper thread and the rest here with `runHere`; results in the jobs' order.
 */
export function runZlibJobs(jobs: ZlibJob[], runHere: (job: ZlibJob) => ZlibResult): ZlibResult[] {
  const cost = (j: ZlibJob) => j.limit ?? j.data.length;
  const total = jobs.reduce((t, j) => t + cost(j), 0);
  const h = total >= SHARE_FROM && jobs.length > 1 ? startHelper() : null;
  if (!h) return jobs.map(runHere);
  // Largest first, each to the side with less work so far.
  const order = jobs.map((_, i) => i).sort((a, b) => cost(jobs[b]) - cost(jobs[a]));
  const theirs: number[] = [];
  const mine: number[] = [];
  let theirWork = 0;
  let myWork = 0;
  for (const i of order) {
    if (theirWork <= myWork) {
      theirs.push(i);
      theirWork += cost(jobs[i]);
    } else {
      mine.push(i);
      myWork += cost(jobs[i]);
    }
  }
  Atomics.store(h.signal, 0, 0);
  h.port.postMessage(theirs.map((i) => ({ data: own(jobs[i].data), level: jobs[i].level, limit: jobs[i].limit })));
  const results = new Array<ZlibResult>(jobs.length);
  for (const i of mine) results[i] = runHere(jobs[i]);
  const answer = Atomics.wait(h.signal, 0, 0, ANSWER_TIMEOUT_MS) === 'timed-out' ? undefined : receiveMessageOnPort(h.port);
  if (!answer) {
    // The helper is gone: never use it again, and do its share here.
    helperFailed = true;
    helper = null;
    void h.worker.terminate();
    for (const i of theirs) results[i] = runHere(jobs[i]);
    return results;
  }
  const theirResults = answer.message as ZlibResult[];
  helperJobs += theirs.length;
  theirs.forEach((i, k) => {
    const r = theirResults[k];
    results[i] = typeof r === 'string' ? r : new Uint8Array(r.buffer, r.byteOffset, r.byteLength);
  });
  return results;
}

/** How many jobs the helper thread has run in this process (for tests and benchmarks). */
export function jobsRunByHelper(): number {
  return helperJobs;
}
