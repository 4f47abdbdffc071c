/**
 * Ops metrics and readiness for Slack: events in by kind (a global Bolt middleware), ack latency of
 * what our listeners acknowledge (commands, actions, shortcuts: Bolt acknowledges Events API events
 * itself before any middleware runs), Slack's 429s, and whether the socket (or HTTP server) is up.
 */
import type { EventEmitter } from 'node:events';
import type { App as BoltApp } from '@slack/bolt';
import type { Metrics } from '../../src/ops/metrics.js';

const RECEIVED = 'opsReceivedAt';

function kindOf(body: Record<string, unknown>): string {
  if (body.type === 'event_callback') {
    const type = (body.event as { type?: unknown } | undefined)?.type;
    return type === 'app_mention' || type === 'message' ? type : 'event';
  }
  if (body.command) return 'command';
  if (body.type === 'block_actions') return 'button';
  if (body.type === 'message_action') return 'message_action';
  return typeof body.type === 'string' && /^[a-z_]{1,40}$/.test(body.type) ? body.type : 'other';
}

export interface SlackOps {
  /** Call right after `ack()` in a listener. */
  acked(context: Record<string, unknown>): void;
  connected(): boolean;
}

export function watchSlack(bolt: BoltApp, metrics: Metrics | undefined, socket: boolean): SlackOps {
  let up = !socket;
  const sockets = (bolt as unknown as { receiver?: { client?: EventEmitter } }).receiver?.client;
  if (socket && sockets) {
    sockets.on('connected', () => {
      up = true;
    });
    for (const state of ['disconnected', 'reconnecting', 'disconnecting'])
      sockets.on(state, () => {
        up = false;
      });
  }
  const watched = new WeakSet<object>();
  const on429 = (client: unknown) => {
    const emitter = client as EventEmitter | undefined;
    if (!metrics || !emitter?.on || watched.has(emitter)) return;
    watched.add(emitter);
    emitter.on('rate_limited', () => metrics.rateLimited.inc({ source: 'slack' }));
  };
  on429(bolt.client);
  if (metrics)
    bolt.use(async ({ body, context, client, next }) => {
      metrics.eventsIn.inc({ platform: 'slack', kind: kindOf(body as Record<string, unknown>) });
      context[RECEIVED] = performance.now();
      on429(client);
      await next();
    });
  return {
    acked(context) {
      const at = context[RECEIVED];
      if (metrics && typeof at === 'number')
        metrics.ackSeconds.observe({ platform: 'slack' }, (performance.now() - at) / 1000);
    },
    connected: () => up,
  };
}
