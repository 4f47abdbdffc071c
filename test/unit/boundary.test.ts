/**
 * The hexagon's boundary: the core (src/) and the commands never import a platform library
 * (discord.js, @discordjs/*, @slack/*) or an adapter; only adapters/ do. The core does not import
 * the commands either (they are handed to it), and adapters import from commands/ only the list
 * (commands/index.ts). The composition root, adapters/main.ts, wires it all together from outside,
 * so the rules have no exceptions.
 *
 * Nor do src/ and commands/ know which platform they serve: no platform name as a value to compare
 * with or branch on, no platform host (links are the adapter's `messageLink`), no platform variables
 * in the core's configuration (each adapter owns its own: adapters/<platform>/config.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADAPTER_CONFIG } from '../../adapters/config.js';
import { CONFIG_KEYS } from '../../src/config/load-config.js';

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

/** The code without its comments (what a comment says about a platform is documentation). */
function codeOf(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n');
}

const PLATFORM_KNOWLEDGE: Array<[string, RegExp]> = [
  ['a platform name as a value', /['"`](discord|slack)['"`]/i],
  ['a platform host', /\b(discord(app)?\.(com|gg)|slack(-edge)?\.com)\b/i],
  ['a comparison with a platform', /platform\s*[!=]==?\s*['"`]|['"`]\s*[!=]==?\s*\S*platform\b/],
];

/** Every line of code in src/ and commands/ that shows platform knowledge, with what it shows. */
function platformKnowledge(code: string): string[] {
  return code
    .split('\n')
    .flatMap((line) =>
      PLATFORM_KNOWLEDGE.filter(([, re]) => re.test(line)).map(([what]) => `${what}: ${line.trim()}`),
    );
}

describe('platform knowledge stays in the adapters', () => {
  it('recognises platform knowledge the way the check relies on', () => {
    expect(platformKnowledge("if (inv.platform === 'slack') x();")).toHaveLength(2);
    expect(platformKnowledge("const u = 'https://discord.com/channels/' + g;")).toEqual([
      "a platform host: const u = 'https://discord.com/channels/' + g;",
    ]);
    expect(platformKnowledge("'discord' !== inv.platform")).toHaveLength(2);
    expect(platformKnowledge('owner.platform === inv.platform')).toEqual([]);
    expect(platformKnowledge(codeOf("/** 'slack' on slack.com */\n// on discord.com\nconst a = 1;"))).toEqual(
      [],
    );
  });

  for (const dir of ['src', 'commands']) {
    it(`${dir}/ names no platform, builds no platform link and never branches on the platform`, () => {
      const offenders = sources(dir).flatMap((file) =>
        platformKnowledge(codeOf(readFileSync(join(root, file), 'utf8'))).map((found) => `${file}: ${found}`),
      );
      expect(offenders).toEqual([]);
    });
  }

  it("the core's configuration reads no adapter's variables", () => {
    const adapterKeys = Object.values(ADAPTER_CONFIG).flatMap((part) => Object.keys(part.shape));
    expect(adapterKeys.length).toBeGreaterThan(5);
    expect(CONFIG_KEYS.filter((key) => adapterKeys.includes(key) || /^(DISCORD|SLACK)_/.test(key))).toEqual(
      [],
    );
  });

  it('adapters import from commands/ only the list of commands', () => {
    const offenders = sources('adapters').flatMap((file) =>
      importsOf(readFileSync(join(root, file), 'utf8'))
        .filter((spec) => /(^|\/)commands\//.test(spec) && !/(^|\/)commands\/index\.js$/.test(spec))
        .map((spec) => `${file} → ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});
