/**
 * Voice on Slack end to end (real Bolt against the fake Slack, real client against the fake
 * OpenRouter): a Slack clip labelled video/mp4 transcribed automatically only where an admin opted
 * in, the Transcribe shortcut with its cache, the umbrella command's hint for file-only commands,
 * oversize refusals, and /switchboard speak / Read aloud uploaded through the external upload flow.
 */
import { describe, expect, it } from 'vitest';
import { mp4File } from '../fakes/openrouter/media.js';
import type { FakeSlack } from '../fakes/slack.js';
import { sineWav } from '../helpers/audio.js';
import { answered, isFinished } from './slack-harness.js';
import { useSlackBot } from './use-slack-bot.js';

const { slack, openrouter, bot } = useSlackBot({
  env: { MAX_AUDIO_BYTES: '400000' },
  setUp: (_, openrouter) =>
    openrouter.setTranscript('Quick update from the train: the demo moved to Thursday.'),
});

const stt = () => openrouter.requests.filter((r) => r.path.endsWith('/audio/transcriptions'));
const tts = () => openrouter.requests.filter((r) => r.path.endsWith('/audio/speech'));
const OTHER = 'C0FAKEOTH1';

async function clip(channel = slack.channelId, mimetype = 'video/mp4') {
  const file = slack.voiceClip(mp4File(1), { mimetype, durationMs: 3_000 });
  const posted = slack.message({ text: '', channel, files: [file] });
  await bot.send(posted);
  return { ts: posted.ts as string };
}

describe('voice notes on Slack', () => {
  it('auto-transcribes a video/mp4 voice clip where an admin opted in, and not elsewhere', async () => {
    slack.setUser(slack.userId, { is_admin: true });
    await bot.send(slack.slash({ text: 'config auto-transcribe enabled:on' }));
    await slack.waitFor(() =>
      slack.messages(slack.channelId).some((m) => m.text.includes('Automatic transcription is')),
    );
    await clip(OTHER); // not opted in
    const posted = await clip();
    const transcript = await slack.waitFor(() =>
      slack.messages(slack.channelId, posted.ts).find((m) => m.isBot && m.text.includes('Transcript')),
    );
    expect(transcript.thread_ts).toBe(posted.ts);
    expect(transcript.text).toContain('the demo moved to Thursday');
    expect(transcript.buttons.some((b) => b.action_id.startsWith('summarize:'))).toBe(true);
    expect(stt()).toHaveLength(1);
    expect(slack.messages(OTHER).filter((m) => m.isBot)).toEqual([]);
    // the file was fetched from Slack's file host with the bot token
    expect(slack.fileRequests().some((r) => r.authorization === `Bearer ${slack.botToken}`)).toBe(true);
  });

  it('only admins may turn automatic transcription on', async () => {
    await bot.send(slack.slash({ text: 'config auto-transcribe enabled:on' }));
    const denied = await slack.waitFor(() =>
      slack.messages(slack.channelId).find((m) => m.ephemeralTo && m.text.includes('Only admins can use')),
    );
    expect(denied.ephemeralTo).toBe(slack.userId);
  });

  it('the Transcribe shortcut answers in the thread and from the cache the second time', async () => {
    const posted = await clip();
    for (let i = 1; i <= 2; i++) {
      await bot.send(slack.shortcut({ channel: slack.channelId, ts: posted.ts, callbackId: 'transcribe' }));
      await slack.waitFor(
        () =>
          slack.messages(slack.channelId, posted.ts).filter((m) => m.isBot && m.text.includes('Transcript'))
            .length === i,
      );
    }
    expect(stt()).toHaveLength(1);
    const second = slack.messages(slack.channelId, posted.ts).filter((m) => m.text.includes('Transcript'))[1];
    expect(second?.text).toContain('cached');
  });

  it('refuses an oversize file with the limit, and a message without audio', async () => {
    const big = slack.addFile({ name: 'meeting.wav', mimetype: 'audio/wav', data: sineWav({ seconds: 20 }) });
    const posted = slack.message({ text: 'long one', files: [big] }) as { ts: string } & ReturnType<
      FakeSlack['message']
    >;
    await bot.send(posted);
    await bot.send(slack.shortcut({ channel: slack.channelId, ts: posted.ts, callbackId: 'transcribe' }));
    const plain = slack.message({ text: 'no audio here' }) as { ts: string } & ReturnType<
      FakeSlack['message']
    >;
    await bot.send(plain);
    await bot.send(slack.shortcut({ channel: slack.channelId, ts: plain.ts, callbackId: 'transcribe' }));
    const said = await slack.waitFor(() => {
      const all = slack
        .messages(slack.channelId)
        .concat(slack.messages(slack.channelId, posted.ts), slack.messages(slack.channelId, plain.ts))
        .map((m) => m.text)
        .join('\n');
      return all.includes('the limit is') && all.includes('no audio file') ? all : undefined;
    });
    expect(said).toMatch(/meeting\.wav is \d+ KB; the limit is 391 KB/);
    expect(stt()).toHaveLength(0);
  });

  it('/switchboard transcribe explains the shortcut, since slash commands carry no files', async () => {
    await bot.send(slack.slash({ text: 'transcribe' }));
    const hint = await slack.waitFor(() =>
      slack.messages(slack.channelId).find((m) => m.ephemeralTo && m.text.includes('Transcribe')),
    );
    expect(hint.text).toMatch(/shortcut/);
    expect(hint.text).toMatch(/cannot carry files/);
  });
});

describe('spoken replies on Slack', () => {
  it('/switchboard speak uploads an mp3 through the external upload flow', async () => {
    await bot.send(slack.slash({ text: 'speak text:"The demo moved to Thursday."' }));
    const withFile = await slack.waitFor(() =>
      slack.messages(slack.channelId).find((m) => m.files.length > 0),
    );
    const file = withFile.files[0];
    expect(file?.name).toMatch(/\.mp3$/);
    const head = Buffer.from(file?.data ?? []).subarray(0, 3);
    expect(head.toString('latin1') === 'ID3' || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0)).toBe(
      true,
    );
    expect(slack.calls('files.getUploadURLExternal')).toHaveLength(1);
    expect(slack.calls('files.completeUploadExternal')).toHaveLength(1);
    expect(tts()).toHaveLength(1);
  });

  it('Read aloud on a bot answer speaks its text without the footer', async () => {
    const asked = slack.mention({ text: 'say something short' });
    await bot.send(asked);
    const bots = await answered(slack, slack.channelId, asked.ts);
    const answer = bots.find(isFinished);
    expect(answer).toBeDefined();
    await bot.send(
      slack.shortcut({ channel: slack.channelId, ts: answer?.ts ?? '', callbackId: 'read-aloud' }),
    );
    await slack.waitFor(() => slack.messages(slack.channelId, asked.ts).some((m) => m.files.length > 0));
    const input = String((tts()[0]?.body as { input?: string } | undefined)?.input);
    expect(input).toContain('Echo: say something short');
    expect(input).not.toContain('gen-');
  });
});
