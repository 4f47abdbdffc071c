/**
 * /imagine's option checks against GET /images/models (a hand-written stand-in for the client and
 * catalogue): what is refused and why, before any billable call; the list is cached and a failed
 * fetch is tried again next time.
 */
import { describe, expect, it } from 'vitest';
import type { ModelCatalogue, ModelInfo } from '../../../src/models/catalogue.js';
import type { ImageModel } from '../../../src/openrouter/index.js';
import { createImageModels } from '../../../src/pictures/image-models.js';

const MODELS: ModelInfo[] = [
  { id: 'g/image', name: 'G Image', inputModalities: ['text', 'image'], outputModalities: ['image', 'text'] },
  { id: 'f/draw', name: 'F Draw', inputModalities: ['text'], outputModalities: ['image'] },
  { id: 'o/text', name: 'O Text', inputModalities: ['text'], outputModalities: ['text'] },
];
const catalogue = {
  list: async () => MODELS,
  get: async (id: string) => MODELS.find((m) => m.id === id),
} as unknown as ModelCatalogue;

const listed = (id: string, params: ImageModel['supported_parameters']): ImageModel => ({
  id,
  name: id,
  created: 0,
  architecture: { input_modalities: ['text'], output_modalities: ['image'] },
  supported_parameters: params,
  supports_streaming: false,
  endpoints: `/api/v1/images/models/${id}/endpoints`,
});

function client(fail = 0) {
  let calls = 0;
  return {
    calls: () => calls,
    listImageModels: async () => {
      calls++;
      if (calls <= fail) throw new Error('down');
      return {
        data: [
          listed('g/image', { aspect_ratio: { type: 'enum', values: ['1:1', '16:9'] } }),
          listed('f/draw', { resolution: { type: 'enum', values: ['1K', '2K'] }, seed: { type: 'boolean' } }),
        ],
        meta: {},
      };
    },
  };
}

describe('image model checks', () => {
  it('accepts listed values and refuses the rest, naming what is accepted', async () => {
    const models = createImageModels(client(), catalogue);
    await expect(models.check('g/image', { aspectRatio: '16:9' })).resolves.toMatchObject({ id: 'g/image' });
    await expect(models.check('g/image', { aspectRatio: '4:3' })).rejects.toMatchObject({
      code: 'INPUT.UNSUPPORTED_OPTION',
      message: expect.stringContaining('`aspect_ratio` must be one of `1:1`, `16:9` for g/image (got `4:3`)'),
    });
    await expect(models.check('g/image', { size: '2K' })).rejects.toThrow(
      '`size` is not an option for g/image',
    );
    await expect(models.check('f/draw', { size: '2K' })).resolves.toMatchObject({ id: 'f/draw' });
  });

  it('refuses text-only models and edits on models that cannot read images', async () => {
    const models = createImageModels(client(), catalogue);
    await expect(models.check('o/text', {})).rejects.toMatchObject({ code: 'INPUT.NOT_AN_IMAGE_MODEL' });
    await expect(models.check('nobody/none', {})).rejects.toMatchObject({ code: 'INPUT.NOT_AN_IMAGE_MODEL' });
    await expect(models.check('f/draw', { edit: true })).rejects.toThrow('cannot take an image to change');
  });

  it('needs no image model list when no option is given, caches it, and retries after a failure', async () => {
    const c = client(1);
    const models = createImageModels(c, catalogue);
    await models.check('g/image', {});
    expect(c.calls()).toBe(0);
    await expect(models.check('g/image', { aspectRatio: '1:1' })).rejects.toThrow('down');
    await models.check('g/image', { aspectRatio: '1:1' });
    await models.check('g/image', { aspectRatio: '16:9' });
    expect(c.calls()).toBe(2);
  });

  it('autocompletes image models from the catalogue and option values with the models that take them', async () => {
    const models = createImageModels(client(), catalogue);
    expect((await models.search('')).map((m) => m.value)).toEqual(['g/image', 'f/draw']);
    expect(await models.choices('size', '')).toEqual([
      { name: '1K — f/draw', value: '1K' },
      { name: '2K — f/draw', value: '2K' },
    ]);
  });
});
