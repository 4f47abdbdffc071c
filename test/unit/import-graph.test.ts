/**
 * "Done when", read from the code: no circle of runtime imports among src/, commands/ and adapters/
 * (type-only imports leave no trace at run time and are left out), and no function longer than
 * MAX_LINES lines of its own (a function defined inside another is measured on its own, so a
 * factory is measured without the methods it returns).
 */
import { describe, expect, it } from 'vitest';
import {
  findCycles,
  functionSpans,
  resolveLocal,
  runtimeImports,
  sourceFiles,
} from '../helpers/source-graph.js';

const DIRS = ['src', 'commands', 'adapters'];
const MAX_LINES = 80;
const files = sourceFiles(DIRS);

function importGraph(): Map<string, string[]> {
  const known = new Set(files);
  return new Map(
    files.map((file) => [
      file,
      runtimeImports(file)
        .map((spec) => resolveLocal(file, spec))
        .filter((target): target is string => !!target && known.has(target)),
    ]),
  );
}

describe('import graph', () => {
  it('reads imports the way the check relies on', () => {
    // command-types imports AppServices as a type only; the dispatcher loads long-posts at run time
    expect(runtimeImports('src/command-model/command-types.ts')).toEqual([]);
    expect(runtimeImports('src/dispatch/dispatcher.ts')).toContain('./long-posts.js');
    expect(runtimeImports('adapters/main.ts')).toContain('./discord/start.js');
    expect(resolveLocal('src/dispatch/dispatcher.ts', '../common/errors.js')).toBe('src/common/errors.ts');
    expect(resolveLocal('src/dispatch/dispatcher.ts', 'pino')).toBeUndefined();
  });

  it('finds a circle when there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
    expect(
      findCycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('has no circle of runtime imports among src/, commands/ and adapters/', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(findCycles(importGraph()).map((cycle) => cycle.join(' → '))).toEqual([]);
  });
});

describe('function length', () => {
  it('measures nested functions on their own', () => {
    const spans = functionSpans('src/chat/chat-service.ts');
    const factory = spans.find((s) => s.name === 'createChatService');
    expect(factory?.lines).toBeGreaterThan(MAX_LINES);
    expect(factory?.ownLines).toBeLessThan(factory?.lines ?? 0);
    expect(spans.map((s) => s.name)).toContain('answer');
  });

  it(`keeps every function under ${MAX_LINES} lines of its own`, () => {
    const long = files
      .flatMap(functionSpans)
      .filter((s) => s.ownLines > MAX_LINES)
      .map((s) => `${s.file}:${s.line} ${s.name} (${s.ownLines} lines)`);
    expect(long).toEqual([]);
  });
});
