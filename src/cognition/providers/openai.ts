// OpenAI and every OpenAI-compatible server (Ollama, LM Studio, vLLM, llama.cpp, OpenRouter, Groq)
// through the official `openai` SDK: chat completions with a JSON-schema response_format.

import OpenAI from 'openai';
import { ProviderError, type ChatRequest, type ChatResponse, type LlmProvider, type Vendor } from './types';

export interface OpenAiOptions {
  model: string;
  apiKey: string;
  /** Omit for api.openai.com. */
  baseURL?: string;
  compatible?: boolean;
  /** Model for embeddings (memory relevance), e.g. text-embedding-3-small; none: no embeddings. */
  embeddingModel?: string;
}

export class OpenAiProvider implements LlmProvider {
  readonly vendor: Vendor;
  readonly model: string;
  readonly endpoint: string;
  private readonly client: OpenAI;
  private readonly embeddingModel?: string;

  constructor(options: OpenAiOptions) {
    this.embeddingModel = options.embeddingModel;
    if (!this.embeddingModel) this.embed = undefined;
    this.vendor = options.compatible ? 'openai-compatible' : 'openai';
    this.model = options.model;
    this.endpoint = options.baseURL ?? 'https://api.openai.com/v1';
    // Retries and timeouts are ours (endpoint-pool.ts), so the SDK's are off.
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0, timeout: 10 * 60_000 });
  }

  async chat(request: ChatRequest, signal: AbortSignal): Promise<ChatResponse> {
    const completion = await this.client.chat.completions.create(
      {
        model: this.model,
        messages: [
          { role: 'system', content: request.system },
          { role: 'user', content: request.user },
        ],
        temperature: request.temperature,
        // OpenAI's current models take max_completion_tokens; many compatible servers only know max_tokens.
        ...(this.vendor === 'openai' ? { max_completion_tokens: request.maxOutputTokens } : { max_tokens: request.maxOutputTokens }),
        response_format: { type: 'json_schema', json_schema: { name: request.schemaName, schema: request.schema, strict: false } },
      },
      { signal, maxRetries: 0 },
    );
    const text = completion.choices?.[0]?.message?.content;
    if (typeof text !== 'string' || text.length === 0) throw new ProviderError('empty', 'the model returned no content');
    return { text, tokensIn: completion.usage?.prompt_tokens ?? 0, tokensOut: completion.usage?.completion_tokens ?? 0 };
  }

  embed? = async (texts: string[], signal: AbortSignal): Promise<number[][]> => {
    const r = await this.client.embeddings.create({ model: this.embeddingModel!, input: texts, encoding_format: 'float' }, { signal, maxRetries: 0 });
    return [...r.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
  };
}
