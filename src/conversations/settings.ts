/**
 * Per-scope settings (model, back end, system prompt) for a user, a channel or a server.
 * Resolution order: explicit option > user > channel > server > built-in default.
 */
import { z } from 'zod';
import type { StateStore } from '../state/store.js';
import { backendSchema } from './types.js';

export type Scope = 'user' | 'channel' | 'server';

const settingsSchema = z
  .object({
    model: z.string(),
    backend: backendSchema,
    systemPrompt: z.string(),
    autoTranscribe: z.boolean(),
  })
  .partial();
export type Settings = z.infer<typeof settingsSchema>;

export interface Where {
  platform: string;
  userId: string;
  channelId: string;
  serverId?: string;
}

/** The settings that apply to one request, read once (one read per scope) and passed down. */
export interface ResolvedSettings {
  /** The first value found from user to server, with the scope it came from. */
  pick<K extends keyof Settings>(field: K): { value: NonNullable<Settings[K]>; scope: Scope } | undefined;
}

const SCOPES = ['user', 'channel', 'server'] as const;

export interface SettingsStore {
  get(scope: Scope, where: Where): Promise<Settings>;
  set(scope: Scope, where: Where, patch: Settings): Promise<void>;
  reset(scope: Scope, where: Where, field: keyof Settings): Promise<void>;
  /** The first value found from user to server, with the scope it came from. */
  resolve<K extends keyof Settings>(
    field: K,
    where: Where,
  ): Promise<{ value: NonNullable<Settings[K]>; scope: Scope } | undefined>;
  /** Reads user, channel and server settings once, for everything a request looks up. */
  resolveAll(where: Where): Promise<ResolvedSettings>;
}

export function scopeKey(scope: Scope, w: Where): string | undefined {
  if (scope === 'user') return `${w.platform}:user:${w.userId}`;
  if (scope === 'channel') return `${w.platform}:channel:${w.channelId}`;
  return w.serverId ? `${w.platform}:server:${w.serverId}` : undefined;
}

export function createSettingsStore(store: StateStore): SettingsStore {
  const ns = store.namespace('settings');
  const get = async (scope: Scope, where: Where): Promise<Settings> => {
    const key = scopeKey(scope, where);
    if (!key) return {};
    const parsed = settingsSchema.safeParse(await ns.get(key));
    return parsed.success ? parsed.data : {};
  };
  return {
    get,
    async set(scope, where, patch) {
      const key = scopeKey(scope, where);
      if (!key) throw new Error(`no ${scope} here`);
      await ns.set(key, { ...(await get(scope, where)), ...patch });
    },
    async reset(scope, where, field) {
      const key = scopeKey(scope, where);
      if (!key) return;
      const current = await get(scope, where);
      delete current[field];
      await ns.set(key, current);
    },
    async resolveAll(where) {
      const found = await Promise.all(SCOPES.map((scope) => get(scope, where)));
      return {
        pick(field) {
          for (const [i, scope] of SCOPES.entries()) {
            const value = found[i]?.[field];
            if (value !== undefined) return { value: value as NonNullable<Settings[typeof field]>, scope };
          }
          return undefined;
        },
      };
    },
    async resolve(field, where) {
      for (const scope of SCOPES) {
        const value = (await get(scope, where))[field];
        if (value !== undefined) return { value: value as NonNullable<Settings[typeof field]>, scope };
      }
      return undefined;
    },
  };
}

/** True when an admin turned automatic transcription on for this channel. */
export async function autoTranscribes(settings: SettingsStore, platform: string, channelId: string) {
  return (await settings.get('channel', { platform, userId: '', channelId })).autoTranscribe === true;
}
