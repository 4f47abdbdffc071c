/**
 * Ops metrics and readiness for Discord: events in by kind, ack latency (from receipt to the
 * interaction callback's response), Discord's 429s, and whether the gateway is connected.
 */
import { type Client, type Interaction, RESTEvents, Status } from 'discord.js';
import type { Metrics } from '../../src/ops/metrics.js';

const CALLBACK = /\/interactions\/(\d+)\/[^/]+\/callback/;
/** Receipt times of interactions not acknowledged yet (bounded: the oldest are forgotten). */
const MAX_PENDING = 1_000;

export function interactionKind(i: Interaction): string {
  if (i.isChatInputCommand()) return 'command';
  if (i.isAutocomplete()) return 'autocomplete';
  if (i.isButton()) return 'button';
  if (i.isMessageContextMenuCommand()) return 'message_action';
  return 'other';
}

export interface DiscordOps {
  interaction(i: Interaction): void;
  message(): void;
  connected(): boolean;
}

export function watchDiscord(client: Client, metrics: Metrics | undefined): DiscordOps {
  const pending = new Map<string, number>();
  if (metrics)
    client.rest.on(RESTEvents.Response, (request, response) => {
      if (response.status === 429) metrics.rateLimited.inc({ source: 'discord' });
      const id = CALLBACK.exec(String(request.path))?.[1];
      const at = id ? pending.get(id) : undefined;
      if (!id || at === undefined) return;
      pending.delete(id);
      metrics.ackSeconds.observe({ platform: 'discord' }, (performance.now() - at) / 1000);
    });
  return {
    interaction(i) {
      if (!metrics) return;
      metrics.eventsIn.inc({ platform: 'discord', kind: interactionKind(i) });
      pending.set(i.id, performance.now());
      if (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value as string);
    },
    message() {
      metrics?.eventsIn.inc({ platform: 'discord', kind: 'message' });
    },
    connected: () => client.ws.status === Status.Ready,
  };
}
