/** Command options checked against their zod schemas: every problem at once, in one clear message. */
import type { OptionSpecs } from '../command-model/command-types.js';
import { InputError } from '../common/errors.js';

type Schema = OptionSpecs[string]['schema'];

/**
 * Schemas that accept an absent option as absent (optional, no default), found out once each: most of
 * a command's options are left out of most invocations, and zod need not be asked again every time.
 */
const absentIsAbsent = new WeakMap<Schema, boolean>();

function acceptsAbsent(schema: Schema): boolean {
  let known = absentIsAbsent.get(schema);
  if (known === undefined) {
    const parsed = schema.safeParse(undefined);
    known = parsed.success && parsed.data === undefined;
    absentIsAbsent.set(schema, known);
  }
  return known;
}

export function validateOptions(options: OptionSpecs | undefined, raw: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(options ?? {})) {
    const value = raw[key] === null || raw[key] === '' ? undefined : raw[key];
    if (value === undefined && acceptsAbsent(spec.schema)) {
      out[key] = undefined;
      continue;
    }
    const parsed = spec.schema.safeParse(value);
    if (parsed.success) out[key] = parsed.data;
    else if (value === undefined) problems.push(`\`${key}\` is required (${spec.description})`);
    else problems.push(`\`${key}\` ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
  }
  if (problems.length > 0)
    throw new InputError('INPUT.INVALID_OPTION', `Please fix: ${problems.join('; ')}.`);
  return out;
}
