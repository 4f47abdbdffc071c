/**
 * Every environment variable Switchboard knows, for the tests that keep documentation in step with the code
 * (docs/configuration.md today). The list is read from the schemas themselves, never kept by hand: when an
 * adapter gets a configuration schema of its own, add its keys here and every such test follows.
 */
import { CONFIG_KEYS } from '../../src/config/load-config.js';

export function knownConfigKeys(): readonly string[] {
  return [...CONFIG_KEYS];
}
