/** Command options checked against their zod schemas: every problem at once, in one clear message. */
import type { OptionSpecs } from '../command-model/command-types.js';
import { InputError } from '../common/errors.js';

export function validateOptions(options: OptionSpecs | undefined, raw: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(options ?? {})) {
    const value = raw[key] === null || raw[key] === '' ? undefined : raw[key];
    const parsed = spec.schema.safeParse(value);
    if (parsed.success) out[key] = parsed.data;
    else if (value === undefined) problems.push(`\`${key}\` is required (${spec.description})`);
    else problems.push(`\`${key}\` ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
  }
  if (problems.length > 0)
    throw new InputError('INPUT.INVALID_OPTION', `Please fix: ${problems.join('; ')}.`);
  return out;
}
