import type { KeyvOptions } from 'keyv';

/**
 * Options shared by every keyv instance: plain JSON (no @keyv/serialize colon/base64 quirks), no keyv
 * namespace (keyv-store.ts prefixes keys itself) and errors thrown to the caller instead of swallowed.
 */
export const KEYV_OPTIONS = {
  namespace: undefined,
  useKeyPrefix: false,
  throwOnErrors: true,
  serialize: (data: unknown) => JSON.stringify(data),
  deserialize: (text: string) => JSON.parse(text),
} satisfies Partial<KeyvOptions>;
