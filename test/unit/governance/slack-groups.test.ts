/** Slack user groups for permission rules: one usergroups.list per workspace (cached), none on failure. */
import type { WebClient } from '@slack/web-api';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { type SlackContext, userGroups } from '../../../adapters/slack/context.js';

const ctx = { logger: pino({ level: 'silent' }) } as SlackContext;

function client(list: () => Promise<unknown>) {
  let calls = 0;
  const c = {
    usergroups: {
      list: async (args: unknown) => {
        calls += 1;
        expect(args).toEqual({ include_users: true });
        return list();
      },
    },
  };
  return { client: c as unknown as WebClient, calls: () => calls };
}

describe('Slack user groups', () => {
  it('maps users to their groups from one cached usergroups.list', async () => {
    const c = client(async () => ({
      ok: true,
      usergroups: [{ id: 'S1', users: ['U1', 'U2'] }, { id: 'S2', users: ['U2'] }, { id: 'S3' }],
    }));
    expect(await userGroups(ctx, c.client, 'U2')).toEqual(['S1', 'S2']);
    expect(await userGroups(ctx, c.client, 'U1')).toEqual(['S1']);
    expect(await userGroups(ctx, c.client, 'U9')).toEqual([]);
    expect(c.calls()).toBe(1);
  });

  it('puts nobody in a group when the scope is missing', async () => {
    const c = client(async () => {
      throw Object.assign(new Error('An API error occurred: missing_scope'), {
        code: 'slack_webapi_platform_error',
      });
    });
    expect(await userGroups(ctx, c.client, 'U1')).toEqual([]);
  });
});
