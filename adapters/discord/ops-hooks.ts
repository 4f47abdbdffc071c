/**
 * Ops metrics and readiness for Discord: events in by kind, ack latency (from receipt to the
 * interaction callback's response), Discord's 429s, and whether the gateway is connected.
 * REST responses are observed in the request function discord.js calls (`rest.makeRequest`), not
 * through its `response` event: while that event has a listener, @discordjs/rest copies every
 * response and emits it through its async event emitter, four times per answer.
 */
import { DefaultRestOptions } from '@discordjs/rest';
import { type Client, type Interaction, Status } from 'discord.js';
import type { Metrics } from '../../src/ops/metrics.js';

type MakeRequest = typeof DefaultRestOptions.makeRequest;

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
  /** `inner` (default: discord.js's own) with its responses counted: 429s, and the acks of interactions seen here. */
  observe(inner?: MakeRequest): MakeRequest;
  interaction(i: Interaction): void;
  message(): void;
  /** Whether this client's gateway is connected (readiness). */
  connected(client: Client): boolean;
}

export function createDiscordOps(metrics: Metrics | undefined): DiscordOps {
  const pending = new Map<string, number>();
  const seen = (url: string, status: number) => {
    if (!metrics) return;
    if (status === 429) metrics.rateLimited.inc({ source: 'discord' });
    if (pending.size === 0 || !url.includes('/interactions/')) return;
    const id = CALLBACK.exec(url)?.[1];
    const at = id ? pending.get(id) : undefined;
    if (!id || at === undefined) return;
    pending.delete(id);
    metrics.ackSeconds.observe({ platform: 'discord' }, (performance.now() - at) / 1000);
  };
  return {
    observe(inner = DefaultRestOptions.makeRequest) {
      return async (url, init) => {
        const res = await inner(url, init);
        seen(url, res.status);
        return res;
      };
    },
    interaction(i) {
      if (!metrics) return;
      metrics.eventsIn.inc({ platform: 'discord', kind: interactionKind(i) });
      pending.set(i.id, performance.now());
      if (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value as string);
    },
    message() {
      metrics?.eventsIn.inc({ platform: 'discord', kind: 'message' });
    },
    connected: (client) => client.ws.status === Status.Ready,
  };
}
