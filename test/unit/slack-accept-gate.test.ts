import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAcceptGate } from '../../adapters/slack/accept-gate.js';

let server: Server | undefined;
const clients: Socket[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  if (server) await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A server that counts what it accepted, and `count` clients whose handshakes are all complete. */
async function queuedConnections(count: number) {
  const srv = createServer((socket) => socket.on('error', () => {}));
  server = srv;
  let accepted = 0;
  srv.on('connection', () => {
    accepted += 1;
  });
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address() as { port: number };
  const connected = Array.from({ length: count }, () => {
    const socket = connect(port, '127.0.0.1');
    clients.push(socket);
    return once(socket, 'connect');
  });
  // the client side connected = the handshake is done: accepted already or waiting in the queue
  await Promise.all(connected);
  return { srv, accepted: () => accepted };
}

describe('Slack accept gate', () => {
  it('holds work until every connection already waiting has been accepted', async () => {
    const { srv, accepted } = await queuedConnections(40);
    expect(accepted()).toBeLessThan(40); // libuv takes one connection per loop iteration
    const gate = createAcceptGate({ maxHoldMs: 60_000 });
    gate.watch(srv);
    await gate.wait();
    expect(accepted()).toBe(40);
  });

  it('releases the work after maxHoldMs even while connections keep waiting', async () => {
    const { srv, accepted } = await queuedConnections(40);
    const gate = createAcceptGate({ maxHoldMs: 0 });
    gate.watch(srv);
    await gate.wait();
    expect(accepted()).toBeLessThan(40);
  });

  it('lets work through after one iteration when nothing is watched (Socket Mode)', async () => {
    const gate = createAcceptGate({ maxHoldMs: 60_000 });
    let done = 0;
    for (const waiting of [gate.wait(), gate.wait()]) void waiting.then(() => (done += 1));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(2);
  });
});
