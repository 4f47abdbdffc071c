/**
 * The compact line under a finished answer: model · tokens · cost · generation id. The id is the
 * one `/generation info id:` takes, and the Details button under the answer runs that lookup.
 */

import { countOf } from '../common/plural.js';
import type { Usage } from '../openrouter/events.js';
import type { ButtonSpec } from '../surface/reply-surface.js';
import { isRestart } from './active-streams.js';

export function formatCost(cost: number): string {
  if (cost === 0) return '$0';
  if (cost < 0.0001) return `$${cost.toPrecision(2)}`;
  return `$${cost.toFixed(cost < 0.01 ? 4 : cost < 1 ? 3 : 2)}`;
}

export function formatFooter(parts: {
  model?: string;
  usage?: Usage;
  generationId?: string;
  note?: string;
}): string {
  const out: string[] = [];
  if (parts.model) out.push(parts.model);
  const u = parts.usage;
  if (u?.totalTokens !== undefined) out.push(countOf(u.totalTokens, 'token'));
  else if (u?.promptTokens !== undefined || u?.completionTokens !== undefined)
    out.push(countOf((u?.promptTokens ?? 0) + (u?.completionTokens ?? 0), 'token'));
  if (u?.cost !== undefined) out.push(formatCost(u.cost));
  if (parts.generationId) out.push(parts.generationId);
  if (parts.note) out.push(parts.note);
  return out.join(' · ');
}

/** What a cut-short answer ends with (`reason`: why its signal was aborted). */
export function endMarker(stopped: boolean, completed: boolean, reason?: unknown): string {
  if (stopped && isRestart(reason)) return '\n\n_(interrupted: the bot is restarting)_';
  return stopped ? '\n\n_(stopped)_' : !completed ? '\n\n_(incomplete)_' : '';
}

/** The Details button under an answer: shows its generation (model, provider, tokens, cost, latency). */
export function detailsButton(generationId: string): ButtonSpec {
  return { action: 'generation', value: generationId, label: 'Details' };
}
