/**
 * The rules that apply here, applied to one outgoing OpenRouter request body: a model outside any of the
 * allow-lists is refused (fallbacks outside them are dropped), and forced ZDR adds
 * `provider: { zdr: true, data_collection: 'deny' }` on top of any routing preferences already set.
 */
import { cmd } from '../command-model/command-ref.js';
import { PolicyError } from '../common/errors.js';
import { modelAllowed } from './model-patterns.js';
import type { RulesHere } from './rules-here.js';

type Body = { model?: unknown; models?: unknown; provider?: unknown };

export function modelRefusal(model: string, patterns: readonly string[], fix: string): PolicyError {
  return new PolicyError(
    'POLICY.MODEL_NOT_ALLOWED',
    `Only the models ${patterns.map((p) => `\`${p}\``).join(', ')} are allowed here, and \`${model}\` is not one of them. ${fix}`,
  );
}

const allowedByAll = (model: string, sets: readonly string[][]) =>
  sets.every((set) => modelAllowed(model, set));

export function applyRequestRules<B extends object>(body: B, rules: Pick<RulesHere, 'zdr' | 'modelSets'>): B {
  const b = { ...body } as B & Body;
  if (rules.modelSets.length > 0) {
    if (typeof b.model === 'string') {
      const refusing = rules.modelSets.find((set) => !modelAllowed(b.model as string, set));
      if (refusing)
        throw modelRefusal(
          b.model,
          refusing,
          `Pick an allowed model (${cmd('model set')}) or ask an admin (${cmd('config models')}).`,
        );
    }
    if (Array.isArray(b.models)) {
      const kept = (b.models as unknown[]).filter(
        (m) => typeof m === 'string' && allowedByAll(m, rules.modelSets),
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
