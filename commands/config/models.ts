/** `/config models [patterns]`: the model allow-list of this server (empty = every model). */
import { defineSub, opt } from '../../src/command-model/command-builders.js';
import { InputError } from '../../src/common/errors.js';
import { parsePatterns } from '../../src/policy/model-patterns.js';
import { audited, code, governance, serverOfCtx } from './shared.js';

export const modelsSub = defineSub({
  description: 'Allow only these models, e.g. openai/* anthropic/claude-sonnet-4 (empty = all)',
  adminOnly: true,
  ephemeral: true,
  cost: 'free',
  options: {
    patterns: opt.string({
      description: 'Model ids or patterns with *, space-separated (empty = all)',
      maxLength: 2000,
    }),
  },
  async run(ctx, o) {
    const patterns = parsePatterns(o.patterns ?? '');
    const bad = patterns.find((p) => !/^[\w.\-/:*]+$/.test(p));
    if (bad)
      throw new InputError(
        'INPUT.INVALID_OPTION',
        `${code(bad)} is not a model pattern. Use ids like \`openai/gpt-4o-mini\` or globs like \`openai/*\`.`,
      );
    await governance(ctx).settings.update(serverOfCtx(ctx), (g) => ({ ...g, models: patterns }));
    await audited(ctx, `models: ${patterns.length ? patterns.join(' ') : 'every model'}`);
    await ctx.reply.post({
      text: patterns.length
        ? `🧩 Only these models may be used here now: ${patterns.map(code).join(', ')}. Defaults and fallbacks outside the list are refused or skipped.`
        : '🧩 Every model may be used here again.',
      ephemeral: true,
    });
  },
});
