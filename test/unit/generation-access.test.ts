import { describe, expect, it } from 'vitest';
import type { Invocation } from '../../src/command-model/command-types.js';
import { assertMayReadContent, type GenerationOwner } from '../../src/lookups/generations.js';

const owner: GenerationOwner = {
  userId: 'alice',
  platform: 'discord',
  channelId: 'c1',
  serverId: 'g1',
  at: 0,
};
const inv = (
  user: Partial<Invocation['user']> & { id: string },
  where: Partial<Invocation> = {},
): Invocation => ({
  platform: 'discord',
  command: 'generation',
  channelId: 'c1',
  serverId: 'g1',
  ...where,
  user: { name: user.id, isAdmin: false, ...user },
});

describe('who may read a generation’s stored prompt and completion', () => {
  it('the person who asked, on the platform it was asked on', () => {
    expect(() => assertMayReadContent(owner, inv({ id: 'alice' }))).not.toThrow();
    expect(() => assertMayReadContent(owner, inv({ id: 'alice' }, { platform: 'slack' }))).toThrow(
      /Only the person/,
    );
  });

  it('an admin of the server it was asked in, but not an admin of another server or workspace', () => {
    expect(() => assertMayReadContent(owner, inv({ id: 'carol', isAdmin: true }))).not.toThrow();
    expect(() =>
      assertMayReadContent(owner, inv({ id: 'carol', isAdmin: true }, { serverId: 'g2' })),
    ).toThrow(/admin of the server it was asked in/);
    expect(() =>
      assertMayReadContent(owner, inv({ id: 'carol', isAdmin: true }, { platform: 'slack', serverId: 'g1' })),
    ).toThrow();
  });

  it('a generation of unknown origin only for the bot operators; operators may read any', () => {
    expect(() => assertMayReadContent(undefined, inv({ id: 'carol', isAdmin: true }))).toThrow(
      /ADMIN_USER_IDS/,
    );
    expect(() =>
      assertMayReadContent(undefined, inv({ id: 'op', isAdmin: true, isBotAdmin: true })),
    ).not.toThrow();
    expect(() =>
      assertMayReadContent(owner, inv({ id: 'op', isAdmin: true, isBotAdmin: true }, { serverId: 'g9' })),
    ).not.toThrow();
  });
});
