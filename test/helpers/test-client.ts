/** The real OpenRouter client pointed at a fake, with short timeouts and no retries (tests only). */
import { createOpenRouterClient, type OpenRouterClient } from '../../src/openrouter/index.js';

export function testClient(
  fake: { baseUrl: string },
  apiKey: string,
  overrides: Partial<Parameters<typeof createOpenRouterClient>[0]> = {},
): OpenRouterClient {
  return createOpenRouterClient({
    baseUrl: fake.baseUrl,
    apiKey,
    appTitle: 'Switchboard',
    appCategories: [],
    connectTimeoutMs: 2_000,
    firstByteTimeoutMs: 5_000,
    idleTimeoutMs: 2_000,
    maxRetries: 0,
    ...overrides,
  });
}
