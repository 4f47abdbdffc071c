/**
 * The fake OpenRouter for a test file (or the describe block this is called in): started before its
 * tests, reset before each one, closed after them. The returned names stand for the running instance.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { OpenRouterClient } from '../../src/openrouter/index.js';
import { type FakeOpenRouter, type FakeOpenRouterOptions, startFakeOpenRouter } from '../fakes/openrouter.js';
import { liveView } from './live-view.js';
import { testClient } from './test-client.js';

export function useFakeOpenRouter(options: FakeOpenRouterOptions = {}): FakeOpenRouter {
  let fake: FakeOpenRouter | undefined;
  beforeAll(async () => {
    fake = await startFakeOpenRouter(options);
  });
  afterAll(async () => {
    await fake?.close();
    fake = undefined;
  });
  beforeEach(() => fake?.reset());
  return liveView('the fake OpenRouter', () => fake);
}

/** `useFakeOpenRouter` and the real client pointed at it (`testClient`), closed after the tests. */
export function useOpenRouterClient(
  apiKey: string,
  overrides: Parameters<typeof testClient>[2] = {},
): { openrouter: FakeOpenRouter; client: OpenRouterClient } {
  const openrouter = useFakeOpenRouter({ apiKey });
  let client: OpenRouterClient | undefined;
  beforeAll(() => {
    client = testClient(openrouter, apiKey, overrides);
  });
  afterAll(async () => {
    await client?.close();
    client = undefined;
  });
  return { openrouter, client: liveView('the OpenRouter client', () => client) };
}
