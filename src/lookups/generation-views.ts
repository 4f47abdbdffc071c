/** How a generation (GET /generation) and its stored content (GET /generation/content) are shown. */
import type { Generation, GenerationContent } from '../openrouter/schemas/generation.js';
import { formatCost } from '../streaming/footer.js';
import type { Card } from '../surface/reply-surface.js';
import { code, dots, duration } from './format.js';

const n = (v: number | null | undefined) =>
  v === null || v === undefined ? undefined : v.toLocaleString('en-US');

export function generationCard(g: Generation): Card {
  const fields: NonNullable<Card['fields']> = [
    { name: 'Model', value: code(g.model), inline: true },
    { name: 'Provider', value: g.provider_name ?? 'unknown', inline: true },
    {
      name: 'Tokens',
      value:
        dots(
          n(g.tokens_prompt) && `${n(g.tokens_prompt)} in`,
          n(g.tokens_completion) && `${n(g.tokens_completion)} out`,
          g.native_tokens_reasoning ? `${n(g.native_tokens_reasoning)} reasoning` : undefined,
          g.native_tokens_cached ? `${n(g.native_tokens_cached)} cached` : undefined,
        ) || 'unknown',
      inline: true,
    },
    {
      name: 'Cost',
      value: dots(formatCost(g.total_cost), g.is_byok && 'your own provider key (BYOK)'),
      inline: true,
    },
    {
      name: 'Latency',
      value:
        dots(
          g.latency !== null && `first token ${duration(g.latency)}`,
          g.generation_time !== null && `total ${duration(g.generation_time)}`,
        ) || 'unknown',
      inline: true,
    },
    {
      name: 'Finish reason',
      value:
        dots(
          g.finish_reason ?? 'none',
          g.native_finish_reason &&
            g.native_finish_reason !== g.finish_reason &&
            `native ${g.native_finish_reason}`,
          g.cancelled && 'cancelled',
        ) || 'none',
      inline: true,
    },
  ];
  const extra = dots(
    g.api_type && `API ${g.api_type}`,
    g.streamed === true ? 'streamed' : g.streamed === false ? 'not streamed' : undefined,
    g.data_region && `region ${g.data_region}`,
    g.created_at && `created ${g.created_at.replace('T', ' ').slice(0, 19)} UTC`,
  );
  return {
    title: `Generation ${g.id}`,
    fields,
    ...(extra ? { footer: extra } : {}),
  };
}

/** Shares of one message: Discord allows 6,000 characters over all embeds, Slack 3,000 per section. */
const SHARE = { prompt: 1_700, completion: 2_700, reasoning: 900 } as const;

function clipped(text: string, what: keyof typeof SHARE): string {
  const max = SHARE[what];
  if (text.length <= max) return text;
  return `${text.slice(0, max)}…\n_(${what} cut: ${text.length.toLocaleString('en-US')} characters in all)_`;
}

function messageText(m: unknown): string {
  if (typeof m !== 'object' || m === null) return String(m);
  const { role, content } = m as { role?: unknown; content?: unknown };
  const body =
    typeof content === 'string'
      ? content
      : Array.isArray(content)
        ? content
            .map((p: { type?: string; text?: string }) =>
              typeof p?.text === 'string' ? p.text : `[${p?.type ?? 'part'}]`,
            )
            .join(' ')
        : JSON.stringify(content ?? '');
  return `**${typeof role === 'string' ? role : 'message'}:** ${body}`;
}

/** The stored prompt, completion, reasoning and error, one card each. */
export function contentCards(id: string, c: GenerationContent): Card[] {
  const prompt =
    'prompt' in c.input ? String(c.input.prompt) : (c.input.messages ?? []).map(messageText).join('\n');
  const cards: Card[] = [
    { title: `Prompt of ${id}`, description: clipped(prompt || '(empty)', 'prompt') },
    { title: 'Completion', description: clipped(c.output.completion ?? '(none)', 'completion') },
  ];
  if (c.output.reasoning)
    cards.push({ title: 'Reasoning', description: clipped(c.output.reasoning, 'reasoning') });
  if (c.error)
    cards.push({
      title: 'Error',
      description: dots(
        c.error.message ?? 'unknown error',
        c.error.status !== undefined && c.error.status !== null && `status ${c.error.status}`,
        c.error.provider_name && `provider ${c.error.provider_name}`,
      ),
    });
  return cards;
}
