/**
 * Voice on Discord end to end: real discord.js against the fake Discord, real client against the
 * fake OpenRouter, real audio bytes made in the test. Voice notes transcribed automatically where
 * an admin opted in, the Transcribe context menu with its cache, refusals with their messages,
 * Summarize, and /speak / Read aloud arriving as a real voice message (with ffmpeg) or an mp3.
 */
import { describe, expect, it } from 'vitest';
import { encodeWith, ffmpegForTests, sineWav } from '../helpers/audio.js';
import { isFinished } from './discord-harness.js';
import { useDiscordBot } from './use-discord-bot.js';

const ffmpeg = ffmpegForTests('discord-voice.test.ts');
const { discord, openrouter } = useDiscordBot({
  env: { MAX_AUDIO_BYTES: '400000' },
  setUp: (_, openrouter) =>
    openrouter.setTranscript('Hello team, the build is green and the release goes out today.'),
});

const sttCalls = () => openrouter.requests.filter((r) => r.path.endsWith('/audio/transcriptions'));
const ttsCalls = () => openrouter.requests.filter((r) => r.path.endsWith('/audio/speech'));
const VOICE_FLAG = 8192;

async function voiceNote(data: Buffer, contentType = 'audio/ogg') {
  const attachment = discord.addAttachment({
    filename: 'voice-message.ogg',
    contentType,
    data,
    durationSecs: 2,
    waveform: Buffer.alloc(32, 100).toString('base64'),
  });
  return discord.sendMessage({ content: '', attachments: [attachment], flags: VOICE_FLAG });
}

async function command(
  name: string,
  options: Array<{ name: string; type: number; value: unknown }>,
  extra = {},
) {
  const handle = discord.slashCommand({ name, options, ...extra });
  await handle.waitForCallback();
  return handle;
}

const reply = (token: string) =>
  discord.waitFor(() => discord.messages(discord.channelId).find((m) => m.content.includes(token)));

describe('voice notes on Discord', () => {
  it('auto-transcribes voice notes only where an admin turned it on, in a thread on the note', async () => {
    const wav = sineWav({ seconds: 1 });
    await voiceNote(wav, 'audio/wav'); // before opting in: ignored
    const denied = discord.slashCommand({
      name: 'config',
      options: [
        { name: 'auto-transcribe', type: 1, options: [{ name: 'enabled', type: 3, value: 'on' }] },
      ] as never,
      permissions: '0',
    });
    await denied.waitForCallback();
    await discord.waitFor(() =>
      discord.requests.some(
        (r) => ['PATCH', 'POST'].includes(r.method) && JSON.stringify(r.body).includes('Only admins can use'),
      ),
    );
    await command('config', [
      { name: 'auto-transcribe', type: 1, options: [{ name: 'enabled', type: 3, value: 'on' }] } as never,
    ]);
    await reply('Automatic transcription is **on**');
    const note = await voiceNote(wav, 'audio/wav');
    const thread = await discord.waitFor(
      () =>
        discord.threads().find((t) => t.id === note.id || t.name === 'Voice note from tester') ??
        discord.threads()[0],
    );
    const transcript = await discord.waitFor(() =>
      discord.messages(thread.id).find((m) => m.content.includes('Transcript')),
    );
    expect(transcript.content).toContain('> Hello team, the build is green');
    expect(transcript.content).toContain('-# openai/whisper-1');
    expect(JSON.stringify(transcript.components)).toContain('summarize:');
    expect(sttCalls()).toHaveLength(1); // the note sent before opting in was not transcribed
    expect(discord.threads()).toHaveLength(1);
  });

  it('Transcribe on a message answers from the cache the second time (one paid call)', async () => {
    const note = await voiceNote(sineWav({ seconds: 1 }), 'audio/wav');
    for (let i = 0; i < 2; i++) {
      const handle = discord.messageCommand({ name: 'Transcribe', messageId: note.id });
      await handle.waitForCallback();
      await discord.waitFor(
        () =>
          discord.requests.filter(
            (r) => r.method === 'PATCH' && JSON.stringify(r.body).includes('Transcript'),
          ).length > i,
      );
    }
    expect(sttCalls()).toHaveLength(1);
    const bodies = discord.requests.filter(
      (r) => r.method === 'PATCH' && JSON.stringify(r.body).includes('Transcript'),
    );
    expect(JSON.stringify(bodies.at(-1)?.body)).toContain('cached');
  });

  it('refuses oversize and non-audio files with messages that say why', async () => {
    const big = discord.addAttachment({
      filename: 'long.wav',
      contentType: 'audio/wav',
      data: sineWav({ seconds: 20 }),
    });
    await command('transcribe', [{ name: 'file', type: 11, value: big.id }], {
      attachments: { [big.id]: big },
    });
    const text = discord.addAttachment({
      filename: 'notes.txt',
      contentType: 'text/plain',
      data: Buffer.from('just text'),
    });
    await command('transcribe', [{ name: 'file', type: 11, value: text.id }], {
      attachments: { [text.id]: text },
    });
    const said = await discord.waitFor(() => {
      // refusals are private: they arrive as ephemeral follow-ups (or edits of a private reply)
      const all = JSON.stringify(
        discord.requests.filter((r) => ['PATCH', 'POST'].includes(r.method)).map((r) => r.body),
      );
      return all.includes('⚠️') && all.split('⚠️').length > 2 ? all : undefined;
    });
    expect(said).toMatch(/long\.wav is \d+ KB; the limit is 391 KB/);
    expect(said).toMatch(/not (an )?audio/i);
    expect(sttCalls()).toHaveLength(0);
  });

  it('attaches a long transcript as transcript.txt with its first lines inline', async () => {
    const long = Array.from({ length: 80 }, (_, i) => `Sentence number ${i} of a long meeting.`).join(' ');
    openrouter.setTranscript(long);
    const note = await voiceNote(sineWav({ seconds: 1 }), 'audio/wav');
    const handle = discord.messageCommand({ name: 'Transcribe', messageId: note.id });
    await handle.waitForCallback();
    const msg = await discord.waitFor(() =>
      discord
        .messages(discord.channelId)
        .find((m) => m.attachments.some((a) => a.filename === 'transcript.txt')),
    );
    expect(msg.content).toContain('> Sentence number 0 of a long meeting.');
    expect(msg.content.length).toBeLessThanOrEqual(2000);
    const file = msg.attachments.find((a) => a.filename === 'transcript.txt');
    expect(Buffer.from(file?.data ?? []).toString('utf8')).toBe(long);
  });

  it('Summarize feeds the transcript to a chat answer', async () => {
    const note = await voiceNote(sineWav({ seconds: 1 }), 'audio/wav');
    const handle = discord.messageCommand({ name: 'Transcribe', messageId: note.id });
    await handle.waitForCallback();
    const transcript = await reply('Transcript');
    const id = JSON.stringify(transcript.components).match(/summarize:[\w-]+/)?.[0] as string;
    discord.buttonClick({ messageId: transcript.id, customId: id });
    await discord.waitFor(() => discord.messages(discord.channelId).find((m) => isFinished(m)));
    const chat = openrouter.requests.find((r) => r.path.endsWith('/chat/completions'));
    expect(JSON.stringify(chat?.body)).toContain('the build is green');
  });
});

describe('spoken replies on Discord', () => {
  it('/speak sends a real voice message (Ogg/Opus, duration, waveform) when ffmpeg is there, else an mp3', async () => {
    await command('speak', [
      { name: 'text', type: 3, value: 'The release goes out today. Everyone is ready.' },
    ]);
    const audio = await discord.waitFor(() =>
      discord.messages(discord.channelId).find((m) => m.attachments.length > 0),
    );
    const file = audio.attachments[0];
    expect(ttsCalls()).toHaveLength(1);
    if (ffmpeg) {
      expect(audio.flags & VOICE_FLAG).toBe(VOICE_FLAG);
      expect(audio.content).toBe('');
      expect(file?.content_type ?? file?.filename).toMatch(/ogg/);
      expect(
        Buffer.from(file?.data ?? [])
          .subarray(0, 4)
          .toString('latin1'),
      ).toBe('OggS');
      expect(file?.duration_secs).toBeGreaterThan(0);
      const waveform = Buffer.from(file?.waveform ?? '', 'base64');
      expect(waveform.length).toBeGreaterThan(0);
      expect(waveform.length).toBeLessThanOrEqual(256);
      // playable: ffmpeg decodes it back to PCM
      const pcm = await encodeWith(ffmpeg, Buffer.from(file?.data ?? []), 'aiff');
      expect(pcm.length).toBeGreaterThan(100);
    } else {
      expect(file?.filename).toMatch(/\.mp3$/);
    }
  });

  it('Read aloud speaks a bot answer without its footer line', async () => {
    const handle = discord.slashCommand({
      name: 'chat',
      options: [{ name: 'prompt', type: 3, value: 'say hi' }],
    });
    await handle.waitForCallback();
    const answer = await discord.waitFor(() =>
      discord
        .threads()
        .flatMap((t) => discord.messages(t.id))
        .find((m) => isFinished(m)),
    );
    const read = discord.messageCommand({
      name: 'Read aloud',
      messageId: answer.id,
      channelId: answer.channel_id,
    });
    await read.waitForCallback();
    await discord.waitFor(() => ttsCalls().length === 1);
    const input = String((ttsCalls()[0]?.body as { input?: string } | undefined)?.input);
    expect(input).toContain('Echo: say hi');
    expect(input).not.toContain('gen-');
  });
});
