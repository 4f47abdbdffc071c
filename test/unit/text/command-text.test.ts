import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type AnyCommand,
  commandUsage,
  parseCommandText,
  tokenize,
} from '../../../src/command-model/command-text.js';
import type {
  CommandDefinition,
  CommandGroupDefinition,
  OptionSpec,
} from '../../../src/command-model/command-types.js';
import { SwitchboardError } from '../../../src/common/errors.js';

const spec = (kind: OptionSpec['kind'], required = false, extra: Partial<OptionSpec> = {}): OptionSpec => ({
  kind,
  description: kind,
  required,
  schema: z.unknown(),
  ...extra,
});

const chat: CommandDefinition = {
  name: 'chat',
  description: 'Chat',
  options: {
    prompt: spec('string', true),
    model: spec('string'),
    web: spec('boolean'),
    temperature: spec('number'),
    file: spec('attachment'),
  },
  run: async () => {},
};
const model: CommandGroupDefinition = {
  name: 'model',
  description: 'Model',
  subcommands: {
    set: {
      description: 'set',
      options: {
        model: spec('string', true),
        scope: spec('choice', false, { choices: [{ name: 'me', value: 'me' }] }),
      },
      run: async () => {},
    },
    show: { description: 'show', run: async () => {} },
  },
};
const find = (name: string): AnyCommand | undefined => ({ chat, model })[name as 'chat'];

describe('parseCommandText', () => {
  it('assigns free text to the first string option and typed key:value options', () => {
    expect(
      parseCommandText('/chat tell me "a joke" web:yes temperature:0.5 model:openai/gpt-4o', find),
    ).toEqual({
      command: 'chat',
      raw: { prompt: 'tell me "a joke"', web: true, temperature: 0.5, model: 'openai/gpt-4o' },
    });
  });

  it('keeps colons that are not option names inside the prompt', () => {
    expect(parseCommandText('chat ratio 3:2 at https://x.test/a', find).raw).toEqual({
      prompt: 'ratio 3:2 at https://x.test/a',
    });
  });

  it('accepts quoted option values', () => {
    expect(parseCommandText('chat hi model:"a b"', find).raw).toEqual({ prompt: 'hi', model: 'a b' });
  });

  it('parses subcommands of a group', () => {
    expect(parseCommandText('model set anthropic/claude scope:me', find)).toEqual({
      command: 'model',
      subcommand: 'set',
      raw: { model: 'anthropic/claude', scope: 'me' },
    });
  });

  it('leaves unparseable numbers as text so validation can name them', () => {
    expect(parseCommandText('chat hi temperature:warm', find).raw['temperature']).toBe('warm');
  });

  it('explains unknown commands, subcommands and stray text', () => {
    expect(() => parseCommandText('nope', find)).toThrow(/no command called "nope"/);
    try {
      parseCommandText('model frobnicate', find);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(SwitchboardError);
      expect((err as SwitchboardError).userMessage).toContain('model set <model> [scope:me]');
    }
    expect(() => parseCommandText('model show extra words', find)).toThrow(/Unexpected "extra words"/);
  });

  it('renders usage without attachment options', () => {
    expect(commandUsage(chat)).toBe('chat <prompt> [model:…] [web:true|false] [temperature:…]');
  });

  it('tokenizes curly quotes', () => {
    expect(tokenize('a model:“x y” b').map((t) => t.value)).toEqual(['a', 'model:x y', 'b']);
  });

  it('keeps line breaks and indentation of free text (pasted code)', () => {
    const text = 'chat fix this:\n```py\ndef f():\n    return 1\n``` model:openai/gpt-4o';
    const parsed = parseCommandText(text, find);
    expect(parsed.raw).toEqual({
      prompt: 'fix this:\n```py\ndef f():\n    return 1\n```',
      model: 'openai/gpt-4o',
    });
  });
});
