// Local HTTP servers on 127.0.0.1 that speak each vendor's wire protocol (OpenAI chat completions,
// Anthropic messages with tool_use, Gemini generateContent), so the real SDKs are exercised over
// real HTTP. A script decides each reply: a structured answer, raw text, an HTTP error, a hang.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Vendor = 'openai' | 'anthropic' | 'gemini';

export interface FakeRequest {
  n: number;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  /** The system + user prompt text. */
  prompt: string;
  /** Agent ids named in a decision prompt ("## Person N:"). */
  agents: number[];
  /** Which structured-output answer was asked for (decisions, reflection, conversation_turn). */
  schemaName: string;
}

export type Reply =
  | { json: unknown; tokensIn?: number; tokensOut?: number }
  | { text: string; tokensIn?: number; tokensOut?: number }
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { hang: true }
  /** A body sent as it is (e.g. an embeddings response). */
  | { raw: unknown }
  | { delayMs: number; then: Reply };

export type Script = (req: FakeRequest) => Reply;

export interface FakeServer {
  url: string;
  /** Base URL to give the SDK (OpenAI's includes /v1). */
  baseURL: string;
  requests: FakeRequest[];
  inFlight: number;
  maxInFlight: number;
  /** Requests whose connection the client closed before the server had answered (aborted calls). */
  abandoned: number;
  close(): Promise<void>;
}

export async function startFakeLlm(vendor: Vendor, script: Script): Promise<FakeServer> {
  const state: FakeServer = { url: '', baseURL: '', requests: [], inFlight: 0, maxInFlight: 0, abandoned: 0, close: async () => {} };
  let n = 0;
  let closing = false;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        body = {};
      }
      const { prompt, schemaName } = promptOf(vendor, body);
      const fake: FakeRequest = { n: n++, path: req.url ?? '', headers: req.headers, body, prompt, agents: [...prompt.matchAll(/## Person (\d+):/g)].map((m) => Number(m[1])), schemaName };
      state.requests.push(fake);
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      res.on('close', () => {
        state.inFlight--;
        if (!res.writableEnded && !closing) state.abandoned++;
      });
      respond(vendor, res, script(fake), schemaName, String(body.model ?? 'fake-model'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${port}`;
  state.baseURL = vendor === 'openai' ? `${state.url}/v1` : state.url;
  state.close = () =>
    new Promise<void>((resolve) => {
      closing = true;
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

function promptOf(vendor: Vendor, body: Record<string, unknown>): { prompt: string; schemaName: string } {
  if (vendor === 'openai') {
    const messages = (body.messages as { content: string }[]) ?? [];
    const rf = body.response_format as { json_schema?: { name?: string } } | undefined;
    return { prompt: messages.map((m) => m.content).join('\n'), schemaName: rf?.json_schema?.name ?? '' };
  }
  if (vendor === 'anthropic') {
    const messages = (body.messages as { content: string }[]) ?? [];
    const tools = (body.tools as { name: string }[]) ?? [];
    return { prompt: `${body.system ?? ''}\n${messages.map((m) => m.content).join('\n')}`, schemaName: tools[0]?.name ?? '' };
  }
  const contents = (body.contents as { parts: { text: string }[] }[]) ?? [];
  const sys = body.systemInstruction as { parts?: { text: string }[] } | undefined;
  const text = [...(sys?.parts ?? []), ...contents.flatMap((c) => c.parts)].map((p) => p.text).join('\n');
  const gc = body.generationConfig as { responseJsonSchema?: { properties?: Record<string, unknown> } } | undefined;
  const props = Object.keys(gc?.responseJsonSchema?.properties ?? {});
  const schemaName = props.includes('decisions') ? 'decisions' : props.includes('insights') ? 'reflection' : props.includes('say') ? 'conversation_turn' : '';
  return { prompt: text, schemaName };
}

function respond(vendor: Vendor, res: ServerResponse, reply: Reply, schemaName: string, model: string): void {
  if ('hang' in reply) return; // never answers; the client's timeout must fire
  if ('raw' in reply) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.raw));
    return;
  }
  if ('delayMs' in reply) {
    setTimeout(() => respond(vendor, res, reply.then, schemaName, model), reply.delayMs);
    return;
  }
  if ('status' in reply) {
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body ?? errorBody(vendor, reply.status)));
    return;
  }
  const tokensIn = reply.tokensIn ?? 100;
  const tokensOut = reply.tokensOut ?? 20;
  const text = 'json' in reply ? JSON.stringify(reply.json) : reply.text;
  let body: unknown;
  if (vendor === 'openai') {
    body = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage: { prompt_tokens: tokensIn, completion_tokens: tokensOut, total_tokens: tokensIn + tokensOut },
    };
  } else if (vendor === 'anthropic') {
    // A structured answer comes as the forced tool's input; raw text as a text block.
    const content = 'json' in reply ? [{ type: 'tool_use', id: 'toolu_1', name: schemaName, input: reply.json }] : [{ type: 'text', text }];
    body = { id: 'msg_1', type: 'message', role: 'assistant', model, content, stop_reason: 'json' in reply ? 'tool_use' : 'end_turn', usage: { input_tokens: tokensIn, output_tokens: tokensOut } };
  } else {
    body = {
      candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: tokensIn, candidatesTokenCount: tokensOut, totalTokenCount: tokensIn + tokensOut },
    };
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function errorBody(vendor: Vendor, status: number): unknown {
  if (vendor === 'openai') return { error: { message: `fake error ${status}`, type: status === 429 ? 'rate_limit_exceeded' : 'server_error' } };
  if (vendor === 'anthropic') return { type: 'error', error: { type: status === 429 ? 'rate_limit_error' : 'api_error', message: `fake error ${status}` } };
  return { error: { code: status, message: `fake error ${status}`, status: status === 429 ? 'RESOURCE_EXHAUSTED' : 'INTERNAL' } };
}

/** A 429 in the vendor's own way of saying when to come back. */
export function rateLimited(vendor: Vendor, seconds: number): Reply {
  if (vendor === 'gemini') {
    return {
      status: 429,
      body: { error: { code: 429, message: 'quota exceeded', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${seconds}s` }] } },
    };
  }
  return { status: 429, headers: { 'retry-after': String(seconds) } };
}

/** A good decision for every agent named in the prompt. */
export function decisions(req: FakeRequest, action: (agent: number) => Record<string, unknown> = () => ({ type: 'rest' }), extra: Record<string, unknown> = {}): Reply {
  return { json: { decisions: req.agents.map((agent) => ({ agent, action: action(agent), thought: `agent ${agent} thinks`, ...extra })) } };
}
