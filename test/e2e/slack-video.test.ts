/**
 * /switchboard video on Slack end to end (real Bolt against the fake Slack, real client against the
 * fake OpenRouter whose jobs advance one step per poll, on a shortened polling schedule): one status
 * message followed to the end and the video uploaded through the external upload flow; a failed job
 * says why; an unsupported option is refused before any request.
 */
import { describe, expect, it } from 'vitest';
import { mp4File } from '../fakes/openrouter.js';
import { useSlackBot } from './use-slack-bot.js';

const FAST = { VIDEO_POLL_MIN_MS: '20', VIDEO_POLL_MAX_MS: '60' };
const { slack, openrouter, bot } = useSlackBot({ env: FAST });

const videoPosts = () => openrouter.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/videos'));
const botMessages = () => slack.messages(slack.channelId).filter((m) => m.isBot);

describe('/switchboard video on Slack', () => {
  it('follows the job in one status message, then uploads the video with its cost', async () => {
    openrouter.configureVideo({ pollsUntilDone: 3 });
    await bot.send(slack.slash({ text: 'video create prompt:"A lighthouse at dawn"' }));
    const status = await slack.waitFor(() => botMessages().find((m) => m.text.includes('Done')));
    expect(status.text).toContain('A lighthouse at dawn');
    expect(status.text).toMatch(/\$0\.40/);
    expect(status.buttons.some((b) => b.action_id.startsWith('video-cancel'))).toBe(false);
    expect(status.edits).toBeGreaterThanOrEqual(1); // the same message moved through the states
    const withFile = await slack.waitFor(() => botMessages().find((m) => m.files.length > 0));
    expect(Buffer.from(withFile.files[0]?.data ?? []).equals(mp4File(0))).toBe(true);
    expect(slack.calls('files.completeUploadExternal')).toHaveLength(1);
    expect(videoPosts()).toHaveLength(1);
  });

  it('a failed job says why', async () => {
    openrouter.configureVideo({ pollsUntilDone: 2, fail: true });
    await bot.send(slack.slash({ text: 'video create prompt:"Something the provider refuses"' }));
    const status = await slack.waitFor(() => botMessages().find((m) => /fail/i.test(m.text)));
    expect(status.text).toContain('content policy');
    expect(botMessages().some((m) => m.files.length > 0)).toBe(false);
  });

  it('refuses an option the model does not support, before any request', async () => {
    await bot.send(slack.slash({ text: 'video create prompt:"A cat" resolution:4K duration:99' }));
    const refusal = await slack.waitFor(() =>
      slack.messages(slack.channelId).find((m) => m.ephemeralTo && m.text.includes('⚠️')),
    );
    expect(refusal.text).toMatch(/resolution|duration/);
    expect(videoPosts()).toHaveLength(0);
  });

  it('/switchboard video models lists the video models', async () => {
    await bot.send(slack.slash({ text: 'video models' }));
    const list = await slack.waitFor(() =>
      slack.messages(slack.channelId).find((m) => m.text.includes('google/veo-3.1')),
    );
    expect(list.text.length).toBeGreaterThan(20);
  });
});
