/**
 * Fits a thread's history into the model's context window: newest turns first, the oldest left
 * out when needed (the caller shows a note). Token counts are estimated (4 characters ≈ 1 token).
 */
import type { Turn } from '../conversations/types.js';

const IMAGE_TOKENS = 1_000;

export function estimateTokens(turn: Turn): number {
  let n = 4;
  for (const p of turn.parts) n += p.type === 'text' ? Math.ceil(p.text.length / 4) : IMAGE_TOKENS;
  return n;
}

export function fitHistory(
  turns: Turn[],
  opts: { contextLength?: number; systemPrompt: string; reserveTokens?: number },
): { turns: Turn[]; dropped: number } {
  if (!opts.contextLength) return { turns, dropped: 0 };
  const reserve = opts.reserveTokens ?? Math.min(4_096, Math.floor(opts.contextLength / 4));
  let budget = opts.contextLength - reserve - Math.ceil(opts.systemPrompt.length / 4);
  let keep = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    const cost = estimateTokens(turns[i] as Turn);
    if (cost > budget && keep > 0) break;
    budget -= cost;
    keep++;
  }
  // never start the history with an orphaned assistant turn
  let start = turns.length - keep;
  while (start < turns.length - 1 && turns[start]?.role === 'assistant') start++;
  return { turns: turns.slice(start), dropped: start };
}
