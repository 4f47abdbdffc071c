/**
 * The sweep for Slack events gone instances acknowledged but never answered (pending-events.ts): every
 * TAKEOVER_PASS_MS each instance takes over the records whose owner's presence expired and handles
 * them as the listener would, through the app's own Web API client.
 */
import type { WebClient } from '@slack/web-api';
import type { SlackContext } from './context.js';
import { handleMessageEvent } from './message-events.js';
import type { SlackPending } from './pending-events.js';

/** Like the answer recovery's pass: an instance's presence lives 15 s. */
export const TAKEOVER_PASS_MS = 15_000;

export function startTakeovers(deps: {
  ctx: SlackContext;
  pending: SlackPending;
  client: WebClient;
  everyMs?: number;
}): { stop(): void } {
  const { ctx, pending, client } = deps;
  let running = false;
  const pass = async () => {
    if (running) return;
    running = true;
    try {
      const taken = await pending.sweep((p) =>
        handleMessageEvent(ctx, {
          kind: p.kind,
          event: p.event,
          info: p.info,
          client,
          pending,
          takenOver: true,
        }),
      );
      ctx.logger.debug({ taken }, 'slack events of gone instances looked for');
    } catch (err) {
      ctx.logger.warn({ err }, 'could not look for Slack events of gone instances');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void pass(), deps.everyMs ?? TAKEOVER_PASS_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
