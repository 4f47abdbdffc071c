/** The fake's catalogue: a handful of realistic models, endpoints, providers and video models. */

export interface FakeModelSpec {
  id: string;
  name: string;
  contextLength: number;
  input?: string[];
  output?: string[];
  prompt?: string;
  completion?: string;
  parameters?: string[];
  voices?: string[];
  reasoning?: boolean;
  /** Image models: what GET /images/models lists as their supported_parameters. */
  imageParameters?: Record<string, unknown>;
}

const CREATED = 1_750_000_000;
const CHAT_PARAMS = [
  'max_tokens',
  'temperature',
  'top_p',
  'stop',
  'seed',
  'tools',
  'tool_choice',
  'response_format',
];

/** What GET /images/models says each image model accepts (kept beside the Model objects, by id). */
const IMAGE_PARAMETERS = new Map<string, Record<string, unknown>>();

/** A Model object with every field openapi.yaml marks required. */
export function makeModel(spec: FakeModelSpec): Record<string, unknown> {
  if (spec.imageParameters) IMAGE_PARAMETERS.set(spec.id, spec.imageParameters);
  const input = spec.input ?? ['text'];
  const output = spec.output ?? ['text'];
  return {
    id: spec.id,
    canonical_slug: `${spec.id}-20250601`,
    hugging_face_id: null,
    name: spec.name,
    created: CREATED,
    description: `${spec.name} (fake catalogue entry).`,
    context_length: spec.contextLength,
    architecture: {
      modality: `${input.join('+')}->${output.join('+')}`,
      input_modalities: input,
      output_modalities: output,
      tokenizer: 'Other',
      instruct_type: null,
    },
    pricing: { prompt: spec.prompt ?? '0.00000015', completion: spec.completion ?? '0.0000006' },
    top_provider: { context_length: spec.contextLength, max_completion_tokens: 16_384, is_moderated: false },
    per_request_limits: null,
    supported_parameters: [
      ...(spec.parameters ?? CHAT_PARAMS),
      ...(spec.reasoning ? ['reasoning', 'include_reasoning'] : []),
    ],
    default_parameters: { temperature: null, top_p: null, frequency_penalty: null },
    supported_voices: spec.voices ?? null,
    knowledge_cutoff: null,
    expiration_date: null,
    links: { details: `/api/v1/models/${spec.id}/endpoints` },

    ...(spec.reasoning
      ? {
          reasoning: {
            supported_efforts: ['low', 'medium', 'high'],
            default_effort: 'medium',
            default_enabled: false,
            mandatory: false,
          },
        }
      : {}),
  };
}

export const DEFAULT_MODEL_SPECS: FakeModelSpec[] = [
  {
    id: 'openai/gpt-4o-mini',
    name: 'OpenAI: GPT-4o-mini',
    contextLength: 128_000,
    input: ['text', 'image', 'file'],
  },
  {
    id: 'anthropic/claude-sonnet-4',
    name: 'Anthropic: Claude Sonnet 4',
    contextLength: 200_000,
    input: ['text', 'image', 'file'],
    prompt: '0.000003',
    completion: '0.000015',
    reasoning: true,
  },
  {
    id: 'meta-llama/llama-3.1-8b-instruct',
    name: 'Meta: Llama 3.1 8B Instruct',
    contextLength: 131_072,
    prompt: '0.00000002',
    completion: '0.00000005',
  },
  { id: 'deepseek/deepseek-r1', name: 'DeepSeek: R1', contextLength: 64_000, reasoning: true },
  {
    id: 'openai/text-embedding-3-small',
    name: 'OpenAI: Text Embedding 3 Small',
    contextLength: 8_192,
    output: ['embeddings'],
    completion: '0',
    parameters: ['dimensions'],
  },
  {
    id: 'cohere/rerank-v3.5',
    name: 'Cohere: Rerank 3.5',
    contextLength: 4_096,
    output: ['rerank'],
    completion: '0',
    parameters: ['top_n'],
  },
  {
    id: 'openai/gpt-4o-mini-tts',
    name: 'OpenAI: GPT-4o mini TTS',
    contextLength: 2_000,
    output: ['speech'],
    parameters: ['voice', 'speed', 'response_format'],
    voices: ['alloy', 'echo', 'nova', 'shimmer'],
  },
  {
    id: 'openai/whisper-1',
    name: 'OpenAI: Whisper',
    contextLength: 0,
    input: ['audio'],
    output: ['transcription'],
    parameters: ['language', 'temperature'],
  },
];

/** Image-output models (with what GET /images/models says they take); add them with setModels. */
export const IMAGE_MODEL_SPECS: FakeModelSpec[] = [
  {
    id: 'google/gemini-2.5-flash-image',
    name: 'Google: Gemini 2.5 Flash Image',
    contextLength: 32_768,
    input: ['image', 'text'],
    output: ['image', 'text'],
    prompt: '0.0000003',
    completion: '0.0000025',
    parameters: ['max_tokens', 'temperature', 'top_p', 'seed', 'response_format'],
    imageParameters: {
      aspect_ratio: { type: 'enum', values: ['1:1', '2:3', '3:2', '3:4', '4:3', '9:16', '16:9', '21:9'] },
      seed: { type: 'boolean' },
    },
  },
  {
    id: 'black-forest-labs/flux.2-pro',
    name: 'Black Forest Labs: FLUX.2 Pro',
    contextLength: 46_864,
    input: ['text', 'image'],
    output: ['image'],
    prompt: '0',
    completion: '0',
    parameters: ['seed'],
    imageParameters: {
      aspect_ratio: { type: 'enum', values: ['1:1', '16:9', '9:16'] },
      resolution: { type: 'enum', values: ['1K', '2K'] },
      seed: { type: 'boolean' },
    },
  },
];

/** ImageModelListItem (GET /images/models) for every catalogue model that outputs images. */
export function imageModelsOf(models: Record<string, unknown>[]): Record<string, unknown>[] {
  return models
    .filter((m) => (m.architecture as { output_modalities: string[] }).output_modalities.includes('image'))
    .map((m) => ({
      id: m.id,
      name: m.name,
      description: m.description ?? '',
      created: m.created,
      architecture: m.architecture,
      supported_parameters: IMAGE_PARAMETERS.get(m.id as string) ?? {},
      supports_streaming: false,
      endpoints: `/api/v1/images/models/${m.id as string}/endpoints`,
    }));
}

export const defaultModels = () => DEFAULT_MODEL_SPECS.map(makeModel);

export const PROVIDERS = [
  {
    name: 'OpenAI',
    slug: 'openai',
    privacy_policy_url: 'https://openai.com/policies/privacy-policy',
    terms_of_service_url: null,
    status_page_url: 'https://status.openai.com',
    headquarters: 'US',
    datacenters: ['US'],
  },
  {
    name: 'Anthropic',
    slug: 'anthropic',
    privacy_policy_url: 'https://www.anthropic.com/legal/privacy',
    terms_of_service_url: null,
    status_page_url: null,
    headquarters: 'US',
    datacenters: ['US'],
  },
  {
    name: 'DeepInfra',
    slug: 'deepinfra',
    privacy_policy_url: 'https://deepinfra.com/privacy',
    terms_of_service_url: null,
    status_page_url: null,
    headquarters: 'US',
    datacenters: ['US'],
  },
  {
    name: 'Mistral',
    slug: 'mistral',
    privacy_policy_url: 'https://mistral.ai/terms',
    terms_of_service_url: null,
    status_page_url: null,
    headquarters: 'FR',
    datacenters: ['FR', 'SE'],
  },
];

/** PublicEndpoint objects for a model (two providers; the first is ZDR-eligible). */
export function endpointsFor(model: Record<string, unknown>): Record<string, unknown>[] {
  const pricing = model.pricing as Record<string, string>;
  const context = (model.context_length as number | null) ?? 0;
  return [
    ['OpenAI', 'openai', 99.9],
    ['DeepInfra', 'deepinfra', 97.5],
  ].map(([provider, tag, uptime]) => ({
    name: `${provider} | ${model.id as string}`,
    model_id: model.canonical_slug,
    model_name: model.name,
    context_length: context,
    pricing,
    provider_name: provider,
    tag,
    quantization: tag === 'deepinfra' ? 'fp8' : null,
    max_completion_tokens: 16_384,
    max_prompt_tokens: null,
    supported_parameters: model.supported_parameters,
    status: 0,
    uptime_last_5m: uptime,
    uptime_last_30m: uptime,
    uptime_last_1d: uptime,
    latency_last_30m: { p50: 420, p75: 610, p90: 900, p99: 1800 },
    throughput_last_30m: { p50: 85, p75: 70, p90: 55, p99: 30 },
    supports_implicit_caching: tag === 'openai',
  }));
}

export const VIDEO_MODELS = [
  {
    id: 'google/veo-3.1',
    canonical_slug: 'google/veo-3.1-20251015',
    name: 'Google: Veo 3.1',
    description: 'Text and image to video (fake).',
    created: CREATED,
    supported_resolutions: ['720p', '1080p'],
    supported_aspect_ratios: ['16:9', '9:16'],
    supported_sizes: null,
    supported_durations: [4, 6, 8],
    supported_frame_images: ['first_frame', 'last_frame'],
    generate_audio: true,
    seed: true,
    creativity: null,
    upscale_factor: null,
    pricing_skus: { per_second: '0.40' },
    allowed_passthrough_parameters: ['negative_prompt'],
  },
  {
    id: 'openai/sora-2',
    canonical_slug: 'openai/sora-2-20250930',
    name: 'OpenAI: Sora 2',
    created: CREATED,
    supported_resolutions: ['720p'],
    supported_aspect_ratios: ['16:9', '9:16'],
    supported_sizes: ['1280x720', '720x1280'],
    supported_durations: [4, 8, 12],
    supported_frame_images: ['first_frame'],
    generate_audio: true,
    seed: false,
    creativity: null,
    upscale_factor: null,
    pricing_skus: null,
    allowed_passthrough_parameters: [],
  },
];
