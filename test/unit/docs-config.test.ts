/**
 * docs/configuration.md documents exactly the variables the configuration knows: a variable added to a schema
 * without a row, or a row for a variable no schema knows, fails here. Where a schema (the core's or an adapter's) gives a default, the
 * row's default column must start with it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { knownConfigFields, knownConfigKeys } from '../helpers/config-keys.js';

interface Row {
  key: string;
  default: string;
  meaning: string;
}

const ROW = /^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|(.*)\|\s*$/;

/** Rows of every `| variable | default | meaning |` table: those whose first cell is a backticked NAME. */
function documentedRows(markdown: string): Row[] {
  return markdown.split('\n').flatMap((line) => {
    const match = ROW.exec(line.trim());
    if (!match?.[1]) return [];
    const cells = (match[2] ?? '').split(/(?<!\\)\|/).map((cell) => cell.trim());
    return [{ key: match[1], default: cells[0] ?? '', meaning: cells.slice(1).join('|') }];
  });
}

const fields = knownConfigFields();

/** What the default column must start with, from the schemas (undefined: no default, or an unknown key). */
function expectedDefault(key: string): string | undefined {
  const field = fields[key];
  if (!field) return undefined;
  const parsed = field.safeParse(undefined);
  if (!parsed.success) return '— (required)';
  const value = parsed.data as unknown;
  if (value === undefined) return undefined; // optional: "unset" or what happens instead
  if (Array.isArray(value)) return value.length === 0 ? 'empty' : `\`${value.join(',')}\``;
  return `\`${String(value)}\``;
}

const rows = documentedRows(readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8'));
const documented = rows.map((row) => row.key);
const known = knownConfigKeys();

describe('docs/configuration.md', () => {
  it('reads table rows the way the checks below rely on', () => {
    const sample =
      '| variable | default | meaning |\n| --- | --- | --- |\n| `A_B` | `1` | one \\| two |\n`C` text';
    expect(documentedRows(sample)).toEqual([{ key: 'A_B', default: '`1`', meaning: 'one \\| two' }]);
  });

  it('has a row for every variable the configuration knows', () => {
    expect(known.length).toBeGreaterThan(10);
    expect(known.filter((key) => !documented.includes(key))).toEqual([]);
  });

  it('documents no variable the configuration does not know, and each once', () => {
    expect(documented.filter((key) => !known.includes(key))).toEqual([]);
    expect(documented.filter((key, index) => documented.indexOf(key) !== index)).toEqual([]);
  });

  it('gives every row a default and a meaning', () => {
    const incomplete = rows
      .filter((row) => row.default === '' || row.meaning.length < 10)
      .map((row) => row.key);
    expect(incomplete).toEqual([]);
  });

  it("states each schema default as the default column's first word", () => {
    const wrong = rows.flatMap((row) => {
      const expected = expectedDefault(row.key);
      return expected === undefined || row.default.startsWith(expected)
        ? []
        : [`${row.key}: documented ${row.default}, schema says ${expected}`];
    });
    expect(wrong).toEqual([]);
  });
});
