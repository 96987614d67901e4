// The decision log: a JSONL file. The first line is a header; then every answer the cognition
// system consumed, at the tick it consumed it (what a provider returned, or how the call failed),
// and every decision it applied. Replay feeds the "answer" lines back at the same ticks, so a
// replayed run makes the same decisions with no network and reaches the same state hash.

export const RECORD_VERSION = 1;

export interface RecordHeader {
  type: 'header';
  version: number;
  brain: string;
  seed: number;
  scenario: string;
  llmAgents: number;
}

export type RequestKind = 'decide' | 'reflect' | 'turn';

export interface AnswerLine {
  type: 'answer';
  tick: number;
  seq: number;
  kind: RequestKind;
  /** [entity id, generation] of each agent the request was for. */
  agents: [number, number][];
  conversation?: number;
  /** Hash of the full request (model, parameters, prompts). */
  hash: string;
  text?: string;
  error?: string;
}

export interface AppliedLine {
  type: 'applied';
  tick: number;
  agent: number;
  hash: string;
  action: Record<string, unknown>;
  thought: string;
  speech: string | null;
}

export type RecordLine = RecordHeader | AnswerLine | AppliedLine;

export class RecordError extends Error {
  override readonly name = 'RecordError';
}

/** A parsed decision log: the header and the answers grouped by tick. */
export class ReplayLog {
  readonly byTick = new Map<number, AnswerLine[]>();
  readonly applied: AppliedLine[] = [];

  constructor(
    readonly header: RecordHeader,
    answers: AnswerLine[],
    applied: AppliedLine[],
  ) {
    for (const a of answers) {
      let list = this.byTick.get(a.tick);
      if (!list) this.byTick.set(a.tick, (list = []));
      list.push(a);
    }
    this.applied.push(...applied);
  }

  static parse(text: string, source = 'decision log'): ReplayLog {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) throw new RecordError(`${source}: empty file`);
    const rows: unknown[] = lines.map((l, i) => {
      try {
        return JSON.parse(l);
      } catch {
        throw new RecordError(`${source}: line ${i + 1} is not valid JSON`);
      }
    });
    const header = rows[0] as RecordHeader;
    if (!header || header.type !== 'header') throw new RecordError(`${source}: line 1 must be the header`);
    if (header.version !== RECORD_VERSION) throw new RecordError(`${source}: version ${header.version} is not supported (expected ${RECORD_VERSION})`);
    if (!Number.isInteger(header.llmAgents) || header.llmAgents < 0 || !Number.isInteger(header.seed)) throw new RecordError(`${source}: header needs integer seed and llmAgents`);
    const answers: AnswerLine[] = [];
    const applied: AppliedLine[] = [];
    rows.slice(1).forEach((r, i) => {
      const row = r as AnswerLine | AppliedLine;
      const at = `${source}: line ${i + 2}`;
      if (row?.type === 'applied') {
        applied.push(row);
        return;
      }
      if (row?.type !== 'answer') throw new RecordError(`${at}: unknown line type`);
      if (!Number.isInteger(row.tick) || !Number.isInteger(row.seq) || !['decide', 'reflect', 'turn'].includes(row.kind)) throw new RecordError(`${at}: answer needs integer tick, seq and a kind`);
      if (!Array.isArray(row.agents) || !row.agents.every((a) => Array.isArray(a) && a.length === 2 && a.every(Number.isInteger))) throw new RecordError(`${at}: agents must be [id, generation] pairs`);
      if (typeof row.text !== 'string' && typeof row.error !== 'string') throw new RecordError(`${at}: answer needs text or error`);
      answers.push(row);
    });
    return new ReplayLog(header, answers, applied);
  }
}
