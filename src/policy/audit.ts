/**
 * The audit trail: every `/config` change and every refused request, logged as one pino line and
 * kept per server for 90 days so admins can list them (`/config audit`).
 */
import type { Logger } from 'pino';
import type { StateStore } from '../state/store.js';
import { serverOf } from '../usage/spend.js';

export interface AuditEntry {
  at: number;
  kind: 'config' | 'refused';
  platform: string;
  serverId?: string;
  channelId: string;
  userId: string;
  /** The command label (`config budget`, `chat`, `button:regenerate`). */
  command: string;
  /** Stable error code of a refusal (`POLICY.BUDGET_EXCEEDED`). */
  code?: string;
  /** What changed, or the refusal text the user saw. */
  detail: string;
}

export interface AuditLog {
  record(entry: Omit<AuditEntry, 'at'>): Promise<void>;
  /** Newest first. */
  recent(where: { platform: string; serverId?: string }, limit?: number): Promise<AuditEntry[]>;
}

const KEEP_MS = 90 * 24 * 60 * 60 * 1000;
const safe = (s: string) => s.replace(/[^\w-]/g, '_');

export function createAuditLog(deps: { store: StateStore; logger: Logger; now?: () => number }): AuditLog {
  const now = deps.now ?? Date.now;
  let seq = 0;
  const ns = (w: { platform: string; serverId?: string }) =>
    deps.store.namespace(`audit.${safe(w.platform)}.${safe(serverOf(w))}`);
  return {
    async record(input) {
      const entry: AuditEntry = { ...input, at: now() };
      deps.logger.info(
        {
          audit: {
            kind: entry.kind,
            platform: entry.platform,
            server: entry.serverId,
            channel: entry.channelId,
            user: entry.userId,
            command: entry.command,
            code: entry.code,
            detail: entry.detail,
          },
        },
        entry.kind === 'config' ? 'config changed' : 'request refused',
      );
      seq = (seq + 1) % 1_000_000;
      const key = `${entry.at.toString(36).padStart(9, '0')}-${process.pid.toString(36)}-${seq.toString(36).padStart(4, '0')}`;
      await ns(entry)
        .set(key, entry, KEEP_MS)
        .catch((err: unknown) => deps.logger.error({ err }, 'could not store the audit entry'));
    },
    async recent(where, limit = 20) {
      const all: Array<[string, AuditEntry]> = [];
      for await (const pair of ns(where).entries<AuditEntry>()) all.push(pair);
      return all
        .sort(([a, x], [b, y]) => y.at - x.at || (a < b ? 1 : -1))
        .slice(0, limit)
        .map(([, e]) => e);
    },
  };
}
