/**
 * About 1,000 model ids shaped like OpenRouter's real list: `author/model-name-version`, `:free` and
 * `:extended` variants, dated snapshots (`-2024-08-06`, `-20241022`, `-001`), `-instruct` / `-it`
 * suffixes, names as OpenRouter writes them ("OpenAI: GPT-4o (2024-08-06)"). A core of real-looking
 * families, padded with community fine-tunes whose letters make naive subsequence matching misfire.
 */
import type { FakeModelSpec } from './fixtures.js';

const CORE: Array<[string, string, string[]]> = [
  [
    'openai',
    'OpenAI',
    [
      'gpt-4o',
      'gpt-4o-mini',
      'gpt-4o-2024-05-13',
      'gpt-4o-2024-08-06',
      'gpt-4o-2024-11-20',
      'gpt-4o:extended',
      'gpt-4o-search-preview',
      'gpt-4o-mini-2024-07-18',
      'gpt-4o-audio-preview',
      'chatgpt-4o-latest',
      'gpt-4-turbo',
      'gpt-4',
      'gpt-4-0314',
      'gpt-3.5-turbo',
      'gpt-3.5-turbo-0613',
      'gpt-4.1',
      'gpt-4.1-mini',
      'gpt-4.1-nano',
      'o1',
      'o1-mini',
      'o1-pro',
      'o3',
      'o3-mini',
      'o3-pro',
      'o4-mini',
      'gpt-5',
      'gpt-5-mini',
      'gpt-5-nano',
      'gpt-oss-120b',
      'gpt-oss-20b',
      'gpt-oss-20b:free',
      'codex-mini',
    ],
  ],
  [
    'google',
    'Google',
    [
      'gemini-2.0-flash-001',
      'gemini-2.0-flash-exp:free',
      'gemini-2.0-flash-lite-001',
      'gemini-2.5-pro',
      'gemini-2.5-pro-preview-05-06',
      'gemini-2.5-flash',
      'gemini-2.5-flash-lite',
      'gemini-2.5-flash-image-preview',
      'gemini-pro-1.5',
      'gemini-flash-1.5',
      'gemini-flash-1.5-8b',
      'gemma-2-9b-it',
      'gemma-2-27b-it',
      'gemma-3-4b-it',
      'gemma-3-12b-it',
      'gemma-3-27b-it',
      'gemma-3-27b-it:free',
      'gemma-3n-e4b-it',
      'gemma-3n-e2b-it:free',
    ],
  ],
  [
    'anthropic',
    'Anthropic',
    [
      'claude-3-haiku',
      'claude-3-opus',
      'claude-3.5-haiku',
      'claude-3.5-haiku-20241022',
      'claude-3.5-sonnet',
      'claude-3.5-sonnet-20240620',
      'claude-3.7-sonnet',
      'claude-3.7-sonnet:thinking',
      'claude-sonnet-4',
      'claude-opus-4',
      'claude-opus-4.1',
      'claude-sonnet-4.5',
      'claude-haiku-4.5',
    ],
  ],
  [
    'meta-llama',
    'Meta',
    [
      'llama-3-8b-instruct',
      'llama-3-70b-instruct',
      'llama-3.1-8b-instruct',
      'llama-3.1-70b-instruct',
      'llama-3.1-405b-instruct',
      'llama-3.2-1b-instruct',
      'llama-3.2-3b-instruct',
      'llama-3.2-11b-vision-instruct',
      'llama-3.3-70b-instruct',
      'llama-3.3-70b-instruct:free',
      'llama-4-scout',
      'llama-4-maverick',
      'llama-guard-3-8b',
      'llama-guard-4-12b',
    ],
  ],
  [
    'deepseek',
    'DeepSeek',
    [
      'deepseek-chat',
      'deepseek-chat-v3-0324',
      'deepseek-chat-v3-0324:free',
      'deepseek-chat-v3.1',
      'deepseek-r1',
      'deepseek-r1-0528',
      'deepseek-r1-0528:free',
      'deepseek-r1-distill-llama-70b',
      'deepseek-r1-distill-qwen-32b',
      'deepseek-prover-v2',
      'deepseek-v3.2-exp',
    ],
  ],
  [
    'mistralai',
    'Mistral',
    [
      'mistral-7b-instruct',
      'mistral-7b-instruct:free',
      'mistral-nemo',
      'mistral-small-3.1-24b-instruct',
      'mistral-small-3.2-24b-instruct',
      'mistral-medium-3',
      'mistral-large',
      'mistral-large-2411',
      'codestral-2508',
      'devstral-small',
      'devstral-medium',
      'magistral-medium-2506',
      'mixtral-8x7b-instruct',
      'mixtral-8x22b-instruct',
      'pixtral-large-2411',
      'ministral-8b',
    ],
  ],
  [
    'qwen',
    'Qwen',
    [
      'qwen-2.5-72b-instruct',
      'qwen-2.5-7b-instruct',
      'qwen-2.5-coder-32b-instruct',
      'qwen-max',
      'qwen-plus',
      'qwen-turbo',
      'qwen3-8b',
      'qwen3-14b',
      'qwen3-32b',
      'qwen3-235b-a22b',
      'qwen3-235b-a22b:free',
      'qwen3-coder',
      'qwen3-coder:free',
      'qwq-32b',
      'qwen2.5-vl-72b-instruct',
    ],
  ],
  [
    'x-ai',
    'xAI',
    [
      'grok-2-1212',
      'grok-2-vision-1212',
      'grok-3',
      'grok-3-mini',
      'grok-4',
      'grok-4-fast',
      'grok-code-fast-1',
    ],
  ],
  [
    'cohere',
    'Cohere',
    ['command-r', 'command-r-plus', 'command-r-08-2024', 'command-r-plus-08-2024', 'command-a'],
  ],
  [
    'microsoft',
    'Microsoft',
    [
      'phi-3-mini-128k-instruct',
      'phi-3-medium-128k-instruct',
      'phi-4',
      'phi-4-multimodal-instruct',
      'wizardlm-2-8x22b',
      'mai-ds-r1',
    ],
  ],
  [
    'nvidia',
    'NVIDIA',
    ['llama-3.1-nemotron-70b-instruct', 'llama-3.3-nemotron-super-49b-v1', 'nemotron-nano-9b-v2'],
  ],
];

/** Community authors and name parts: fine-tunes whose letters cover g, m, n, 2, 4, o… in many orders. */
const AUTHORS = [
  'thedrummer',
  'sao10k',
  'gryphe',
  'nousresearch',
  'neversleep',
  'anthracite-org',
  'cognitivecomputations',
  'eva-unit-01',
  'undi95',
  'alpindale',
  'mancer',
  'sophosympatheia',
  'aion-labs',
  'arcee-ai',
  'inflection',
  'liquid',
  'minimax',
  'moonshotai',
  'z-ai',
  'baidu',
  'tencent',
  'bytedance',
  'amazon',
  'ai21',
  'perplexity',
  'openrouter',
];
const STEMS = [
  'magnum',
  'gemmasutra',
  'mythomax',
  'hermes',
  'noromaid',
  'goliath',
  'midnight-rose',
  'unslopnemo',
  'rocinante',
  'skyfall',
  'anubis',
  'valkyrie',
  'euryale',
  'lumimaid',
  'nemo-gutenberg',
  'mn-magnum',
  'qwerky',
  'dolphin-mixtral',
  'spotlight',
  'virtuoso',
  'maestro',
  'coder-large',
  'glm-4',
  'kimi-k2',
  'ernie-4.5',
  'hunyuan-a13b',
  'seed-oss',
  'nova-pro',
  'jamba-large',
  'sonar-pro',
  'lfm-40b',
  'minimax-m1',
  'auto',
];
const SUFFIX = [
  '',
  '-v2',
  '-v4',
  '-2',
  '-4o',
  '-72b',
  '-12b',
  '-70b',
  '-8x7b',
  '-mini',
  '-instruct',
  ':free',
  '-2407',
  '-20241022',
  '-0528',
  '-e2b',
];

export function realisticCatalogue(size = 1_000): FakeModelSpec[] {
  const out: FakeModelSpec[] = [];
  const seen = new Set<string>();
  const add = (id: string, name: string) => {
    if (seen.has(id) || out.length >= size) return;
    seen.add(id);
    out.push({ id, name, contextLength: 32_768 + (out.length % 8) * 16_384 });
  };
  const title = (slug: string) =>
    slug
      .replace(/:(free|extended|thinking)$/, ' ($1)')
      .split('-')
      .map((p) => (p.length <= 3 ? p.toUpperCase() : `${p[0]?.toUpperCase()}${p.slice(1)}`))
      .join(' ');
  for (const [author, label, slugs] of CORE)
    for (const s of slugs) add(`${author}/${s}`, `${label}: ${title(s)}`);
  for (let i = 0; out.length < size; i++) {
    const author = AUTHORS[i % AUTHORS.length] as string;
    const stem = STEMS[Math.floor(i / AUTHORS.length) % STEMS.length] as string;
    const suffix = SUFFIX[Math.floor(i / 7) % SUFFIX.length] as string;
    const version = 1 + (i % 5);
    const slug = `${stem}-v${version}${suffix}`;
    add(`${author}/${slug}`, `${author}: ${title(slug)}`);
  }
  return out;
}
