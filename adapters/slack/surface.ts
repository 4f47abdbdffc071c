/**
 * The Slack ReplySurface: messages in a channel or thread (`thread_ts`), post-then-`chat.update` at
 * most once a second per message, ephemeral replies to the invoker, and `msg_too_long` handled by
 * moving the rest of the text into the thread instead of losing it.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type {
  MessageRef,
  OutgoingMessage,
  ReplySurface,
  SurfaceLimits,
  SurfaceLocation,
} from '../../src/surface/reply-surface.js';
import {
  canStream,
  endSlackStream,
  openSlackStream,
  type SlackFeatures,
  setThreadStatus,
  slackErrorCode,
} from './native-stream.js';
import { slackMessageLink } from './place.js';
import { toSlack } from './render.js';
import { uploadFiles } from './upload.js';

/** `instances`: how many processes share this app; each takes its share of the workspace budget. */
export function slackLimits(editIntervalMs: number, instances = 1): SurfaceLimits {
  return {
    // Slack answers msg_too_long near 4,000 characters; mrkdwn conversion can grow text a little
    maxMessageChars: 3_000,
    // Slack takes up to 1 GB, but a file is held in memory while it goes up: larger ones are linked
    maxUploadBytes: 100 * 1024 * 1024,
    minEditIntervalMs: Math.max(1_000, editIntervalMs),
    channelEditBudget: { edits: 50, windowMs: 60_000 },
    // chat.update is Tier 3 (about 50 a minute) for the whole workspace, not per message
    botEditBudget: { edits: Math.max(1, Math.floor(50 / instances)), windowMs: 60_000 },
  };
}

function tooLong(err: unknown): boolean {
  return slackErrorCode(err) === 'msg_too_long';
}

export interface SlackSurfaceOptions {
  client: WebClient;
  location: SurfaceLocation;
  limits: SurfaceLimits;
  /** The invoking user, for ephemeral messages and as the recipient of native streams. */
  userId: string;
  /** Native streaming and thread status, where Slack allows them (absent: post and update only). */
  features?: SlackFeatures;
  logger?: Logger;
}

export function createSlackSurface(opts: SlackSurfaceOptions): ReplySurface {
  const { client, location } = opts;
  const where = () => ({
    channel: location.channelId,
    ...(location.threadId ? { thread_ts: location.threadId } : {}),
  });

  /**
   * Slack cannot show a file to one person only: a private message with files (a /usage chart)
   * goes to the user's DM, and a private note here says where.
   */
  async function uploadPrivately(message: OutgoingMessage): Promise<MessageRef> {
    const dm = (await client.conversations.open({ users: opts.userId })).channel?.id;
    if (!dm) throw new Error('conversations.open returned no channel');
    const ref = await uploadFiles(client, { channel: dm }, message);
    if (dm !== location.channelId)
      await client.chat
        .postEphemeral({ ...where(), user: opts.userId, text: '📎 Sent to you privately in our DM.' })
        .catch(() => undefined);
    return ref;
  }

  /** Posts `message`; if Slack finds it too long, posts it in halves (nothing is dropped). */
  async function post(message: OutgoingMessage): Promise<MessageRef> {
    if (message.files?.length && message.ephemeral) return uploadPrivately(message);
    if (message.files?.length) return uploadFiles(client, where(), message);
    if (message.ephemeral) {
      await client.chat.postEphemeral({ ...where(), user: opts.userId, ...toSlack(message) });
      return { id: `ephemeral-${Date.now()}`, channelId: location.channelId };
    }
    try {
      const res = await client.chat.postMessage({ ...where(), ...toSlack(message), unfurl_links: false });
      return {
        id: String(res.ts),
        channelId: location.channelId,
        ...(location.threadId ? { threadId: location.threadId } : {}),
      };
    } catch (err) {
      if (!tooLong(err) || message.text.length < 200) throw err;
      const half = Math.floor(message.text.length / 2);
      const first = await post({ text: message.text.slice(0, half) });
      await post({ ...message, text: message.text.slice(half) });
      return first;
    }
  }

  const surface: ReplySurface = {
    location,
    limits: opts.limits,
    post,
    messageLink: slackMessageLink,
    async edit(ref, message) {
      if (ref.id.startsWith('ephemeral-') || ref.id.startsWith('file-')) return;
      try {
        await client.chat.update({ channel: location.channelId, ts: ref.id, ...toSlack(message) });
      } catch (err) {
        if (!tooLong(err) || message.text.length < 200) throw err;
        const half = Math.floor(message.text.length / 2);
        await client.chat.update({
          channel: location.channelId,
          ts: ref.id,
          ...toSlack({ text: message.text.slice(0, half) }),
        });
        await post({ ...message, text: message.text.slice(half) });
      }
    },
    async delete(ref) {
      if (ref.id.startsWith('ephemeral-') || ref.id.startsWith('file-')) return;
      await client.chat.delete({ channel: location.channelId, ts: ref.id });
    },
    endStream: (ref, final) => endSlackStream(client, ref, final),
    async openThread(_title, first) {
      const ref = await post(first);
      return createSlackSurface({ ...opts, location: { ...location, threadId: ref.id } });
    },
  };
  if (location.threadId) delete surface.openThread;
  const features = opts.features;
  const threadTs = location.threadId;
  if (features && threadTs) {
    const target = {
      client,
      channel: location.channelId,
      threadTs,
      userId: opts.userId,
      features,
      ...(location.serverId ? { teamId: location.serverId } : {}),
      ...(opts.logger ? { logger: opts.logger } : {}),
    };
    let statusShown = false; // once per answer: Slack clears it when the reply arrives
    surface.typing = async () => {
      if (statusShown) return;
      statusShown = true;
      await setThreadStatus(target, 'is thinking…');
    };
    surface.openStream = async (first) => (canStream(target) ? openSlackStream(target, first) : undefined);
  }
  return surface;
}
