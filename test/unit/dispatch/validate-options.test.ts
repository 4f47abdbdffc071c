import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { opt } from '../../../src/command-model/command-builders.js';
import type { OptionSpecs } from '../../../src/command-model/command-types.js';
import { validateOptions } from '../../../src/dispatch/validate-options.js';

const options = {
  prompt: opt.string({ description: 'What to ask', required: true, maxLength: 10 }),
  model: opt.string({ description: 'Model to use' }),
  web: opt.boolean({ description: 'Search the web' }),
  count: { kind: 'integer', description: 'How many', required: false, schema: z.number().int().default(3) },
} satisfies OptionSpecs;

describe('command options', () => {
  it('leave absent optional options absent, fill defaults, and keep given values, call after call', () => {
    for (let i = 0; i < 3; i++) {
      expect(validateOptions(options, { prompt: ' hi ', model: '', web: null })).toEqual({
        prompt: 'hi',
        model: undefined,
        web: undefined,
        count: 3,
      });
      expect(validateOptions(options, { prompt: 'hi', model: 'm/x', web: true, count: 5 })).toEqual({
        prompt: 'hi',
        model: 'm/x',
        web: true,
        count: 5,
      });
    }
  });

  it('ask zod once per schema about an absent option, and every time about a given one', () => {
    const schema = z.string().optional();
    const parse = vi.spyOn(schema, 'safeParse');
    const specs = {
      note: { kind: 'string', description: 'A note', required: false, schema },
    } satisfies OptionSpecs;
    for (let i = 0; i < 4; i++) validateOptions(specs, {});
    expect(parse).toHaveBeenCalledTimes(1);
    validateOptions(specs, { note: 'x' });
    validateOptions(specs, { note: 'y' });
    expect(parse).toHaveBeenCalledTimes(3);
  });

  it('name every problem at once: a missing required option and an invalid one', () => {
    for (let i = 0; i < 2; i++)
      expect(() => validateOptions(options, { prompt: '', count: 1.5 })).toThrow(
        /Please fix: `prompt` is required \(What to ask\); `count` .+\./,
      );
    expect(() => validateOptions(options, { prompt: 'far too long a prompt' })).toThrow(
      '`prompt` must be at most 10 characters',
    );
  });
});
