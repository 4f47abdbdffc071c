/**
 * Registers every command with Discord (guild when DISCORD_GUILD_ID is set: instant; global
 * otherwise) and skips the write when what is registered already matches.
 */
import { REST, Routes } from 'discord.js';
import type { AnyCommand } from '../../src/command-model/command-registry.js';
import type { MessageActionDefinition } from '../../src/command-model/command-types.js';
import { allCommandsJson } from './command-json.js';

type Json = Record<string, unknown>;

const FIELDS = ['type', 'name', 'description', 'required', 'choices', 'autocomplete', 'options', 'value'];
const LIMITS = ['max_length', 'min_value', 'max_value'];

/** Keeps only the fields we set, so Discord's additions (ids, versions, defaults) don't count as changes. */
function normalise(value: unknown, top = false): unknown {
  if (Array.isArray(value)) return value.map((v) => normalise(v));
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const key of [...FIELDS, ...LIMITS]) {
    const v = (value as Json)[key];
    if (top && key === 'type') continue; // Discord adds type 1 (chat input) to top-level commands
    if (v === undefined || v === null || v === false || (Array.isArray(v) && v.length === 0)) continue;
    out[key] = normalise(v);
  }
  return out;
}

export function sameCommands(registered: unknown[], wanted: unknown[]): boolean {
  const key = (list: unknown[]) =>
    JSON.stringify(
      list
        .map((c) => normalise(c, true))
        .sort((a, b) => String((a as Json).name).localeCompare(String((b as Json).name))),
    );
  return key(registered) === key(wanted);
}

export async function deployCommands(opts: {
  token: string;
  applicationId: string;
  apiUrl: string;
  guildId?: string;
  commands: readonly AnyCommand[];
  messageActions?: readonly MessageActionDefinition[];
}): Promise<{ changed: boolean; count: number; scope: string }> {
  const rest = new REST({ api: opts.apiUrl }).setToken(opts.token);
  const route = opts.guildId
    ? Routes.applicationGuildCommands(opts.applicationId, opts.guildId)
    : Routes.applicationCommands(opts.applicationId);
  const wanted = allCommandsJson(opts.commands, opts.messageActions);
  const registered = (await rest.get(route)) as unknown[];
  const scope = opts.guildId ? `guild ${opts.guildId}` : 'global';
  if (sameCommands(registered, wanted)) return { changed: false, count: wanted.length, scope };
  await rest.put(route, { body: wanted });
  return { changed: true, count: wanted.length, scope };
}
