/**
 * Discord's ops hooks observe discord.js's REST requests where discord.js makes them (`rest.makeRequest`): 429
 * responses, and interaction callbacks for ack latency. Here a real discord.js REST client talks to a loopback
 * server that answers one 429 on a channel route and 204 on callbacks.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REST } from '@discordjs/rest';
import { type Interaction, Status } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordOps } from '../../../adapters/discord/ops-hooks.js';
import { createMetrics } from '../../../src/ops/metrics.js';

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

/** Answers the first request to a channel 429 (discord.js waits and sends it again), the rest 200 / 204. */
async function fakeApi(): Promise<string> {
  let limited = false;
  server = createServer((req, res) => {
    req.resume();
    if (req.url?.includes('/channels/') && !limited) {
      limited = true;
      res.writeHead(429, {
        'content-type': 'application/json',
        'retry-after': '0',
        'x-ratelimit-scope': 'user',
      });
      res.end(JSON.stringify({ message: 'You are being rate limited.', retry_after: 0.001, global: false }));
      return;
    }
    if (req.url?.includes('/channels/')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      return;
    }
    res.writeHead(204).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
}

const interaction = (id: string) => ({ id, isChatInputCommand: () => true }) as unknown as Interaction;

describe('Discord ops hooks', () => {
  it('count 429 responses and time acks from receipt to the callback response, once per interaction', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const ops = createDiscordOps(metrics);
    const rest = new REST({ api: await fakeApi(), retries: 0, makeRequest: ops.observe() }).setToken('t');
    ops.interaction(interaction('1234567890'));
    expect(await rest.get('/channels/1/messages')).toEqual([]); // after one 429
    await rest.post('/interactions/999/tok/callback', { body: { type: 4 }, auth: false }); // not received here
    await rest.post('/interactions/1234567890/secret-token/callback', { body: { type: 4 }, auth: false });
    await rest.post('/interactions/1234567890/secret-token/callback', { body: { type: 4 }, auth: false });
    const text = await metrics.registry.metrics();
    expect(text).toContain('switchboard_rate_limited_total{source="discord"} 1');
    expect(text).toContain('switchboard_events_in_total{platform="discord",kind="command"} 1');
    expect(text).toContain('switchboard_ack_seconds_count{platform="discord"} 1');
    expect(text).not.toContain('secret-token');
  });

  it('answer readiness from the gateway status', () => {
    const ops = createDiscordOps(createMetrics({ processMetrics: false }));
    expect(ops.connected({ ws: { status: Status.Ready } } as never)).toBe(true);
    expect(ops.connected({ ws: { status: Status.Disconnected } } as never)).toBe(false);
  });
});
