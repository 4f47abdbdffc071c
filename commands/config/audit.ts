/** `/config audit [limit]`: the latest settings changes and refused requests of this server. */
import { defineSub, opt } from '../../src/command-model/command-builders.js';
import type { AuditEntry } from '../../src/policy/audit.js';
import { governance, serverOfCtx, who } from './shared.js';

function line(e: AuditEntry): string {
  const at = new Date(e.at).toISOString().slice(0, 16).replace('T', ' ');
  const detail = e.detail.length > 180 ? `${e.detail.slice(0, 179)}…` : e.detail;
  return e.kind === 'config'
    ? `• ${at} UTC ⚙️ ${who(e.userId)} \`${e.command}\`: ${detail}`
    : `• ${at} UTC ⛔ ${who(e.userId)} \`${e.command}\` refused (${e.code ?? 'POLICY'}): ${detail}`;
}

export const auditSub = defineSub({
  description: 'List the latest settings changes and refused requests here',
  adminOnly: true,
  ephemeral: true,
  cost: 'free',
  options: {
    limit: opt.integer({ description: 'How many entries (default 15)', minValue: 1, maxValue: 50 }),
  },
  async run(ctx, o) {
    const entries = await governance(ctx).audit.recent(serverOfCtx(ctx), o.limit ?? 15);
    await ctx.reply.post({
      text: entries.length
        ? `📜 **Audit trail** (newest first)\n${entries.map(line).join('\n')}`
        : '📜 The audit trail is empty: no settings changes or refused requests yet.',
      ephemeral: true,
    });
  },
});
