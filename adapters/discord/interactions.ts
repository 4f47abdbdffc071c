/**
 * Slash commands, autocomplete and buttons. Every command is deferred first (well inside 3 s),
 * then dispatched through the core; replies go through the interaction surface.
 */
import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
} from 'discord.js';
import type { Attachment, Invocation } from '../../src/command-model/command-types.js';
import { INTERNAL_ERROR_TEXT } from '../../src/common/errors.js';
import { confirmingSurface } from '../../src/dispatch/confirming-surface.js';
import type { EventTicket } from '../../src/dispatch/event-claims.js';
import type { ReplySurface } from '../../src/surface/reply-surface.js';
import { toAttachment } from './attachments.js';
import { type DiscordContext, invoker, locate, targetOf } from './context.js';
import { createLazyAck, type LazyAck } from './lazy-ack.js';
import { discordPlace } from './place.js';
import { createChannelSurface, createInteractionSurface } from './surface.js';
import { threadFrom } from './threads.js';

function flatten(ctx: DiscordContext, data: readonly CommandInteractionOption[]) {
  let subcommand: string | undefined;
  const raw: Record<string, unknown> = {};
  const walk = (opts: readonly CommandInteractionOption[]) => {
    for (const o of opts) {
      if (o.options && (o.type === 1 || o.type === 2)) {
        if (o.type === 1) subcommand = o.name;
        walk(o.options);
      } else if (o.attachment) raw[o.name] = toAttachment(o.attachment, ctx.downloads) satisfies Attachment;
      else raw[o.name] = o.value;
    }
  };
  walk(data);
  return { subcommand, raw };
}

function invocationOf(ctx: DiscordContext, i: Interaction, command: string, subcommand?: string): Invocation {
  const loc = locate(i.channel, i.channelId ?? '', i.guildId);
  return {
    platform: 'discord',
    place: discordPlace(i.guildId),
    command,
    user: invoker(ctx, i.user, i.memberPermissions, i.member),
    channelId: loc.channelId,
    requestId: i.id,
    ...(subcommand ? { subcommand } : {}),
    ...(loc.serverId ? { serverId: loc.serverId } : {}),
    ...(loc.threadId ? { threadId: loc.threadId } : {}),
  };
}

async function onCommand(ctx: DiscordContext, i: ChatInputCommandInteraction, ticket: EventTicket) {
  const { subcommand, raw } = flatten(ctx, i.options.data);
  const def = ctx.app.registry.resolve(i.commandName, subcommand);
  const ephemeral = !!def?.ephemeral || raw.private === true;
  const ack = createLazyAck(i, { ephemeral, logger: ctx.logger });
  try {
    await runCommand(ctx, i, { subcommand, raw, ephemeral, ack, ticket });
  } finally {
    ack.cancel();
  }
}

async function runCommand(
  ctx: DiscordContext,
  i: ChatInputCommandInteraction,
  c: {
    subcommand: string | undefined;
    raw: Record<string, unknown>;
    ephemeral: boolean;
    ack: LazyAck;
    ticket: EventTicket;
  },
) {
  const { subcommand, raw, ephemeral, ack, ticket } = c;
  const invocation = invocationOf(ctx, i, i.commandName, subcommand);
  const location = locate(i.channel, i.channelId, i.guildId);
  const surface = createInteractionSurface(i, location, ctx.limits, {
    replaceOriginal: true,
    ephemeral,
    ack,
  });
  const canThread = !ephemeral && !location.threadId && i.inGuild() && i.channel?.isTextBased();
  const reply: ReplySurface = canThread
    ? {
        ...surface,
        post: surface.post,
        edit: surface.edit,
        async openThread(title, first) {
          await surface.post(first);
          // the callback or the edit returned the message: no need to fetch it again
          const starter = surface.original ?? (await i.fetchReply());
          const thread = await threadFrom(starter, title, ctx.logger);
          // no thread possible here (a voice channel's chat, no permission): answer under the question
          if (!thread) return surface;
          return createChannelSurface(thread, { ...location, threadId: thread.id }, ctx.limits);
        },
      }
    : surface;
  // the claim is confirmed once something shows or the question is stored (a "thinking…" defer is not enough)
  await ctx.app.dispatcher.dispatchCommand(
    invocation,
    raw,
    confirmingSurface(reply, () => ticket.confirm()),
  );
  if (surface.originalUsed) return;
  const done = { content: '✅ Done.' };
  if (!(await ack.reply(done, false))) await i.editReply(done);
}

/** A message context menu (Transcribe, Read aloud, Save to notebook): the target message goes along. */
async function onMessageMenu(ctx: DiscordContext, i: MessageContextMenuCommandInteraction) {
  const action = ctx.app.registry.messageActions.find((a) => a.name === i.commandName);
  await i.deferReply(action?.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  const location = locate(i.channel, i.channelId, i.guildId);
  const invocation: Invocation = {
    ...invocationOf(ctx, i, action?.id ?? i.commandName),
    target: targetOf(ctx, i.targetMessage),
  };
  const surface = createInteractionSurface(i, location, ctx.limits, {
    replaceOriginal: true,
    ephemeral: !!action?.ephemeral,
  });
  await ctx.app.dispatcher.dispatchMessageAction(invocation, action?.id ?? i.commandName, surface);
  if (!surface.originalUsed) await i.editReply({ content: '✅ Done.' });
}

async function onAutocomplete(ctx: DiscordContext, i: AutocompleteInteraction) {
  const focused = i.options.getFocused(true);
  const { subcommand } = flatten(ctx, i.options.data);
  const invocation = invocationOf(ctx, i, i.commandName, subcommand);
  const timeout = new Promise<[]>((resolve) => setTimeout(() => resolve([]), 2_500).unref());
  const choices = await Promise.race([
    ctx.app.dispatcher.autocomplete(invocation, focused.name, String(focused.value)),
    timeout,
  ]);
  await i.respond(choices);
}

async function onButton(ctx: DiscordContext, i: ButtonInteraction) {
  await i.deferUpdate();
  const invocation: Invocation = {
    ...invocationOf(ctx, i, 'button'),
    message: { id: i.message.id, channelId: i.message.channelId },
  };
  const surface = createInteractionSurface(i, locate(i.channel, i.channelId, i.guildId), ctx.limits, {
    replaceOriginal: false,
    componentMessageId: i.message.id,
  });
  await ctx.app.dispatcher.dispatchButton(invocation, i.customId, surface);
}

/**
 * Commands run again by a survivor when the instance that claimed them acknowledged them ("thinking…") and
 * died before anything showed or was stored: answered through the interaction token (valid 15 min). Only
 * /chat: what other commands may have done before their first message (e.g. submitting a video) is not
 * known to a survivor, and /chat's only stored effect (the question) confirms the claim.
 */
const RETAKEN_COMMANDS = new Set(['chat']);

function ticketFor(ctx: DiscordContext, i: Interaction): EventTicket {
  if (!i.isChatInputCommand() || !RETAKEN_COMMANDS.has(i.commandName))
    return ctx.claims.ticket('interaction', i.id);
  return ctx.claims.ticket('interaction', i.id, async (held) => {
    // only an acknowledged interaction has an @original to answer in ("thinking…"); one the dead instance
    // never acknowledged cannot be answered any more (Discord already told the user it got no answer)
    const acknowledged = await i.webhook.fetchMessage('@original').then(
      () => true,
      () => false,
    );
    const log = { interaction: i.id, command: i.commandName };
    if (!acknowledged) {
      ctx.logger.info(log, 'a command a gone instance never acknowledged cannot be answered');
      return held.confirm();
    }
    // the dead instance sent the defer; discord.js here does not know
    i.deferred = true;
    ctx.logger.info(log, 'answering a command a gone instance acknowledged');
    return handleInteraction(ctx, i, held);
  });
}

/** The one error boundary for interactions: log, tell the user once, never crash. */
export async function handleInteraction(
  ctx: DiscordContext,
  i: Interaction,
  held?: EventTicket,
): Promise<void> {
  const ticket = held ?? ticketFor(ctx, i);
  try {
    // another instance got it first (every session receives every interaction): drop it silently
    if (!(await ticket.claim())) return;
    if (i.isChatInputCommand()) await onCommand(ctx, i, ticket);
    else if (i.isMessageContextMenuCommand()) await onMessageMenu(ctx, i);
    else if (i.isAutocomplete()) await onAutocomplete(ctx, i);
    else if (i.isButton()) await onButton(ctx, i);
  } catch (err) {
    ctx.logger.error({ err, interaction: i.id, type: i.type }, 'interaction handler failed');
    if (!i.isRepliable()) return;
    const text = `⚠️ ${INTERNAL_ERROR_TEXT}`;
    const send =
      i.deferred || i.replied
        ? i.followUp({ content: text, flags: MessageFlags.Ephemeral })
        : i.reply({ content: text, flags: MessageFlags.Ephemeral });
    await send.catch((e: unknown) => ctx.logger.warn({ err: e }, 'could not report the failure'));
  } finally {
    await ticket.confirm();
  }
}
