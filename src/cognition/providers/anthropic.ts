// Anthropic through `@anthropic-ai/sdk`: structured output by forcing one tool whose input schema
// is the answer schema; the tool_use block's input is the answer.

import Anthropic from '@anthropic-ai/sdk';
import { ProviderError, type ChatRequest, type ChatResponse, type LlmProvider } from './types';

export interface AnthropicOptions {
  model: string;
  apiKey: string;
  baseURL?: string;
}

export class AnthropicProvider implements LlmProvider {
  readonly vendor = 'anthropic' as const;
  readonly model: string;
  readonly endpoint: string;
  private readonly client: Anthropic;

  constructor(options: AnthropicOptions) {
    this.model = options.model;
    this.endpoint = options.baseURL ?? 'https://api.anthropic.com';
    this.client = new Anthropic({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0, timeout: 10 * 60_000 });
  }

  async chat(request: ChatRequest, signal: AbortSignal): Promise<ChatResponse> {
    const message = await this.client.messages.create(
      {
        model: this.model,
        max_tokens: request.maxOutputTokens,
        system: request.system,
        messages: [{ role: 'user', content: request.user }],
        tools: [{ name: request.schemaName, description: 'Submit your answer.', input_schema: request.schema as Anthropic.Tool.InputSchema }],
        tool_choice: { type: 'tool', name: request.schemaName },
      },
      { signal, maxRetries: 0 },
    );
    const usage = { tokensIn: message.usage?.input_tokens ?? 0, tokensOut: message.usage?.output_tokens ?? 0 };
    for (const block of message.content) {
      if (block.type === 'tool_use') return { text: JSON.stringify(block.input), ...usage };
    }
    // A model that ignored the tool may still have written JSON as text; the parser judges it.
    const text = message.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    if (!text) throw new ProviderError('empty', 'the model returned neither a tool call nor text');
    return { text, ...usage };
  }
}
