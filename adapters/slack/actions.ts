/** Buttons (Stop, Regenerate): routed to the core by their `action:value` id. */
import type { WebClient } from '@slack/web-api';
import type { Invocation } from '../../src/command-model/command-types.js';
import { type SlackContext, slackInvoker, surfaceBase } from './context.js';
import { slackPlace } from './place.js';
import { createSlackSurface } from './surface.js';

export interface BlockActionPayload {
  user: { id: string; team_id?: string };
  channel?: { id: string };
  message?: { ts: string; thread_ts?: string };
  team?: { id: string } | null;
  actions: Array<{ action_id: string }>;
}

export async function runAction(
  ctx: SlackContext,
  client: WebClient,
  body: BlockActionPayload,
): Promise<void> {
  const action = body.actions[0];
  const channelId = body.channel?.id;
  if (!action || !channelId) return;
  // a button under a top-level DM answer belongs to the DM's conversation, which has no thread
  const isDm = channelId.startsWith('D');
  const threadTs = body.message?.thread_ts ?? (isDm ? undefined : body.message?.ts);
  const teamId = body.team?.id ?? body.user.team_id;
  const invocation: Invocation = {
    platform: 'slack',
    place: slackPlace(channelId),
    command: 'button',
    user: await slackInvoker(ctx, client, body.user.id),
    channelId,
    ...(body.message ? { message: { id: body.message.ts, channelId } } : {}),
    ...(teamId ? { serverId: teamId } : {}),
    ...(threadTs ? { threadId: threadTs } : {}),
  };
  const surface = createSlackSurface({
    ...surfaceBase(ctx, client, body.user.id),
    location: {
      platform: 'slack',
      channelId,
      ...(teamId ? { serverId: teamId } : {}),
      ...(threadTs ? { threadId: threadTs } : {}),
    },
  });
  await ctx.app.dispatcher.dispatchButton(invocation, action.action_id, surface);
}
