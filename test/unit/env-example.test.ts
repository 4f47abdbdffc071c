import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allConfigKeys, loadAppConfig } from '../../adapters/config.js';
import { ConfigError } from '../../src/config/load-config.js';

const ALL_KEYS = allConfigKeys();
const lines = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8').split('\n');
const VARIABLE = /^([A-Z][A-Z0-9_]*)=(.*)$/;

const entries = lines.flatMap((line, index) => {
  const match = VARIABLE.exec(line.trim());
  return match?.[1]
    ? [{ key: match[1], value: match[2] ?? '', comment: lines[index - 1]?.trim() ?? '' }]
    : [];
});
const exampleKeys = entries.map((entry) => entry.key);

describe('.env.example', () => {
  it('lists exactly the variables the config schema knows, each once', () => {
    expect(new Set(exampleKeys).size).toBe(exampleKeys.length);
    expect(exampleKeys.filter((key) => !ALL_KEYS.includes(key as never))).toEqual([]);
    expect(ALL_KEYS.filter((key) => !exampleKeys.includes(key))).toEqual([]);
  });

  it('documents every variable with a one-line comment directly above it', () => {
    const undocumented = entries
      .filter((entry) => !/^# .{10,}/.test(entry.comment))
      .map((entry) => entry.key);
    expect(undocumented).toEqual([]);
  });

  it('has no other lines than comments, variables and blanks', () => {
    const stray = lines.filter(
      (line) => line.trim() !== '' && !line.startsWith('#') && !VARIABLE.test(line.trim()),
    );
    expect(stray).toEqual([]);
  });

  it('loads as-is once the API key is filled in (blank values mean defaults)', () => {
    const env = Object.fromEntries(entries.map((entry) => [entry.key, entry.value]));
    expect(() => loadAppConfig(env)).toThrow(ConfigError);
    expect(() => loadAppConfig(env)).toThrow(/OPENROUTER_API_KEY is required/);
    const config = loadAppConfig({ ...env, OPENROUTER_API_KEY: 'sk-or-v1-test' });
    expect(config.openrouter.baseUrl).toBe('https://openrouter.ai/api/v1');
  });
});
