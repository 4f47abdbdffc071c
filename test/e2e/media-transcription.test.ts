/**
 * The transcription service end to end: real undici client → fake OpenRouter on loopback, real
 * state store, real ffmpeg (when present) for formats the API does not take.
 */
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SwitchboardError } from '../../src/common/errors.js';
import { createFfmpeg } from '../../src/media/ffmpeg.js';
import { createTranscriptionService } from '../../src/media/transcription-service.js';
import { OpenRouterError } from '../../src/openrouter/index.js';
import { createMemoryStore } from '../../src/state/memory-store.js';
import type { StateStore } from '../../src/state/store.js';
import type { RecordedRequest } from '../fakes/openrouter.js';
import { bytesAttachment, encodeWith, ffmpegForTests, sineWav } from '../helpers/audio.js';
import { testClient } from '../helpers/test-client.js';
import { useOpenRouterClient } from '../helpers/use-fake-openrouter.js';

const API_KEY = 'sk-or-v1-media-e2e-0123456789abcdef';
const MODEL = 'openai/whisper-large-v3';
const ffmpegPath = ffmpegForTests('media-transcription.test');
const logger = pino({ level: 'silent' });

const { openrouter: fake, client } = useOpenRouterClient(API_KEY);
let store: StateStore;

beforeEach(async () => {
  await store?.close();
  store = createMemoryStore();
});

const service = (ffmpegBinary = ffmpegPath ?? 'ffmpeg', config: { maxBytes?: number } = {}) =>
  createTranscriptionService(
    { model: MODEL, maxBytes: 2 * 1024 * 1024, maxDurationSecs: 120, ...config },
    { client, store, logger, ffmpeg: createFfmpeg({ path: ffmpegBinary }) },
  );
const sent = (r: RecordedRequest) =>
  (r.body as { input_audio: { data: string; format: string } }).input_audio;
const transcriptions = () => fake.requests.filter((r) => r.path === '/audio/transcriptions');

describe('transcription', () => {
  it('streams the base64 body (exact length declared) and sends it whole again on a retry', async () => {
    const retrying = testClient(fake, API_KEY, { maxRetries: 1 });
    const wav = sineWav({ seconds: 30 }); // ~960 KB: several encoded pieces
    fake.setTranscript('second time lucky');
    fake.injectFault(
      { kind: 'status', status: 503, retryAfterMs: 1 },
      { count: 1, path: '/audio/transcriptions' },
    );
    const att = bytesAttachment(wav, {
      id: 'r1',
      name: 'retry.wav',
      contentType: 'audio/wav',
      size: wav.length,
    });
    try {
      const result = await createTranscriptionService(
        { model: MODEL, maxBytes: 2 * 1024 * 1024, maxDurationSecs: 120 },
        { client: retrying, store, logger },
      ).transcribe({ attachment: att, cacheKey: 'discord:retry' });
      expect(result.text).toBe('second time lucky');
    } finally {
      await retrying.close();
    }
    const calls = transcriptions();
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(sent(call)).toEqual({ data: wav.toString('base64'), format: 'wav' });
      expect(Number(call.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(call.body)));
    }
  });

  it('transcribes a generated WAV, sending its exact bytes as base64 wav', async () => {
    const wav = sineWav({ seconds: 2 });
    fake.setTranscript('ship it on friday');
    const att = bytesAttachment(wav, {
      id: 'a1',
      name: 'note.wav',
      contentType: 'audio/wav',
      size: wav.length,
    });
    const result = await service().transcribe({ attachment: att, cacheKey: 'discord:m1' });
    expect(result).toMatchObject({
      text: 'ship it on friday',
      model: MODEL,
      cached: false,
      format: 'wav',
      converted: false,
    });
    expect(result.usage?.cost).toBeGreaterThan(0);
    const [request] = transcriptions();
    expect(request?.body).toMatchObject({ model: MODEL });
    expect(sent(request!).format).toBe('wav');
    expect(Buffer.from(sent(request!).data, 'base64').equals(wav)).toBe(true);
  });

  it('serves the second ask from the cache: one request, even across service instances', async () => {
    const att = bytesAttachment(sineWav({ seconds: 1 }), { id: 'a1', name: 'n.wav' });
    const first = await service().transcribe({ attachment: att, cacheKey: 'slack:T1:123.456' });
    const again = await service().transcribe({ attachment: att, cacheKey: 'slack:T1:123.456' });
    expect(again).toEqual({ ...first, cached: true });
    expect(fake.count('/audio/transcriptions')).toBe(1);
    expect(att.opens).toBe(1);
    // Another attachment of the same message, or another model, is another transcript.
    await service().transcribe({
      attachment: { ...att, id: 'a2', open: att.open },
      cacheKey: 'slack:T1:123.456',
    });
    await service().transcribe({ attachment: att, cacheKey: 'slack:T1:123.456', model: 'openai/whisper-1' });
    expect(fake.count('/audio/transcriptions')).toBe(3);
  });

  it('shares one call among concurrent identical requests', async () => {
    const svc = service();
    const att = bytesAttachment(sineWav({ seconds: 1 }), { id: 'a1', name: 'n.wav' });
    const results = await Promise.all(
      [1, 2, 3].map(() => svc.transcribe({ attachment: att, cacheKey: 'discord:m9' })),
    );
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect(fake.count('/audio/transcriptions')).toBe(1);
  });

  it('refuses oversize, non-audio and empty files with their messages, calling nothing', async () => {
    const svc = service(undefined, { maxBytes: 100_000 });
    const cases = [
      [
        bytesAttachment(sineWav({ seconds: 1 }), { name: 'big.wav', size: 300_000 }),
        'INPUT.AUDIO_TOO_LARGE',
        /big\.wav is 293 KB; the limit is 98 KB\. Please send a shorter/,
      ],
      [
        bytesAttachment(sineWav({ seconds: 10 }), { name: 'liar.wav', size: 50 }),
        'INPUT.AUDIO_TOO_LARGE',
        /liar\.wav is larger than 98 KB/,
      ],
      [
        bytesAttachment(Buffer.from('%PDF-1.7 not audio at all'), {
          name: 'talk.mp3',
          contentType: 'audio/mpeg',
        }),
        'INPUT.UNSUPPORTED_AUDIO',
        /talk\.mp3 is not an audio file/,
      ],
      [
        bytesAttachment(Buffer.alloc(0), { name: 'empty.ogg', contentType: 'audio/ogg' }),
        'INPUT.EMPTY_AUDIO',
        /empty\.ogg is empty/,
      ],
    ] as const;
    for (const [attachment, code, message] of cases) {
      const err = await svc
        .transcribe({ attachment, cacheKey: `k:${attachment.name}` })
        .catch((e: unknown) => e);
      expect(err, attachment.name).toMatchObject({ code });
      expect((err as SwitchboardError).userMessage).toMatch(message);
    }
    expect(fake.count('/audio/transcriptions')).toBe(0);
  });

  it('says which format needs ffmpeg when there is none', async () => {
    const mkvHead = Buffer.from([
      0x1a,
      0x45,
      0xdf,
      0xa3,
      0x8b,
      0x42,
      0x82,
      0x88,
      ...Buffer.from('matroska'),
      0,
      0,
      0,
    ]);
    const att = bytesAttachment(mkvHead, { name: 'rec.mkv', contentType: 'audio/x-matroska' });
    const err = await service('/nonexistent/ffmpeg')
      .transcribe({ attachment: att, cacheKey: 'k' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MEDIA.FFMPEG_MISSING' });
    expect((err as SwitchboardError).userMessage).toContain('needs ffmpeg to convert MATROSKA audio');
    expect(fake.count('/audio/transcriptions')).toBe(0);
  });

  it('lets one of two waiting callers give up without cancelling the shared call', async () => {
    const svc = service();
    const wav = sineWav({ seconds: 1 });
    const quitter = new AbortController();
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = bytesAttachment(wav, { id: 'slow', name: 'slow.wav' });
    const held = {
      ...slow,
      open: async (signal?: AbortSignal) => {
        await gate;
        return slow.open(signal);
      },
    };
    const first = svc.transcribe({ attachment: held, cacheKey: 'k', signal: quitter.signal });
    const second = svc.transcribe({ attachment: held, cacheKey: 'k' });
    quitter.abort(new Error('user closed the dialog'));
    await expect(first).rejects.toThrow('user closed the dialog');
    release();
    expect((await second).cached).toBe(false);
    expect(fake.count('/audio/transcriptions')).toBe(1);
  });

  it('gets a 400 envelope from the API for a format it does not take', async () => {
    const err = await client
      .createTranscription({ model: MODEL, input_audio: { data: 'AAAA', format: 'mkv' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenRouterError);
    expect(err).toMatchObject({ status: 400 });
    expect((err as OpenRouterError).upstreamMessage).toContain("audio format 'mkv' is not supported");
  });
});

describe.runIf(ffmpegPath)('transcription with ffmpeg', () => {
  it('sends Ogg/Opus as ogg, unconverted', async () => {
    const ogg = await encodeWith(ffmpegPath!, sineWav({ seconds: 2 }), 'ogg-opus');
    const att = bytesAttachment(ogg, {
      name: 'voice-message.ogg',
      contentType: 'audio/ogg',
      isVoiceMessage: true,
      durationSecs: 2,
    });
    const result = await service().transcribe({ attachment: att, cacheKey: 'discord:v1' });
    expect(result).toMatchObject({ format: 'ogg', converted: false, cached: false });
    const request = transcriptions()[0]!;
    expect(sent(request).format).toBe('ogg');
    expect(Buffer.from(sent(request).data, 'base64').equals(ogg)).toBe(true);
  });

  it('takes a Slack-style audio-only clip declared as video/mp4 as m4a', async () => {
    const m4a = await encodeWith(ffmpegPath!, sineWav({ seconds: 2 }), 'm4a');
    const att = bytesAttachment(m4a, {
      name: 'audio_message.mp4',
      contentType: 'video/mp4',
      size: m4a.length,
    });
    const result = await service().transcribe({ attachment: att, cacheKey: 'slack:T1:1.2' });
    expect(result).toMatchObject({ format: 'm4a', converted: false });
    expect(sent(transcriptions()[0]!).format).toBe('m4a');
  });

  it('converts a format the API does not take (Matroska) to mp3, and caches the result', async () => {
    const mkv = await encodeWith(ffmpegPath!, sineWav({ seconds: 2 }), 'mkv');
    const att = bytesAttachment(mkv, { name: 'rec.mkv', contentType: 'audio/x-matroska' });
    const svc = service();
    const first = await svc.transcribe({ attachment: att, cacheKey: 'k' });
    expect(first).toMatchObject({ format: 'mp3', converted: true });
    const body = Buffer.from(sent(transcriptions()[0]!).data, 'base64');
    expect(body[0] === 0xff || body.subarray(0, 3).toString() === 'ID3').toBe(true);
    expect((await svc.transcribe({ attachment: att, cacheKey: 'k' })).cached).toBe(true);
    expect(fake.count('/audio/transcriptions')).toBe(1);
  });

  it('refuses corrupt audio clearly', async () => {
    const broken = Buffer.concat([Buffer.from('FORM\0\0\0\x20AIFF', 'latin1'), Buffer.alloc(2000, 0x33)]);
    const err = await service()
      .transcribe({ attachment: bytesAttachment(broken, { name: 'memo.aiff' }), cacheKey: 'k' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INPUT.CORRUPT_AUDIO' });
    expect(fake.count('/audio/transcriptions')).toBe(0);
  });
});
