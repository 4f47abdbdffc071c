/**
 * Every environment variable Switchboard knows, for the tests that keep documentation in step with the code
 * (docs/configuration.md today). The list is read from the schemas themselves (the core's and every
 * adapter's), never kept by hand.
 */
import { allConfigKeys } from '../../adapters/config.js';

export function knownConfigKeys(): readonly string[] {
  return allConfigKeys();
}
