/**
 * The interaction callback, sent once: when the command's first message is ready soon enough it
 * IS the callback (type 4 `with_response`, which also returns the message: no "thinking…" state,
 * no edit of it, no GET of it); otherwise a defer (type 5) goes out after `deferAfterMs`, well
 * inside Discord's 3 s, and the first message becomes an edit of the deferred reply as before.
 */
import {
  type ChatInputCommandInteraction,
  type InteractionReplyOptions,
  type Message,
  type MessageComponentInteraction,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
} from 'discord.js';
import type { Logger } from 'pino';

type Repliable =
  | ChatInputCommandInteraction
  | MessageContextMenuCommandInteraction
  | MessageComponentInteraction;

export interface LazyAck {
  /**
   * Sends `payload` as the callback when nothing was sent yet and returns the message; undefined
   * when the interaction was (or is being) deferred: the caller then edits the deferred reply.
   */
  reply(payload: InteractionReplyOptions, ephemeral: boolean): Promise<Message | undefined>;
  /** Defers now if nothing was sent yet (before anything but a first reply, e.g. a follow-up). */
  defer(): Promise<void>;
  /** True once a callback went out. */
  readonly sent: boolean;
  /** Stops the timer (the handler is done). */
  cancel(): void;
}

/** Leaves time for a slow event loop under a burst: Discord drops callbacks after 3 s. */
export const DEFER_AFTER_MS = 1_200;

export function createLazyAck(
  i: Repliable,
  opts: { ephemeral: boolean; deferAfterMs?: number; logger?: Logger },
): LazyAck {
  // an interaction taken over from an instance that acknowledged it and died counts as deferred
  let deferring: Promise<void> | undefined = i.deferred || i.replied ? Promise.resolve() : undefined;
  let replied = false;
  const defer = (): Promise<void> => {
    if (replied) return Promise.resolve();
    deferring ??= i.deferReply(opts.ephemeral ? { flags: MessageFlags.Ephemeral } : {}).then(() => undefined);
    return deferring;
  };
  const timer = setTimeout(() => {
    if (deferring) return;
    defer().catch((err: unknown) =>
      opts.logger?.warn({ err, interaction: i.id }, 'could not defer the reply'),
    );
  }, opts.deferAfterMs ?? DEFER_AFTER_MS);
  timer.unref?.();
  return {
    get sent() {
      return replied || deferring !== undefined;
    },
    async reply(payload, ephemeral) {
      if (deferring || replied) {
        await deferring;
        return undefined;
      }
      clearTimeout(timer);
      replied = true;
      const flags = ephemeral || opts.ephemeral ? { flags: MessageFlags.Ephemeral as const } : {};
      const res = await i.reply({ ...payload, ...flags, withResponse: true });
      return res.resource?.message ?? undefined;
    },
    async defer() {
      clearTimeout(timer);
      await defer();
    },
    cancel: () => clearTimeout(timer),
  };
}
