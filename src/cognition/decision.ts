// What an LLM may answer, and how an answer is judged before it reaches the game rules.
// The answer schema is built from the ActionRegistry, so actions other plugins add appear in the
// prompt and the structured-output schema without changes here. Answers are untrusted input:
// parsed, schema-checked, speech screened for smuggled instructions; the rules (registry.check)
// judge the action when it is applied.

import { z } from 'zod';
import type { ActionRegistry, ActionRequest } from '../society/actions';

export const MAX_THOUGHT = 300;
export const MAX_SPEECH = 240;

const ActionShape = z.object({ type: z.string().min(1).max(60) }).catchall(z.unknown());

const DecisionShape = z
  .object({
    agent: z.number().int().min(0),
    action: ActionShape,
    thought: z.string().max(MAX_THOUGHT * 2).default(''),
    speech: z.string().max(MAX_SPEECH * 2).nullish(),
  })
  .strip();

export const DecisionAnswerSchema = z.object({ decisions: z.array(DecisionShape).min(1).max(64) }).strip();

export interface AgentDecision {
  action: ActionRequest;
  thought: string;
  speech: string | null;
}

export type ParsedAnswer = { ok: true; byAgent: Map<number, AgentDecision | { rejected: string }> } | { ok: false; reason: string; kind: string };

/** JSON text from a provider → per-agent decisions (or per-agent rejection reasons). */
export function parseDecisionAnswer(text: string, agents: readonly number[]): ParsedAnswer {
  let data: unknown;
  try {
    data = JSON.parse(stripFence(text));
  } catch {
    return { ok: false, kind: 'malformed_json', reason: 'the answer was not valid JSON' };
  }
  // A single-agent answer may come without the "decisions" wrapper.
  if (agents.length === 1 && data && typeof data === 'object' && !Array.isArray(data) && !('decisions' in data) && 'action' in data) {
    data = { decisions: [{ agent: agents[0], ...(data as object) }] };
  }
  const parsed = DecisionAnswerSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, kind: 'schema', reason: `the answer does not match the schema: ${issue.path.join('.') || '(root)'}: ${issue.message}` };
  }
  const byAgent = new Map<number, AgentDecision | { rejected: string }>();
  for (const d of parsed.data.decisions) {
    if (!agents.includes(d.agent) || byAgent.has(d.agent)) continue;
    const speech = d.speech ? d.speech.trim() : null;
    const smuggled = speech ? injectionIn(speech) : null;
    if (smuggled) {
      byAgent.set(d.agent, { rejected: `speech rejected: it contains instructions (${smuggled})` });
      continue;
    }
    const { type, ...args } = d.action;
    byAgent.set(d.agent, {
      action: { type, ...args },
      thought: clean(d.thought).slice(0, MAX_THOUGHT),
      speech: speech ? clean(speech).slice(0, MAX_SPEECH) : null,
    });
  }
  for (const a of agents) if (!byAgent.has(a)) byAgent.set(a, { rejected: `the answer has no decision for agent ${a}` });
  return { ok: true, byAgent };
}

/** Models sometimes wrap JSON in a Markdown fence despite structured output. */
function stripFence(text: string): string {
  const m = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(text);
  return m ? m[1] : text;
}

/** Control characters and newlines out: speech and thoughts are one line in other agents' prompts. */
export function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

const INJECTION: [RegExp, string][] = [
  [/\b(ignore|disregard|forget)\b[^.]{0,40}\b(previous|prior|above|earlier|all)\b[^.]{0,20}\b(instructions?|prompts?|rules?|messages?)/i, 'asks to ignore instructions'],
  [/<\/?\s*(system|assistant|user|tool|im_start|im_end)\b[^>]*>/i, 'role tag'],
  [/<\|[a-z_]+\|>/i, 'special token'],
  [/^\s*(system|assistant|developer)\s*:/im, 'role prefix'],
  [/\b(you are now|new instructions|system prompt|act as an? )/i, 'tries to re-instruct the reader'],
];

/** Why this speech looks like an attempt to instruct another agent's model, or null. */
export function injectionIn(speech: string): string | null {
  for (const [re, what] of INJECTION) if (re.test(speech)) return what;
  return null;
}

/** JSON Schema for one action: {type: const, ...its arguments}. */
function actionJsonSchema(name: string, args: z.ZodType): Record<string, unknown> {
  let schema: Record<string, unknown>;
  try {
    schema = z.toJSONSchema(args, { unrepresentable: 'any' }) as Record<string, unknown>;
  } catch {
    schema = { type: 'object' };
  }
  const properties = { type: { type: 'string', const: name }, ...((schema.properties as object) ?? {}) };
  const required = ['type', ...((schema.required as string[]) ?? [])];
  return { type: 'object', properties, required, additionalProperties: false };
}

/** The structured-output schema of a batched decision answer, from the registry. */
export function decisionJsonSchema(registry: ActionRegistry): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      decisions: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            agent: { type: 'integer', description: 'the id of the agent this decision is for' },
            action: { anyOf: registry.all().map((d) => actionJsonSchema(d.name, d.args)) },
            thought: { type: 'string', description: `why, in one short sentence (at most ${MAX_THOUGHT} characters)` },
            speech: { type: 'string', description: 'optional words said aloud to the nearest agent' },
          },
          required: ['agent', 'action', 'thought'],
          additionalProperties: false,
        },
      },
    },
    required: ['decisions'],
    additionalProperties: false,
  };
}

/** One line per action for the prompt: name, arguments, description. */
export function actionLines(registry: ActionRegistry): string[] {
  return registry.all().map((d) => {
    let args = '';
    try {
      const s = z.toJSONSchema(d.args, { unrepresentable: 'any' }) as { properties?: Record<string, { type?: string; enum?: unknown[] }> };
      args = Object.entries(s.properties ?? {})
        .map(([k, v]) => `${k}:${v.enum ? v.enum.join('|') : (v.type ?? 'any')}`)
        .join(', ');
    } catch {
      args = '?';
    }
    return `- ${d.name}(${args}): ${d.description}`;
  });
}

export const ReflectionAnswerSchema = z.object({ insights: z.array(z.string().min(1).max(400)).min(1).max(5) }).strip();

export const REFLECTION_JSON_SCHEMA = {
  type: 'object',
  properties: { insights: { type: 'array', items: { type: 'string' }, description: '1 to 3 short higher-level insights' } },
  required: ['insights'],
  additionalProperties: false,
};

export const TurnAnswerSchema = z
  .object({
    say: z.string().min(1).max(MAX_SPEECH * 2),
    end: z.boolean().default(false),
    propose: ActionShape.nullish(),
  })
  .strip();

export function turnJsonSchema(registry: ActionRegistry): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      say: { type: 'string', description: 'what you say next (one or two sentences)' },
      end: { type: 'boolean', description: 'true to end the conversation' },
      propose: { anyOf: registry.all().map((d) => actionJsonSchema(d.name, d.args)), description: 'optional: an action you agree to do after talking' },
    },
    required: ['say', 'end'],
    additionalProperties: false,
  };
}

export function parseJson<T>(text: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; kind: string; reason: string } {
  let data: unknown;
  try {
    data = JSON.parse(stripFence(text));
  } catch {
    return { ok: false, kind: 'malformed_json', reason: 'the answer was not valid JSON' };
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, kind: 'schema', reason: `the answer does not match the schema: ${issue.path.join('.') || '(root)'}: ${issue.message}` };
  }
  return { ok: true, value: parsed.data };
}
