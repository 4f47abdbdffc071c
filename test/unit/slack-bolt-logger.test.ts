import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { boltLogger } from '../../adapters/slack/bolt-logger.js';
import { createLogger } from '../../src/common/logger.js';

function logged(level: 'info' | 'debug') {
  const lines: Array<{ level: number; msg: string }> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()));
      callback();
    },
  });
  return { logger: createLogger({ level, destination }), lines };
}

/** An argument that counts how often it is turned into text. */
function counted(text: string) {
  const arg = {
    formatted: 0,
    toString() {
      arg.formatted++;
      return text;
    },
  };
  return arg;
}

describe('Bolt’s logger over pino', () => {
  it('does not format debug lines that are not shown, and still writes the others', () => {
    const { logger, lines } = logged('info');
    const bolt = boltLogger(logger);
    const hidden = counted('http request body: {...}');
    bolt.debug('web api', hidden);
    const shown = counted('slack app started');
    bolt.info(shown, 'on port', 3000);
    expect(hidden.formatted).toBe(0);
    expect(shown.formatted).toBe(1);
    expect(lines.map((l) => l.msg)).toEqual(['slack app started on port 3000']);
  });

  it('writes debug lines, with error messages, when the level shows them', () => {
    const { logger, lines } = logged('debug');
    boltLogger(logger).debug('retrying', new Error('socket hang up'));
    expect(lines.map((l) => l.msg)).toEqual(['retrying socket hang up']);
  });
});
