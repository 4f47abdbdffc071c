/**
 * The explicit list of everything a user can invoke (built in commands/index.ts; no folder scans):
 * commands, command groups, button actions and autocomplete sources, with lookups by name.
 */
import type { AppServices } from '../app/app-services.js';
import type {
  ButtonActionDefinition,
  CommandDefinition,
  CommandGroupDefinition,
  Invocation,
  MessageActionDefinition,
  SubcommandDefinition,
} from './command-types.js';

export type AnyCommand = CommandDefinition | CommandGroupDefinition;

export interface Choice {
  name: string;
  value: string;
}

export type AutocompleteSource = (
  query: string,
  invocation: Invocation,
  services: AppServices,
) => Promise<Choice[]>;

export interface Registry {
  readonly commands: readonly AnyCommand[];
  readonly messageActions: readonly MessageActionDefinition[];
  readonly buttons: readonly ButtonActionDefinition[];
  find(name: string): AnyCommand | undefined;
  /** The runnable definition for a command (and subcommand of a group). */
  resolve(name: string, subcommand?: string): SubcommandDefinition | undefined;
  button(action: string): ButtonActionDefinition | undefined;
  messageAction(id: string): MessageActionDefinition | undefined;
  autocompleteSource(name: string): AutocompleteSource | undefined;
}

export function isGroup(def: AnyCommand): def is CommandGroupDefinition {
  return 'subcommands' in def;
}

export function createRegistry(input: {
  commands: readonly AnyCommand[];
  messageActions?: readonly MessageActionDefinition[];
  buttons?: readonly ButtonActionDefinition[];
  autocomplete?: Record<string, AutocompleteSource>;
}): Registry {
  const byName = new Map<string, AnyCommand>();
  for (const def of input.commands) {
    if (byName.has(def.name)) throw new Error(`two commands are named "${def.name}"`);
    byName.set(def.name, def);
  }
  const buttons = new Map((input.buttons ?? []).map((b) => [b.action, b]));
  const actions = new Map((input.messageActions ?? []).map((a) => [a.id, a]));
  const sources = input.autocomplete ?? {};
  for (const def of input.commands) {
    const options = isGroup(def)
      ? Object.values(def.subcommands).flatMap((s) => Object.values(s.options ?? {}))
      : Object.values(def.options ?? {});
    for (const o of options)
      if (o.autocomplete && !sources[o.autocomplete])
        throw new Error(`/${def.name}: no autocomplete source "${o.autocomplete}" is registered`);
  }
  return {
    commands: input.commands,
    messageActions: input.messageActions ?? [],
    buttons: input.buttons ?? [],
    find: (name) => byName.get(name),
    resolve(name, subcommand) {
      const def = byName.get(name);
      if (!def) return undefined;
      if (isGroup(def)) return subcommand ? def.subcommands[subcommand] : undefined;
      return subcommand ? undefined : def;
    },
    button: (action) => buttons.get(action),
    messageAction: (id) => actions.get(id),
    autocompleteSource: (name) => sources[name],
  };
}
