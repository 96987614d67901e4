// Optional embedding relevance: vectors from the provider's embeddings API (OpenAI SDK over HTTP to
// a local server), cached by text, used by memory retrieval when known, keyword relevance otherwise.

import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddingCache } from '../../src/cognition/embeddings';
import { DEFAULT_MEMORY_LIMITS, MemoryStore } from '../../src/cognition/memory';
import { OpenAiProvider } from '../../src/cognition/providers/openai';
import { startFakeLlm, type FakeServer } from './fake-llm-server';
import { FAKE_KEY } from './helpers';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A toy embedding: [food-ness, water-ness, everything else]. */
function toyVector(text: string): number[] {
  const t = text.toLowerCase();
  return [/bread|food|hungry|eat|fish/.test(t) ? 1 : 0, /river|water|rain/.test(t) ? 1 : 0, 0.05];
}

describe('embedding relevance', () => {
  it('fetches vectors through the SDK, caches them, and ranks a memory with no shared words above the rest', async () => {
    server = await startFakeLlm('openai', (req) => {
      const input = req.body.input as string[];
      return { raw: { object: 'list', model: 'toy-embed', data: input.map((t, index) => ({ object: 'embedding', index, embedding: toyVector(t) })), usage: { prompt_tokens: 1, total_tokens: 1 } } };
    });
    const provider = new OpenAiProvider({ model: 'm', apiKey: FAKE_KEY, baseURL: server.baseURL, embeddingModel: 'toy-embed' });
    const cache = new EmbeddingCache(provider.embed!);
    const memory = new MemoryStore({ ...DEFAULT_MEMORY_LIMITS, recencyHalfLifeTicks: 1000 });
    memory.add(1, 0, { tick: 0, kind: 'trade', importance: 3, text: 'Sold bread at the square.' });
    memory.add(1, 0, { tick: 0, kind: 'observation', importance: 3, text: 'The river rose after the storm.' });
    memory.add(1, 0, { tick: 0, kind: 'observation', importance: 3, text: 'Met a stranger on the road.' });
    const vectorOf = (t: string) => cache.get(t);
    // First call: no vectors yet, keyword relevance (no overlap with "hungry") keeps insertion recency order.
    expect(memory.retrieve(1, 'hungry', 0, 1, vectorOf)[0].text).toMatch(/stranger/);
    await cache.flush();
    expect(server.requests[0].path).toBe('/v1/embeddings');
    expect(server.requests[0].body.model).toBe('toy-embed');
    expect(cache.size).toBe(4);
    expect(memory.retrieve(1, 'hungry', 0, 1, vectorOf)[0].text).toMatch(/bread/);
    expect(memory.retrieve(1, 'rain', 0, 1, vectorOf)[0].text).toMatch(/stranger/); // "rain" has no vector yet: keywords
    await cache.flush();
    expect(memory.retrieve(1, 'rain', 0, 1, vectorOf)[0].text).toMatch(/river/);
  });

  it('a failing embeddings endpoint leaves keyword relevance in use and never throws', async () => {
    server = await startFakeLlm('openai', () => ({ status: 500 }));
    const provider = new OpenAiProvider({ model: 'm', apiKey: FAKE_KEY, baseURL: server.baseURL, embeddingModel: 'toy-embed' });
    const cache = new EmbeddingCache(provider.embed!);
    expect(cache.get('anything')).toBeUndefined();
    await cache.flush();
    expect(cache.failures).toBe(1);
    expect(cache.size).toBe(0);
    expect(new OpenAiProvider({ model: 'm', apiKey: FAKE_KEY }).embed).toBeUndefined(); // no embedding model: no embeddings
  });
});
