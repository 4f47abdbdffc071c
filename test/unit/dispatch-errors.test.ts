/** The dispatcher's own refusals: each gets one clear message where the user is, and an outcome code. */

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { AppServices } from '../../src/app/app-services.js';
import { defineCommand, defineMessageAction } from '../../src/command-model/command-builders.js';
import { createRegistry } from '../../src/command-model/command-registry.js';
import type { Invocation } from '../../src/command-model/command-types.js';
import { createDispatcher } from '../../src/dispatch/dispatcher.js';
import { createFakeSurface } from '../fakes/surface.js';

const registry = createRegistry({
  commands: [defineCommand({ name: 'chat', description: 'chat', run: async () => undefined })],
  messageActions: [defineMessageAction({ id: 'read-aloud', name: 'Read aloud', run: async () => undefined })],
});
const dispatcher = createDispatcher({
  registry,
  services: {} as AppServices,
  logger: pino({ level: 'silent' }),
});
const inv = (patch: Partial<Invocation> = {}): Invocation => ({
  platform: 'discord',
  command: 'chat',
  user: { id: 'U1', name: 'Ann', isAdmin: false },
  channelId: 'C1',
  ...patch,
});

describe('dispatcher refusals', () => {
  it('an unknown command names the commands there are', async () => {
    const surface = createFakeSurface();
    const out = await dispatcher.dispatchCommand(inv({ command: 'chatt' }), {}, surface);
    expect(out.code).toBe('INPUT.UNKNOWN_COMMAND');
    expect(surface.visibleText()).toContain('There is no command `/chatt`. The commands are: chat.');
  });

  it('a button that no longer exists says so', async () => {
    const surface = createFakeSurface();
    const out = await dispatcher.dispatchButton(inv({ command: 'button' }), 'gone:1', surface);
    expect(out.code).toBe('INPUT.UNKNOWN_BUTTON');
    expect(surface.visibleText()).toContain('This button no longer does anything.');
  });

  it('a message action without a message explains where to use it', async () => {
    const surface = createFakeSurface();
    const out = await dispatcher.dispatchMessageAction(inv({ command: 'read-aloud' }), 'read-aloud', surface);
    expect(out.code).toBe('INPUT.NO_TARGET_MESSAGE');
    expect(surface.visibleText()).toContain('Use this action on a message');
  });
});
