/**
 * Parses a command typed as text (the Slack umbrella command `/switchboard chat hello model:x`, the terminal prompt)
 * into the same raw options the Discord adapter produces. Validation stays with the command's zod schemas.
 */

import { InputError } from '../common/errors.js';
import type { CommandDefinition, CommandGroupDefinition, OptionSpec, OptionSpecs } from './command-types.js';

export type AnyCommand = CommandDefinition | CommandGroupDefinition;

export interface ParsedCommandText {
  command: string;
  subcommand?: string;
  raw: Record<string, unknown>;
}

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

export interface Token {
  /** The token with `key:"quoted value"` quotes removed. */
  value: string;
  /** The token exactly as typed (used for free text, so quotes in a prompt survive). */
  source: string;
  /** Where the token stands in the text (so free text keeps its line breaks). */
  start: number;
  end: number;
}

/** Splits on whitespace, keeping `key:"quoted strings"` (straight or curly quotes) together. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /([^\s:"“']+:)?(?:"([^"]*)"|“([^”]*)”|(\S+))/g;
  for (const m of text.matchAll(re)) {
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    const start = m.index ?? 0;
    tokens.push({ value: (m[1] ?? '') + value, source: m[0], start, end: start + m[0].length });
  }
  return tokens;
}

function isGroup(def: AnyCommand): def is CommandGroupDefinition {
  return 'subcommands' in def;
}

function convert(spec: OptionSpec, value: string): unknown {
  switch (spec.kind) {
    case 'integer':
    case 'number': {
      const n = Number(value);
      return value.trim() === '' || Number.isNaN(n) ? value : n;
    }
    case 'boolean': {
      const v = value.toLowerCase();
      if (TRUE.has(v)) return true;
      if (FALSE.has(v)) return false;
      return value;
    }
    default:
      return value;
  }
}

/** One usage line, e.g. `chat <prompt> [model:…] [web:true|false]`. */
export function usageLine(name: string, options: OptionSpecs = {}): string {
  const parts = [name];
  for (const [key, spec] of Object.entries(options)) {
    if (spec.kind === 'attachment') continue;
    const hint = spec.choices
      ? spec.choices.map((c) => c.value).join('|')
      : spec.kind === 'boolean'
        ? 'true|false'
        : '…';
    parts.push(spec.required ? `<${key}>` : `[${key}:${hint}]`);
  }
  return parts.join(' ');
}

export function commandUsage(def: AnyCommand): string {
  if (!isGroup(def)) return usageLine(def.name, def.options);
  return Object.entries(def.subcommands)
    .map(([sub, d]) => usageLine(`${def.name} ${sub}`, d.options))
    .join('\n');
}

export function parseCommandText(
  text: string,
  find: (name: string) => AnyCommand | undefined,
): ParsedCommandText {
  const trimmed = text.trim();
  const tokens = tokenize(trimmed);
  const name = (tokens.shift()?.value ?? '').replace(/^\//, '').toLowerCase();
  const def = find(name);
  if (!def)
    throw new InputError('INPUT.UNKNOWN_COMMAND', `There is no command called "${name}". Try \`help\`.`);
  let subcommand: string | undefined;
  let options: OptionSpecs = {};
  if (isGroup(def)) {
    subcommand = (tokens.shift()?.value ?? '').toLowerCase();
    const sub = def.subcommands[subcommand];
    if (!sub) {
      throw new InputError('INPUT.UNKNOWN_SUBCOMMAND', `Usage:\n${commandUsage(def)}`);
    }
    options = sub.options ?? {};
  } else {
    options = def.options ?? {};
  }
  const raw: Record<string, unknown> = {};
  const positional: string[] = [];
  let previous: Token | undefined;
  for (const token of tokens) {
    const colon = token.value.indexOf(':');
    const key = colon > 0 ? token.value.slice(0, colon).toLowerCase() : '';
    const spec = key ? options[key] : undefined;
    if (spec && spec.kind !== 'attachment') {
      raw[key] = convert(spec, token.value.slice(colon + 1));
      previous = undefined;
      continue;
    }
    // free text keeps what stood between its words (line breaks, indentation of pasted code)
    const gap = previous ? trimmed.slice(previous.end, token.start) : positional.length ? ' ' : '';
    positional.push(gap + token.source);
    previous = token;
  }
  if (positional.length > 0) {
    const target = Object.entries(options).find(
      ([key, spec]) => raw[key] === undefined && (spec.kind === 'string' || spec.kind === 'choice'),
    );
    if (!target) {
      throw new InputError(
        'INPUT.UNEXPECTED_TEXT',
        `Unexpected "${positional.join('').trim()}". Usage: ${commandUsage(def)}`,
      );
    }
    raw[target[0]] = convert(target[1], positional.join(''));
  }
  return subcommand === undefined ? { command: def.name, raw } : { command: def.name, subcommand, raw };
}
