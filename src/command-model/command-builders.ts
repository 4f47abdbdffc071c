/**
 * Builders for the command model: `opt.*` option specs (zod schema + rendering hints) and
 * `defineCommand` / `defineGroup` / `defineButton`, which check names and descriptions against
 * Discord's rules at definition time so a bad definition fails at start-up, not in chat.
 */
import { z } from 'zod';
import type {
  Attachment,
  ButtonActionDefinition,
  CommandDefinition,
  CommandGroupDefinition,
  MessageActionDefinition,
  OptionSpec,
  OptionSpecs,
  SubcommandDefinition,
} from './command-types.js';

interface Base {
  description: string;
}
type Req<R extends boolean | undefined, T> = R extends true ? T : T | undefined;

function spec<T>(kind: OptionSpec['kind'], base: Base, required: boolean, schema: z.ZodType<T>, extra = {}) {
  checkDescription(base.description, 'option');
  return { kind, description: base.description, required, schema, ...extra } as OptionSpec<T>;
}

function maybe<T>(schema: z.ZodType<T>, required: boolean | undefined): z.ZodType<T> {
  return (required ? schema : schema.optional()) as z.ZodType<T>;
}

const attachmentSchema = z.custom<Attachment>(
  (v) => typeof v === 'object' && v !== null && 'open' in v && 'name' in v,
  'expected a file',
);

export const opt = {
  string<R extends boolean | undefined = undefined>(
    o: Base & { required?: R; maxLength?: number; autocomplete?: string },
  ): OptionSpec<Req<R, string>> {
    let schema = z.string().trim().min(1, 'must not be empty');
    if (o.maxLength) schema = schema.max(o.maxLength, `must be at most ${o.maxLength} characters`);
    return spec('string', o, !!o.required, maybe(schema, o.required) as z.ZodType<Req<R, string>>, {
      maxLength: o.maxLength,
      autocomplete: o.autocomplete,
    });
  },
  integer<R extends boolean | undefined = undefined>(
    o: Base & { required?: R; minValue?: number; maxValue?: number },
  ): OptionSpec<Req<R, number>> {
    let schema = z.number().int('must be a whole number');
    if (o.minValue !== undefined) schema = schema.min(o.minValue, `must be at least ${o.minValue}`);
    if (o.maxValue !== undefined) schema = schema.max(o.maxValue, `must be at most ${o.maxValue}`);
    return spec('integer', o, !!o.required, maybe(schema, o.required) as z.ZodType<Req<R, number>>, {
      minValue: o.minValue,
      maxValue: o.maxValue,
    });
  },
  number<R extends boolean | undefined = undefined>(
    o: Base & { required?: R; minValue?: number; maxValue?: number },
  ): OptionSpec<Req<R, number>> {
    let schema = z.number();
    if (o.minValue !== undefined) schema = schema.min(o.minValue, `must be at least ${o.minValue}`);
    if (o.maxValue !== undefined) schema = schema.max(o.maxValue, `must be at most ${o.maxValue}`);
    return spec('number', o, !!o.required, maybe(schema, o.required) as z.ZodType<Req<R, number>>, {
      minValue: o.minValue,
      maxValue: o.maxValue,
    });
  },
  boolean<R extends boolean | undefined = undefined>(
    o: Base & { required?: R },
  ): OptionSpec<Req<R, boolean>> {
    return spec('boolean', o, !!o.required, maybe(z.boolean(), o.required) as z.ZodType<Req<R, boolean>>);
  },
  choice<const V extends string, R extends boolean | undefined = undefined>(
    o: Base & { required?: R; choices: ReadonlyArray<{ name: string; value: V }> },
  ): OptionSpec<Req<R, V>> {
    const values = o.choices.map((c) => c.value) as [V, ...V[]];
    const schema = z.enum(values, { error: () => `must be one of: ${values.join(', ')}` });
    return spec(
      'choice',
      o,
      !!o.required,
      maybe(schema as z.ZodType<V>, o.required) as z.ZodType<Req<R, V>>,
      {
        choices: o.choices,
      },
    );
  },
  attachment<R extends boolean | undefined = undefined>(
    o: Base & { required?: R },
  ): OptionSpec<Req<R, Attachment>> {
    return spec(
      'attachment',
      o,
      !!o.required,
      maybe(attachmentSchema, o.required) as z.ZodType<Req<R, Attachment>>,
    );
  },
};

const NAME = /^[-_a-z0-9]{1,32}$/;

export function checkName(name: string, what: string): void {
  if (!NAME.test(name))
    throw new Error(`${what} name "${name}" must be 1-32 characters of lowercase letters, digits, - or _`);
}

export function checkDescription(description: string, what: string): void {
  if (description.length < 1 || description.length > 100)
    throw new Error(
      `${what} description must be 1-100 characters (got ${description.length}): "${description}"`,
    );
}

function checkOptions(options: OptionSpecs | undefined, where: string): void {
  let optionalSeen = false;
  for (const [key, o] of Object.entries(options ?? {})) {
    checkName(key, `${where} option`);
    if (o.required && optionalSeen)
      throw new Error(`${where}: required option "${key}" must come before the optional ones (Discord rule)`);
    if (!o.required) optionalSeen = true;
  }
}

export function defineCommand<O extends OptionSpecs>(def: CommandDefinition<O>): CommandDefinition<O> {
  checkName(def.name, 'command');
  checkDescription(def.description, `command ${def.name}`);
  checkOptions(def.options, `/${def.name}`);
  return def;
}

export function defineSub<O extends OptionSpecs>(def: SubcommandDefinition<O>): SubcommandDefinition {
  checkDescription(def.description, 'subcommand');
  return def as unknown as SubcommandDefinition;
}

export function defineGroup(def: CommandGroupDefinition): CommandGroupDefinition {
  checkName(def.name, 'command');
  checkDescription(def.description, `command ${def.name}`);
  for (const [sub, d] of Object.entries(def.subcommands)) {
    checkName(sub, `/${def.name} subcommand`);
    checkOptions(d.options, `/${def.name} ${sub}`);
  }
  return def;
}

export function defineButton(def: ButtonActionDefinition): ButtonActionDefinition {
  if (!/^[a-z][a-z0-9-]*$/.test(def.action))
    throw new Error(`button action "${def.action}" must be kebab-case`);
  return def;
}

/** A message action: a Discord message context menu and a Slack message shortcut. */
export function defineMessageAction(def: MessageActionDefinition): MessageActionDefinition {
  if (!/^[a-z][a-z0-9-]*$/.test(def.id)) throw new Error(`message action id "${def.id}" must be kebab-case`);
  if (def.name.length < 1 || def.name.length > 32)
    throw new Error(`message action "${def.id}": its name must be 1-32 characters (Discord's limit)`);
  return def;
}
