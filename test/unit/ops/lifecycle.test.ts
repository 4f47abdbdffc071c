/** Crashes go through the redacting logger: a rejection is logged and survived, an exception logged and exits 1. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');

describe('reportCrashes', () => {
  it('logs an unhandled rejection and keeps running, logs an uncaught exception as fatal and exits 1, secrets redacted', async () => {
    const { code, stdout, stderr } = await new Promise<{
      code: number | null;
      stdout: string;
      stderr: string;
    }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'crash-child.ts')],
        { cwd: root },
        (_err, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
      );
    });
    const lines = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg: string; err?: { message: string } });
    // the process outlived the rejection (it logged afterwards) and died of the exception; the last two
    // lines race to the pipe as the process exits, so their order is not asserted
    expect(lines.map((l) => [l.level, l.msg])).toEqual(
      expect.arrayContaining([
        [50, 'unhandled rejection'],
        [30, 'still running after the rejection'],
        [60, 'uncaught exception: exiting'],
      ]),
    );
    expect(lines).toHaveLength(3);
    expect(lines[0]?.msg).toBe('unhandled rejection');
    expect(lines[0]?.err?.message).toBe('upstream said no to [Redacted]');
    expect(lines.find((l) => l.level === 60)?.err?.message).toBe('boom with [Redacted]');
    expect(stdout + stderr).not.toContain('crash-secret');
    expect(code).toBe(1);
  });
});
