// Gemini through `@google/genai` (the maintained SDK): generateContent with a JSON response schema.

import { GoogleGenAI } from '@google/genai';
import { ProviderError, type ChatRequest, type ChatResponse, type LlmProvider } from './types';

export interface GeminiOptions {
  model: string;
  apiKey: string;
  baseURL?: string;
  /** Model for embeddings (memory relevance), e.g. gemini-embedding-001; none: no embeddings. */
  embeddingModel?: string;
}

export class GeminiProvider implements LlmProvider {
  readonly vendor = 'gemini' as const;
  readonly model: string;
  readonly endpoint: string;
  private readonly client: GoogleGenAI;
  private readonly embeddingModel?: string;

  constructor(options: GeminiOptions) {
    this.embeddingModel = options.embeddingModel;
    if (!this.embeddingModel) this.embed = undefined;
    this.model = options.model;
    this.endpoint = options.baseURL ?? 'https://generativelanguage.googleapis.com';
    // No retryOptions: the SDK then makes exactly one attempt.
    this.client = new GoogleGenAI({ apiKey: options.apiKey, httpOptions: options.baseURL ? { baseUrl: options.baseURL } : undefined });
  }

  async chat(request: ChatRequest, signal: AbortSignal): Promise<ChatResponse> {
    const response = await this.client.models.generateContent({
      model: this.model,
      contents: [{ role: 'user', parts: [{ text: request.user }] }],
      config: {
        systemInstruction: request.system,
        temperature: request.temperature,
        maxOutputTokens: request.maxOutputTokens,
        responseMimeType: 'application/json',
        responseJsonSchema: request.schema,
        abortSignal: signal,
      },
    });
    const text = response.text;
    if (!text) throw new ProviderError('empty', 'the model returned no content');
    return { text, tokensIn: response.usageMetadata?.promptTokenCount ?? 0, tokensOut: response.usageMetadata?.candidatesTokenCount ?? 0 };
  }

  embed? = async (texts: string[], signal: AbortSignal): Promise<number[][]> => {
    const r = await this.client.models.embedContent({ model: this.embeddingModel!, contents: texts, config: { abortSignal: signal } });
    return (r.embeddings ?? []).map((e) => e.values ?? []);
  };
}
