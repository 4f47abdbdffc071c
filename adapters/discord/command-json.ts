/** The registry rendered as Discord application command JSON (what `npm run deploy:discord` registers). */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { type AnyCommand, isGroup } from '../../src/command-model/command-registry.js';
import type {
  MessageActionDefinition,
  OptionSpec,
  OptionSpecs,
} from '../../src/command-model/command-types.js';

const TYPES = {
  string: ApplicationCommandOptionType.String,
  choice: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  number: ApplicationCommandOptionType.Number,
  boolean: ApplicationCommandOptionType.Boolean,
  attachment: ApplicationCommandOptionType.Attachment,
} as const;

function option(name: string, spec: OptionSpec) {
  return {
    type: TYPES[spec.kind],
    name,
    description: spec.description,
    required: spec.required,
    ...(spec.choices ? { choices: spec.choices.map((c) => ({ name: c.name, value: c.value })) } : {}),
    ...(spec.autocomplete ? { autocomplete: true } : {}),
    ...(spec.maxLength !== undefined ? { max_length: spec.maxLength } : {}),
    ...(spec.minValue !== undefined ? { min_value: spec.minValue } : {}),
    ...(spec.maxValue !== undefined ? { max_value: spec.maxValue } : {}),
  };
}

const options = (specs: OptionSpecs | undefined) => Object.entries(specs ?? {}).map(([n, s]) => option(n, s));

export function commandJson(def: AnyCommand): RESTPostAPIChatInputApplicationCommandsJSONBody {
  if (!isGroup(def))
    return { name: def.name, description: def.description, options: options(def.options) } as never;
  return {
    name: def.name,
    description: def.description,
    options: Object.entries(def.subcommands).map(([name, sub]) => ({
      type: ApplicationCommandOptionType.Subcommand,
      name,
      description: sub.description,
      options: options(sub.options),
    })),
  } as never;
}

/** Message actions become message context menus (type 3: a name, no description or options). */
export function contextMenuJson(action: Pick<MessageActionDefinition, 'name'>) {
  return { type: ApplicationCommandType.Message, name: action.name };
}

export function allCommandsJson(
  commands: readonly AnyCommand[],
  messageActions: readonly Pick<MessageActionDefinition, 'name'>[] = [],
) {
  return [...commands.map(commandJson), ...messageActions.map(contextMenuJson)];
}
