/**
 * Team governance settings of one server / workspace (Discord DMs share the pseudo-server `dm`):
 * budgets, command permissions, the model allow-list, channel allow/deny lists and forced ZDR.
 * Stored in the state store as one JSON value per server, validated on read.
 */
import { z } from 'zod';
import { createKeyedLock } from '../state/keyed-lock.js';
import type { StateStore } from '../state/store.js';
import { serverOf } from '../usage/spend.js';

const limitsSchema = z.object({
  day: z.number().positive().optional(),
  month: z.number().positive().optional(),
});
export type Limits = z.infer<typeof limitsSchema>;

const governanceSchema = z.object({
  budgets: z
    .object({
      /** Default limit of every user. */
      user: limitsSchema.optional(),
      /** Limits of named users (override the default). */
      users: z.record(z.string(), limitsSchema).default({}),
      channels: z.record(z.string(), limitsSchema).default({}),
      server: limitsSchema.optional(),
    })
    .default({ users: {}, channels: {} }),
  /** Command name (or `command subcommand`) → role / user / user group ids allowed to use it. */
  permits: z.record(z.string(), z.array(z.string())).default({}),
  /** Model id patterns (`openai/*`); empty = every model. */
  models: z.array(z.string()).default([]),
  channels: z
    .object({ mode: z.enum(['off', 'allow', 'deny']), ids: z.array(z.string()) })
    .default({ mode: 'off', ids: [] }),
  /** Force zero-data-retention routing on every request. */
  zdr: z.boolean().default(false),
  /** Only on the `dm` pseudo-server (DMs outside any server): whether DMs are served and which commands. */
  dms: z
    .object({ enabled: z.boolean().default(true), commands: z.array(z.string()).default([]) })
    .default({ enabled: true, commands: [] }),
});
export type Governance = z.infer<typeof governanceSchema>;

export interface ServerRef {
  platform: string;
  serverId?: string;
}

export interface GovernanceStore {
  get(where: ServerRef): Promise<Governance>;
  update(where: ServerRef, change: (current: Governance) => Governance): Promise<Governance>;
}

export const emptyGovernance = (): Governance => governanceSchema.parse({});

export function createGovernanceStore(store: StateStore): GovernanceStore {
  const ns = store.namespace('governance');
  const lock = createKeyedLock();
  const key = (w: ServerRef) => `${w.platform}:${serverOf(w)}`;
  const read = async (k: string) => {
    const parsed = governanceSchema.safeParse((await ns.get(k)) ?? {});
    return parsed.success ? parsed.data : emptyGovernance();
  };
  return {
    get: (where) => read(key(where)),
    update(where, change) {
      const k = key(where);
      return lock.run(k, async () => {
        const next = governanceSchema.parse(change(await read(k)));
        await ns.set(k, next);
        return next;
      });
    },
  };
}
