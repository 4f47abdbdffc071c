/**
 * The hexagon's boundary: the core (src/) and the commands never import a platform library
 * (discord.js, @discordjs/*, @slack/*) or an adapter; only adapters/ do. The core does not import
 * the commands either (they are handed to it). The composition root, adapters/main.ts, wires it all
 * together from outside, so the rule has no exceptions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
function importsOf(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g))
    found.push(m[1] as string);
  for (const m of code.matchAll(/import\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1] as string);
  for (const m of code.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) found.push(m[1] as string);
  return found;
}

const PLATFORM = /^(discord\.js|@discordjs\/|@slack\/|discord-api-types)/;

describe('core boundary', () => {
  it('finds imports the way the checks below rely on', () => {
    expect(importsOf("import { Client } from 'discord.js';\nconst x = await import('@slack/bolt');")).toEqual(
      ['discord.js', '@slack/bolt'],
    );
  });

  for (const dir of ['src', 'commands']) {
    it(`${dir}/ imports no platform library and no adapter`, () => {
      const files = sources(dir);
      expect(files.length).toBeGreaterThan(10);
      const offenders = files.flatMap((file) =>
        importsOf(readFileSync(join(root, file), 'utf8'))
          .filter(
            (spec) =>
              PLATFORM.test(spec) ||
              spec.includes('/adapters/') ||
              (dir === 'src' && /(^|\/)commands\//.test(spec) && spec.startsWith('.')),
          )
          .map((spec) => `${file} → ${spec}`),
      );
      expect(offenders).toEqual([]);
    });
  }
});
