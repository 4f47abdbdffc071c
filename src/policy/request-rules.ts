/**
 * The server's rules applied to one outgoing OpenRouter request body: a model outside the
 * allow-list is refused (fallbacks outside it are dropped), and forced ZDR adds
 * `provider: { zdr: true, data_collection: 'deny' }` on top of any routing preferences already set.
 */
import { cmd } from '../command-model/command-ref.js';
import { PolicyError } from '../shared/errors.js';
import type { Governance } from './governance-store.js';
import { modelAllowed } from './model-patterns.js';

type Body = { model?: unknown; models?: unknown; provider?: unknown };

export function modelRefusal(model: string, patterns: readonly string[], fix: string): PolicyError {
  return new PolicyError(
    'POLICY.MODEL_NOT_ALLOWED',
    `This server only allows the models ${patterns.map((p) => `\`${p}\``).join(', ')}, and \`${model}\` is not one of them. ${fix}`,
  );
}

export function applyRequestRules<B extends object>(body: B, rules: Governance): B {
  const b = { ...body } as B & Body;
  if (rules.models.length > 0) {
    if (typeof b.model === 'string' && !modelAllowed(b.model, rules.models))
      throw modelRefusal(
        b.model,
        rules.models,
        `Pick an allowed model (${cmd('model set')}) or ask an admin (${cmd('config models')}).`,
      );
    if (Array.isArray(b.models)) {
      const kept = (b.models as unknown[]).filter(
        (m) => typeof m === 'string' && modelAllowed(m, rules.models),
      );
      if (kept.length > 0) b.models = kept;
      else delete b.models;
    }
  }
  if (rules.zdr) {
    const provider = typeof b.provider === 'object' && b.provider !== null ? b.provider : {};
    b.provider = { ...provider, zdr: true, data_collection: 'deny' };
  }
  return b;
}
