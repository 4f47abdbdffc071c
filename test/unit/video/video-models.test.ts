import { describe, expect, it } from 'vitest';
import { withCommandSyntax } from '../../../src/command-model/command-ref.js';
import type { VideoModel } from '../../../src/openrouter/index.js';
import { createVideoModels, describeVideoModel } from '../../../src/video/video-models.js';
import { VIDEO_MODELS } from '../../fakes/openrouter/fixtures.js';

function models(now = () => 0) {
  let calls = 0;
  const client = {
    listVideoModels: async () => {
      calls++;
      return { data: VIDEO_MODELS as VideoModel[], meta: {} };
    },
  };
  return { m: createVideoModels({ ttlMs: 1_000 }, { client, now }), calls: () => calls };
}

const problem = async (p: Promise<unknown>) => {
  const err = (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code?: string; userMessage?: string };
  // as a Discord user reads it (command references rendered)
  return withCommandSyntax(`${err?.code}: ${err?.userMessage}`, '/');
};

describe('video models', () => {
  it('builds the request body from options the model supports', async () => {
    const { m } = models();
    const body = await m.check({
      model: 'google/veo-3.1',
      prompt: 'a fox',
      duration: 8,
      resolution: '1080p',
      aspectRatio: '9:16',
      audio: true,
      seed: 7,
      image: true,
    });
    expect(body).toEqual({
      model: 'google/veo-3.1',
      prompt: 'a fox',
      duration: 8,
      resolution: '1080p',
      aspect_ratio: '9:16',
      generate_audio: true,
      seed: 7,
    });
    expect(await m.check({ model: 'openai/sora-2', prompt: 'x', size: '1280x720' })).toEqual({
      model: 'openai/sora-2',
      prompt: 'x',
      size: '1280x720',
    });
  });

  it('names every unsupported option and what the model takes instead', async () => {
    const { m } = models();
    const text = await problem(
      m.check({ model: 'openai/sora-2', prompt: 'x', duration: 5, resolution: '1080p', seed: 1 }),
    );
    expect(text).toMatch(/^INPUT.UNSUPPORTED_VIDEO_OPTION: Please fix: /);
    expect(text).toContain('`duration` must be one of `4`, `8`, `12` for openai/sora-2 (got `5`)');
    expect(text).toContain('`resolution` must be one of `720p` for openai/sora-2 (got `1080p`)');
    expect(text).toContain('openai/sora-2 does not take a `seed`');
    expect(await problem(m.check({ model: 'google/veo-3.1', prompt: 'x', size: '1280x720' }))).toContain(
      '`size` is not an option for google/veo-3.1',
    );
    expect(
      await problem(m.check({ model: 'openai/sora-2', prompt: 'x', size: '1280x720', resolution: '720p' })),
    ).toContain('either `size` or `resolution`/`aspect_ratio`');
    expect(await problem(m.check({ model: 'nope/video', prompt: 'x' }))).toBe(
      'INPUT.UNKNOWN_VIDEO_MODEL: There is no video model `nope/video`. Pick one of `google/veo-3.1`, `openai/sora-2` (see `/video models`).',
    );
  });

  it('offers the values of every model for autocomplete, with who supports each', async () => {
    const { m } = models();
    expect(await m.choices('duration', '')).toEqual([
      { name: '4 s — google/veo-3.1, openai/sora-2', value: '4' },
      { name: '6 s — google/veo-3.1', value: '6' },
      { name: '8 s — google/veo-3.1, openai/sora-2', value: '8' },
      { name: '12 s — openai/sora-2', value: '12' },
    ]);
    expect(await m.choices('resolution', '108')).toEqual([
      { name: '1080p — google/veo-3.1', value: '1080p' },
    ]);
  });

  it('caches the list for its TTL and retries after a failure', async () => {
    let t = 0;
    const { m, calls } = models(() => t);
    await m.list();
    await m.get('openai/sora-2');
    expect(calls()).toBe(1);
    t = 1_001;
    await m.list();
    expect(calls()).toBe(2);
  });

  it('describes a model on one line', () => {
    expect(describeVideoModel(VIDEO_MODELS[1] as VideoModel)).toBe(
      '• `openai/sora-2` — OpenAI: Sora 2: durations 4/8/12 s · resolutions 720p · aspect ratios 16:9, 9:16 · sizes 1280x720, 720x1280 · starts from an image · audio',
    );
  });
});
