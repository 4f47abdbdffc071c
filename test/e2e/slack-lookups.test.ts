/**
 * Lookups and the notebook on Slack (HTTP mode, real Bolt against the fake Slack): cards as Block
 * Kit that the fake validates like Slack, paging with chat.update, /model info, the notebook's
 * add / Save to notebook shortcut / search / ask, and stored content refused to others.
 */
import { describe, expect, it } from 'vitest';
import { defaultModels } from '../fakes/openrouter/fixtures.js';
import { makeModel } from '../fakes/openrouter.js';
import { dmChannel, type MessageView } from '../fakes/slack.js';
import { answered, isFinished } from './slack-harness.js';
import { useSlackBot } from './use-slack-bot.js';

const { slack, openrouter, bot } = useSlackBot({
  setUp: (_, openrouter) => openrouter.setModels(defaultModels()),
});

const BOB = 'U0FAKEBOB1';
const top = () => slack.messages(slack.channelId).filter((m) => m.isBot && !m.ephemeralTo);

/** Runs `/switchboard <text>` and waits for a new top-level bot message that satisfies `done`. */
async function command(text: string, done: (m: MessageView) => boolean, user?: string) {
  await bot.send(slack.slash({ text, ...(user ? { user } : {}) }));
  return slack.waitFor(() => slack.messages(slack.channelId).find((m) => m.isBot && done(m)));
}

describe('lookups on Slack', () => {
  it('models search renders blocks and pages in place with chat.update', async () => {
    openrouter.setModels(
      Array.from({ length: 15 }, (_, i) =>
        makeModel({ id: `acme/m-${String(i).padStart(2, '0')}`, name: `Acme ${i}`, contextLength: 4_000 }),
      ),
    );
    const first = await command('models search query:acme', (m) => m.text.includes('acme/m-00'));
    expect(first.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'actions']);
    expect(first.text).toContain('Page 1 of 2 · 15 models');
    expect(first.buttons.map((b) => b.text)).toEqual(['Next ▶']);
    await bot.send(slack.clickButton({ channel: slack.channelId, ts: first.ts, button: 'Next ▶' }));
    const second = await slack.waitFor(() => {
      const m = slack.find(slack.channelId, first.ts);
      return m?.text.includes('Page 2 of 2') ? m : undefined;
    });
    expect(second.text).toContain('acme/m-14');
    expect(second.text).not.toContain('acme/m-00');
    expect(second.buttons.map((b) => b.text)).toEqual(['◀ Previous']);
    expect(top()).toHaveLength(1);
  });

  it('model info shows the card with a linked title, its fields and the endpoints', async () => {
    const m = await command('model info id:anthropic/claude-sonnet-4', (x) =>
      x.text.includes('Endpoints of'),
    );
    expect(JSON.stringify(m.blocks)).toContain(
      '<https://openrouter.ai/anthropic/claude-sonnet-4|Anthropic: Claude Sonnet 4>',
    );
    expect(m.text).toContain('$3 in · $15 out /M');
    expect(m.text).toContain('🔒 OpenAI (openai)');
    expect(m.text).toContain('2 endpoints · 1 retain no data (🔒 ZDR)');
  });
});

describe('the notebook on Slack', () => {
  it('add, the Save to notebook shortcut, search with links back, and ask answered in a thread', async () => {
    await command('kb add text:"The release date is Friday the 12th."', (m) =>
      m.text.includes('Saved to the notebook'),
    );
    const [posted] = await bot.send(slack.message({ text: 'Deploys need two approvals.', user: BOB }));
    expect(posted?.status).toBe(200);
    const target = await slack.waitFor(() =>
      slack.messages(slack.channelId).find((m) => m.text === 'Deploys need two approvals.'),
    );
    await bot.send(slack.shortcut({ channel: slack.channelId, ts: target.ts, callbackId: 'kb-save' }));
    // the answer goes, privately, under the message the shortcut was used on
    await slack.waitFor(() =>
      slack
        .messages(slack.channelId, target.ts)
        .find((m) => m.ephemeralTo === slack.userId && m.text.includes('Saved')),
    );

    const found = await command('kb search query:"deploys approvals"', (m) =>
      m.text.includes('best matches'),
    );
    expect(found.text).toContain('Deploys need two approvals.');
    // the link back is the message's real permalink (chat.getPermalink)
    expect(slack.calls('chat.getPermalink')).toHaveLength(1);
    expect(JSON.stringify(found.blocks)).toMatch(
      new RegExp(
        `https://[a-z0-9-]+\\.slack\\.com/archives/${slack.channelId}/p${target.ts.replace('.', '')}\\|open>`,
      ),
    );
    expect(found.text).toContain('2 notes in this server searched · embeddings + rerank');

    openrouter.queueReply({ text: 'It is on Friday the 12th [1].' });
    const asked = await command('kb ask question:"When is the release?"', (m) =>
      m.text.includes('asked the notebook'),
    );
    expect(asked.text).toContain('Sources from the notebook');
    const thread = await answered(slack, slack.channelId, asked.ts);
    expect(thread.find(isFinished)?.text).toContain('It is on Friday the 12th [1].');
  });

  it('generation content is refused to someone who did not ask, privately', async () => {
    await bot.send(slack.mention({ text: 'remember this' }));
    const done = await slack.waitFor(() => {
      const all = slack.messages(slack.channelId).flatMap((m) => slack.messages(slack.channelId, m.ts));
      return all.find(isFinished);
    });
    const id = /gen-[\w-]+/.exec(done.text)?.[0] as string;
    await bot.send(slack.slash({ text: `generation content id:${id}`, user: BOB }));
    const refused = await slack.waitFor(() =>
      slack.messages(slack.channelId).find((m) => m.ephemeralTo === BOB),
    );
    expect(refused.text).toContain(
      'Only the person who asked for that answer (or an admin of the server it was asked in)',
    );
  });

  it('a note saved in a DM stays in that DM: the workspace notebook cannot find it', async () => {
    const dm = dmChannel(slack.userId);
    await bot.send(
      slack.slash({ text: 'kb add text:"My personal reminder about the dentist."', channel: dm }),
    );
    await slack.waitFor(() =>
      slack.messages(dm).some((m) => m.isBot && m.text.includes('Saved to the notebook')),
    );
    await command('kb search query:"dentist reminder"', (m) => /notes?|nothing|empty/i.test(m.text));
    const found = slack.messages(slack.channelId).filter((m) => m.isBot);
    expect(found.map((m) => m.text).join('\n')).not.toContain('My personal reminder');
  });
});
