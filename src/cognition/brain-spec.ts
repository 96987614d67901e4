// The --brain argument: heuristic | openai:MODEL | anthropic:MODEL | gemini:MODEL |
// openai-compatible:MODEL@URL[,URL...] | replay:FILE. Keys come from the environment or settings.

import { AnthropicProvider } from './providers/anthropic';
import { GeminiProvider } from './providers/gemini';
import { OpenAiProvider } from './providers/openai';
import type { LlmProvider, Vendor } from './providers/types';

export type BrainSpec =
  | { kind: 'heuristic' }
  | { kind: 'llm'; vendor: Vendor; model: string; baseUrls: string[] }
  | { kind: 'replay'; file: string };

export class BrainSpecError extends Error {
  override readonly name = 'BrainSpecError';
}

export function parseBrainSpec(text: string): BrainSpec {
  const s = text.trim();
  if (s === 'heuristic') return { kind: 'heuristic' };
  const colon = s.indexOf(':');
  if (colon < 0) throw new BrainSpecError(`--brain ${s}: unknown brain (available: heuristic, openai:MODEL, anthropic:MODEL, gemini:MODEL, openai-compatible:MODEL@BASE_URL, replay:FILE)`);
  const head = s.slice(0, colon);
  const rest = s.slice(colon + 1);
  if (!rest) throw new BrainSpecError(`--brain ${s}: missing ${head === 'replay' ? 'file' : 'model'} after "${head}:"`);
  switch (head) {
    case 'replay':
      return { kind: 'replay', file: rest };
    case 'openai':
    case 'anthropic':
    case 'gemini': {
      // An optional @URL points the official SDK at another host (a proxy or a local test server).
      const [model, urls] = splitAt(rest);
      return { kind: 'llm', vendor: head, model, baseUrls: urls };
    }
    case 'openai-compatible': {
      const [model, urls] = splitAt(rest);
      if (urls.length === 0) throw new BrainSpecError(`--brain ${s}: openai-compatible needs MODEL@BASE_URL (several URLs separated by commas)`);
      return { kind: 'llm', vendor: 'openai-compatible', model, baseUrls: urls };
    }
    default:
      throw new BrainSpecError(`--brain ${s}: unknown brain "${head}" (available: heuristic, openai, anthropic, gemini, openai-compatible, replay)`);
  }
}

function splitAt(rest: string): [string, string[]] {
  const at = rest.indexOf('@');
  if (at < 0) return [rest, []];
  const model = rest.slice(0, at);
  if (!model) throw new BrainSpecError(`--brain: missing model before "@"`);
  const urls = rest
    .slice(at + 1)
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  for (const u of urls) {
    if (!/^https?:\/\/[^\s]+$/.test(u)) throw new BrainSpecError(`--brain: "${u}" is not an http(s) URL`);
  }
  return [model, urls];
}

export const KEY_ENV: Readonly<Record<Vendor, string>> = {
  openai: 'OPENAI_API_KEY',
  'openai-compatible': 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  gemini: 'GEMINI_API_KEY',
};

/** The API key for a vendor: settings first, then the environment. Local compatible servers need none. */
export function resolveKey(vendor: Vendor, settings: Partial<Record<Vendor, string>> = {}, env: Record<string, string | undefined> = {}): string {
  const key = settings[vendor] ?? env[KEY_ENV[vendor]];
  if (key) return key;
  if (vendor === 'openai-compatible') return 'no-key';
  throw new BrainSpecError(`no API key for ${vendor}: set ${KEY_ENV[vendor]} or add it in the settings`);
}

/** One provider per base URL (an empty list means the vendor's default host). */
export function makeProviders(spec: Extract<BrainSpec, { kind: 'llm' }>, apiKey: string, embeddingModel?: string): LlmProvider[] {
  const urls: (string | undefined)[] = spec.baseUrls.length ? spec.baseUrls : [undefined];
  return urls.map((baseURL) => {
    switch (spec.vendor) {
      case 'openai':
      case 'openai-compatible':
        return new OpenAiProvider({ model: spec.model, apiKey, baseURL, compatible: spec.vendor === 'openai-compatible', embeddingModel });
      case 'anthropic':
        return new AnthropicProvider({ model: spec.model, apiKey, baseURL });
      case 'gemini':
        return new GeminiProvider({ model: spec.model, apiKey, baseURL, embeddingModel });
    }
  });
}
