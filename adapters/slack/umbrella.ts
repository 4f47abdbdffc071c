/**
 * `/switchboard <command> [args]`: the text is parsed into the same raw options Discord produces
 * and validated by the same zod schemas. Acknowledged at once; the work runs after the ack.
 */
import type { WebClient } from '@slack/web-api';
import { commandUsage, parseCommandText } from '../../src/command-model/command-text.js';
import type { Invocation } from '../../src/command-model/command-types.js';
import { toUserMessage } from '../../src/common/errors.js';
import { type SlackContext, slackInvoker, surfaceBase } from './context.js';
import { fromSlackText } from './incoming-text.js';
import { slackPlace } from './place.js';
import { createSlackSurface } from './surface.js';

export interface SlashPayload {
  text: string;
  user_id: string;
  channel_id: string;
  team_id?: string;
  trigger_id?: string;
  command: string;
}

export function helpText(ctx: SlackContext, command: string): string {
  const lines = ctx.app.registry.commands.map((c) =>
    commandUsage(c)
      .split('\n')
      .map((l) => `• \`${command} ${l}\``)
      .join('\n'),
  );
  return `*Switchboard commands*\n${lines.join('\n')}\nMention me in a channel or DM me to chat; reply in my threads to continue.`;
}

export async function runUmbrella(ctx: SlackContext, client: WebClient, p: SlashPayload): Promise<void> {
  const location = {
    platform: 'slack' as const,
    channelId: p.channel_id,
    ...(p.team_id ? { serverId: p.team_id } : {}),
  };
  const surface = createSlackSurface({
    ...surfaceBase(ctx, client, p.user_id),
    location,
  });
  const text = fromSlackText(p.text).trim();
  if (!text || text === 'help') {
    await surface.post({ text: helpText(ctx, p.command), ephemeral: true });
    return;
  }
  let parsed: ReturnType<typeof parseCommandText>;
  try {
    parsed = parseCommandText(text, (name) => ctx.app.registry.find(name));
  } catch (err) {
    await surface.post({ text: `⚠️ ${toUserMessage(err)}`, ephemeral: true });
    return;
  }
  const needsFile = fileOnlyHint(ctx, parsed.command, parsed.subcommand, p.command);
  if (needsFile) {
    await surface.post({ text: needsFile, ephemeral: true });
    return;
  }
  // Slack cannot stream or edit a message only one person sees: a private answer goes to a DM
  const dm = parsed.raw.private === true ? await privateChannel(ctx, client, p, surface) : undefined;
  if (parsed.raw.private === true && !dm) return;
  const channelId = dm ?? p.channel_id;
  const invocation: Invocation = {
    platform: 'slack',
    place: slackPlace(channelId),
    command: parsed.command,
    user: await slackInvoker(ctx, client, p.user_id),
    channelId,
    ...(p.trigger_id ? { requestId: p.trigger_id } : {}),
    ...(p.team_id ? { serverId: p.team_id } : {}),
    ...(parsed.subcommand ? { subcommand: parsed.subcommand } : {}),
  };
  const target = dm
    ? createSlackSurface({ ...surfaceBase(ctx, client, p.user_id), location: { ...location, channelId: dm } })
    : surface;
  await ctx.app.dispatcher.dispatchCommand(invocation, parsed.raw, target);
}

/** The DM with the user for a private answer (said so, privately, where they asked). */
async function privateChannel(
  ctx: SlackContext,
  client: WebClient,
  p: SlashPayload,
  here: ReturnType<typeof createSlackSurface>,
): Promise<string | undefined> {
  try {
    const res = await client.conversations.open({ users: p.user_id });
    const id = res.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    if (id !== p.channel_id)
      await here
        .post({ text: '🔒 I’ll answer you privately in our DM.', ephemeral: true })
        .catch(() => undefined);
    return id;
  } catch (err) {
    ctx.logger.warn({ err }, 'could not open a DM for a private answer');
    await here.post({
      text: '⚠️ I could not open a DM with you for a private answer. Message me directly, or ask without `private:true`.',
      ephemeral: true,
    });
    return undefined;
  }
}

/** Slash commands carry no files: a command that needs one is pointed at the shortcut or a mention. */
export function fileOnlyHint(
  ctx: SlackContext,
  command: string,
  subcommand: string | undefined,
  slash: string,
): string | undefined {
  const def = ctx.app.registry.resolve(command, subcommand);
  const needs = Object.entries(def?.options ?? {}).find(([, o]) => o.kind === 'attachment' && o.required);
  if (!needs) return undefined;
  const shortcut = ctx.app.registry.messageActions.find((a) => a.id === command);
  const how = shortcut
    ? `use the *${shortcut.name}* shortcut on a message with the file (hover it, then ⋯ → ${shortcut.name}), or mention me in a message with the file attached`
    : 'mention me in a message with the file attached';
  return `\`${slash} ${command}\` needs a file (\`${needs[0]}\`), and Slack slash commands cannot carry files: ${how}.`;
}
