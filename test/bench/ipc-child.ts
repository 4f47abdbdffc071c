/**
 * A helper process for benchmarks (the fakes run there so they do not share the bot's CPU):
 * forked with tsx, it says `{id: 0}` once listening, then answers `{op, id}` requests by id.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export interface IpcChild<Req extends { op: string }, Res extends Record<Req['op'], unknown>> {
  call<R extends Req>(req: R): Promise<Res[R['op']]>;
  stop(): Promise<void>;
}

export async function forkIpcChild<Req extends { op: string }, Res extends Record<Req['op'], unknown>>(
  script: URL,
  name: string,
): Promise<IpcChild<Req, Res>> {
  const child = fork(fileURLToPath(script), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let seq = 0;
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before listening`)));
    child.on('message', (raw) => {
      const res = raw as Reply;
      if (res.id === 0) return resolve();
      const p = pending.get(res.id);
      pending.delete(res.id);
      if (res.ok) p?.resolve(res.result);
      else p?.reject(new Error(`${name}: ${res.error}`));
    });
  });
  return {
    call: <R extends Req>(req: R) =>
      new Promise<Res[R['op']]>((resolve, reject) => {
        seq += 1;
        pending.set(seq, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ ...req, id: seq });
      }),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}
