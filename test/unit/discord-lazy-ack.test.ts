/**
 * A /command's first message racing the lazy defer: under a burst the defer timer can fire just before
 * the first message is ready. discord.js only counts the interaction as deferred once the defer call
 * returned, so the message must wait for it and then edit the deferred reply (it was lost before:
 * InteractionNotReplied). The interaction here behaves like discord.js's in that respect.
 */
import { describe, expect, it } from 'vitest';
import { createLazyAck } from '../../adapters/discord/lazy-ack.js';
import { createInteractionSurface, discordLimits } from '../../adapters/discord/surface.js';

function interaction() {
  const calls: string[] = [];
  let finishDefer: () => void = () => {};
  const i = {
    id: '1',
    channel: null,
    deferred: false,
    replied: false,
    deferReply() {
      calls.push('defer');
      return new Promise<void>((resolve) => {
        finishDefer = () => {
          i.deferred = true;
          resolve();
        };
      });
    },
    async editReply() {
      if (!i.deferred && !i.replied)
        throw new Error('The reply to this interaction has not been sent or deferred.');
      calls.push('edit');
      return { id: 'm1', channelId: 'c1' };
    },
    async followUp() {
      if (!i.deferred && !i.replied)
        throw new Error('The reply to this interaction has not been sent or deferred.');
      calls.push('follow-up');
      return { id: 'm2', channelId: 'c1' };
    },
    async deleteReply() {
      calls.push('delete');
    },
  };
  return { i, calls, finishDefer: () => finishDefer() };
}

describe('lazy acknowledgement of a /command', () => {
  for (const ephemeral of [false, true])
    it(`a first ${ephemeral ? 'private ' : ''}message waits for a defer under way, then uses it`, async () => {
      const { i, calls, finishDefer } = interaction();
      const ack = createLazyAck(i as never, { ephemeral: false, deferAfterMs: 1 });
      const surface = createInteractionSurface(
        i as never,
        { platform: 'discord', channelId: 'c1' },
        discordLimits(200),
        { replaceOriginal: true, ack },
      );
      await expect.poll(() => calls).toEqual(['defer']);
      const posting = surface.post({ text: 'the answer starts', ...(ephemeral ? { ephemeral } : {}) });
      // the message's own calls go first (as when the defer's HTTP call is slow), then the defer returns
      await new Promise((resolve) => setImmediate(resolve));
      finishDefer();
      await expect(posting).resolves.toBeDefined();
      expect(calls).toEqual(ephemeral ? ['defer', 'delete', 'follow-up'] : ['defer', 'edit']);
    });
});
