/** Maps the three usage shapes (chat, Anthropic messages, Responses) onto one `Usage`. */
import type { Usage } from './events.js';

type Loose = Record<string, unknown> | null | undefined;

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function nested(obj: Loose, key: string): Loose {
  const value = obj?.[key];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function compact(usage: Usage): Usage {
  return Object.fromEntries(Object.entries(usage).filter(([, v]) => v !== undefined)) as Usage;
}

export function fromChatUsage(u: Loose): Usage | undefined {
  if (!u) return undefined;
  return compact({
    promptTokens: num(u.prompt_tokens),
    completionTokens: num(u.completion_tokens),
    totalTokens: num(u.total_tokens),
    reasoningTokens: num(nested(u, 'completion_tokens_details')?.reasoning_tokens),
    cachedTokens: num(nested(u, 'prompt_tokens_details')?.cached_tokens),
    cost: num(u.cost),
  });
}

export function fromAnthropicUsage(u: Loose): Usage | undefined {
  if (!u) return undefined;
  const input = num(u.input_tokens);
  const output = num(u.output_tokens);
  return compact({
    promptTokens: input,
    completionTokens: output,
    totalTokens: input !== undefined || output !== undefined ? (input ?? 0) + (output ?? 0) : undefined,
    cachedTokens: num(u.cache_read_input_tokens),
    cost: num(u.cost),
  });
}

export function fromResponsesUsage(u: Loose): Usage | undefined {
  if (!u) return undefined;
  return compact({
    promptTokens: num(u.input_tokens),
    completionTokens: num(u.output_tokens),
    totalTokens: num(u.total_tokens),
    reasoningTokens: num(nested(u, 'output_tokens_details')?.reasoning_tokens),
    cachedTokens: num(nested(u, 'input_tokens_details')?.cached_tokens),
    cost: num(u.cost),
  });
}

/** Later usage fields win; used when Anthropic streams input and output tokens separately. */
export function mergeUsage(a: Usage | undefined, b: Usage | undefined): Usage | undefined {
  if (!a) return b;
  if (!b) return a;
  const merged = { ...a, ...b };
  if (b.totalTokens === undefined || a.promptTokens !== undefined)
    merged.totalTokens = (merged.promptTokens ?? 0) + (merged.completionTokens ?? 0);
  return merged;
}
