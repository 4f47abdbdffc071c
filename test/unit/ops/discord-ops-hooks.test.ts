/** Discord's ops hooks read discord.js's own REST events: 429 responses, and interaction callbacks for ack latency. */
import { Client, type Interaction, RESTEvents } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { watchDiscord } from '../../../adapters/discord/ops-hooks.js';
import { createMetrics } from '../../../src/ops/metrics.js';

describe('watchDiscord', () => {
  it('counts 429 responses and times acks from receipt to the callback response', async () => {
    const client = new Client({ intents: [] });
    const metrics = createMetrics({ processMetrics: false });
    const ops = watchDiscord(client, metrics);
    const interaction = {
      id: '1234567890',
      isChatInputCommand: () => true,
    } as unknown as Interaction;
    ops.interaction(interaction);
    const respond = (path: string, status: number) =>
      client.rest.emit(RESTEvents.Response, { path } as never, { status } as never);
    respond('/channels/1/messages', 429);
    respond('/interactions/999/tok/callback', 204); // not one we received: no ack observed
    respond('/interactions/1234567890/secret-token/callback', 204);
    respond('/interactions/1234567890/secret-token/callback', 204); // only the first counts
    const text = await metrics.registry.metrics();
    expect(text).toContain('switchboard_rate_limited_total{source="discord"} 1');
    expect(text).toContain('switchboard_events_in_total{platform="discord",kind="command"} 1');
    expect(text).toContain('switchboard_ack_seconds_count{platform="discord"} 1');
    expect(text).not.toContain('secret-token');
    expect(ops.connected()).toBe(false);
    await client.destroy();
  });
});
