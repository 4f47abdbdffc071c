/**
 * Who made which generation: the chat service records each answer's generation id with its user
 * and place, so `/generation content` can show stored prompts and completions only to that user
 * (or an admin) with one cheap lookup.
 */
import { z } from 'zod';
import type { Invocation } from '../command-model/command-types.js';
import { PolicyError } from '../common/errors.js';
import type { StateStore } from '../state/store.js';

const ownerSchema = z.object({
  userId: z.string(),
  platform: z.string(),
  channelId: z.string(),
  serverId: z.string().optional(),
  at: z.number(),
});
export type GenerationOwner = z.infer<typeof ownerSchema>;

export interface GenerationOwners {
  record(generationId: string, owner: GenerationOwner): Promise<void>;
  get(generationId: string): Promise<GenerationOwner | undefined>;
}

/** As long as conversations are kept. */
const TTL_MS = 90 * 24 * 60 * 60 * 1000;

export function createGenerationOwners(store: StateStore, deps: { ttlMs?: number } = {}): GenerationOwners {
  const ns = store.namespace('generations');
  return {
    async record(id, owner) {
      await ns.set(id, owner, deps.ttlMs ?? TTL_MS);
    },
    async get(id) {
      const parsed = ownerSchema.safeParse(await ns.get(id));
      return parsed.success ? parsed.data : undefined;
    },
  };
}

/** The owner of a generation made here from an invocation. */
export function ownerOf(inv: Invocation, at: number): GenerationOwner {
  return {
    userId: inv.user.id,
    platform: inv.platform,
    channelId: inv.channelId,
    at,
    ...(inv.serverId ? { serverId: inv.serverId } : {}),
  };
}

/**
 * Throws unless the invoker made this generation (on this platform), is an admin of the server or
 * workspace it was made in, or is one of the bot's operators (ADMIN_USER_IDS). A server admin
 * cannot read what was asked in another server.
 */
export function assertMayReadContent(owner: GenerationOwner | undefined, inv: Invocation): void {
  if (inv.user.isBotAdmin) return;
  if (owner && owner.platform === inv.platform) {
    if (owner.userId === inv.user.id) return;
    if (inv.user.isAdmin && owner.serverId !== undefined && owner.serverId === inv.serverId) return;
  }
  throw new PolicyError(
    'POLICY.NOT_YOUR_GENERATION',
    owner
      ? 'Only the person who asked for that answer (or an admin of the server it was asked in) can see its stored prompt and completion.'
      : 'That generation was not made through Switchboard here, so only the bot operators (ADMIN_USER_IDS) can see its stored prompt and completion.',
  );
}
