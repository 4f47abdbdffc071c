/**
 * The floor for the Discord benchmarks: a minimal, correct discord.js 14 bot doing the same visible
 * work as Switchboard's `/chat` — the callback replies "asked: …" and returns its message
 * (`withResponse`), a thread opens from it, the streamed answer is posted there (first words,
 * then edits at most once a second) and the final edit adds the footer and a button. @mentions are
 * answered the same way in a thread opened from the mention. No state, no logs, no policies.
 * Configured by env: BARE_DISCORD_API, BARE_DISCORD_TOKEN, BARE_OPENROUTER_URL, BARE_OPENROUTER_KEY.
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  Events,
  GatewayIntentBits,
  type Message,
  type SendableChannels,
} from 'discord.js';
import { endWithBench, footerOf, type Streamed, streamChat } from './bare-stream.js';

const env = (name: string) => process.env[name] ?? '';
const NO_PINGS = { parse: [] as never[], repliedUser: false };

const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
  rest: { api: env('BARE_DISCORD_API') },
  allowedMentions: NO_PINGS,
});

async function answer(channel: SendableChannels, prompt: string): Promise<void> {
  const done: Streamed = { model: '', id: '', tokens: 0 };
  let text = '';
  let sent: Message | undefined;
  let last = 0;
  try {
    for await (const piece of streamChat(
      env('BARE_OPENROUTER_URL'),
      env('BARE_OPENROUTER_KEY'),
      prompt,
      done,
    )) {
      text += piece;
      if (!sent) {
        sent = await channel.send({ content: text });
        last = Date.now();
      } else if (Date.now() - last >= 1_000) {
        last = Date.now();
        await sent.edit({ content: text });
      }
    }
  } catch (err) {
    text += `\n⚠️ ${String(err)}`;
  }
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId('regenerate:last').setLabel('Regenerate').setStyle(ButtonStyle.Secondary),
  );
  const final = { content: `${text || '\u200b'}\n-# ${footerOf(done)}`, components: [row] };
  if (sent) await sent.edit(final);
  else await channel.send(final);
}

client.on(Events.InteractionCreate, async (i) => {
  if (!i.isChatInputCommand() || i.commandName !== 'chat') return;
  const prompt = i.options.getString('prompt', true);
  const res = await i.reply({ content: `**${i.user.username}** asked: ${prompt}`, withResponse: true });
  const asked = res.resource?.message;
  if (!asked) return;
  const thread = await asked.startThread({ name: prompt.slice(0, 100), autoArchiveDuration: 1440 });
  await answer(thread, prompt);
});

client.on(Events.MessageCreate, async (m) => {
  if (m.author.bot || !client.user || !m.mentions.users.has(client.user.id)) return;
  const prompt = m.content.replaceAll(`<@${client.user.id}>`, '').trim();
  const thread = m.channel.isThread()
    ? m.channel
    : await m.startThread({ name: prompt.slice(0, 100) || 'question', autoArchiveDuration: 1440 });
  await answer(thread, prompt);
});

client.on(Events.Error, () => undefined);
endWithBench();
await client.login(env('BARE_DISCORD_TOKEN'));
