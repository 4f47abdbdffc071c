/**
 * Every environment variable Switchboard knows, for the tests that keep documentation in step with the code
 * (docs/configuration.md today). The list is read from the schemas themselves, never kept by hand: the core's
 * and each adapter's own (adapters/config.ts combines them).
 */
import type { z } from 'zod';
import { ADAPTER_CONFIG, allConfigKeys } from '../../adapters/config.js';
import { coreShape } from '../../src/config/config-schema.js';

export function knownConfigKeys(): readonly string[] {
  return allConfigKeys();
}

/** Each known variable's parser (core and adapters), to read its default. */
export function knownConfigFields(): Record<string, z.ZodType> {
  return Object.assign({}, coreShape, ...Object.values(ADAPTER_CONFIG).map((part) => part.shape));
}
