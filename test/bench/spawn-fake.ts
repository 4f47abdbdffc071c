/** Starts test/bench/fake-process.ts as a child process and waits for its base URL. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface FakeProcess {
  baseUrl: string;
  stop(): Promise<void>;
}

export async function spawnFake(env: Record<string, string>): Promise<FakeProcess> {
  const script = fileURLToPath(new URL('./fake-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const [first] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`fake OpenRouter process exited (${code}) before listening`);
    }),
  ])) as [string];
  const { baseUrl } = JSON.parse(first) as { baseUrl: string };
  return {
    baseUrl,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
