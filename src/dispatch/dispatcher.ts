/**
 * The one pipeline every invocation goes through, whatever the platform:
 * find → validate options (zod) → admin check → policy hook → run → map errors once → log one line.
 */
import type { Logger } from 'pino';
import type { AppServices } from '../app/app-services.js';
import type { Choice, Registry } from '../command-model/command-registry.js';
import { type Invocation, isAdminNow } from '../command-model/command-types.js';
import {
  errorCode,
  InputError,
  PolicyError,
  SwitchboardError,
  toUserMessage,
  wasReported,
} from '../common/errors.js';
import type { Metrics } from '../ops/metrics.js';
import type { WorkGate } from '../ops/work-gate.js';
import type { ReplySurface } from '../surface/reply-surface.js';
import { bindScope, usageFields } from '../usage/invocation-scope.js';
import { withLongPosts } from './long-posts.js';
import { type Policy, runGranted } from './policy-hook.js';
import { validateOptions } from './validate-options.js';

export type { Policy, PolicyGrant, PolicyRequest } from './policy-hook.js';
export { validateOptions } from './validate-options.js';

export interface Outcome {
  ok: boolean;
  code?: string;
  durationMs: number;
}

export interface Dispatcher {
  dispatchCommand(
    invocation: Invocation,
    raw: Record<string, unknown>,
    reply: ReplySurface,
    signal?: AbortSignal,
  ): Promise<Outcome>;
  dispatchButton(invocation: Invocation, customId: string, reply: ReplySurface): Promise<Outcome>;
  /** A message action (context menu / shortcut); `invocation.target` is the message. */
  dispatchMessageAction(invocation: Invocation, id: string, reply: ReplySurface): Promise<Outcome>;
  autocomplete(invocation: Invocation, optionName: string, query: string): Promise<Choice[]>;
}

const RESTARTING = () =>
  new SwitchboardError(
    'APP.RESTARTING',
    'The bot is restarting and takes no new requests right now. Please try again in a minute.',
  );

export function createDispatcher(deps: {
  registry: Registry;
  services: AppServices;
  logger: Logger;
  policy?: Policy;
  /** Every refusal (PolicyError) ends here once, for the audit trail. */
  onRefused?: (invocation: Invocation, label: string, err: PolicyError) => Promise<void>;
  now?: () => number;
  /** Closed when the bot is stopping: new work is refused with a clear message. */
  gate?: WorkGate;
  metrics?: Metrics;
}): Dispatcher {
  const now = deps.now ?? (() => performance.now());
  const { registry, logger } = deps;

  async function execute(
    invocation: Invocation,
    reply: ReplySurface,
    label: string,
    work: (log: Logger) => Promise<void>,
  ): Promise<Outcome> {
    const started = now();
    const log = logger.child({
      platform: invocation.platform,
      command: label,
      user: invocation.user.id,
      channel: invocation.channelId,
      ...(invocation.requestId ? { requestId: invocation.requestId } : {}),
    });
    const entered = deps.gate ? deps.gate.enter() : true;
    // the work's billable calls name this invocation; the governed client finds the scope through it
    const scope = bindScope({ invocation, label });
    try {
      if (!entered) throw RESTARTING();
      await work(log);
      const durationMs = Math.round(now() - started);
      scope.summarized = true;
      // the one info line of an answer: who, what, the model, generation, tokens and cost, how long
      log.info({ outcome: 'ok', durationMs, ...usageFields(scope) }, 'command done');
      return { ok: true, durationMs };
    } catch (err) {
      const durationMs = Math.round(now() - started);
      const code = errorCode(err);
      const expected = err instanceof InputError || err instanceof PolicyError || code === 'APP.RESTARTING';
      scope.summarized = true;
      log[expected ? 'info' : 'error'](
        { outcome: 'error', code, durationMs, ...usageFields(scope), err },
        'command failed',
      );
      if (err instanceof PolicyError) {
        deps.metrics?.refusals.inc({ code });
        if (code === 'POLICY.RATE_LIMITED') deps.metrics?.rateLimited.inc({ source: 'ours' });
      }
      if (err instanceof PolicyError)
        await deps.onRefused?.(invocation, label, err).catch((auditErr: unknown) => {
          log.error({ err: auditErr }, 'could not audit the refusal');
        });
      if (!wasReported(err))
        await reply.post({ text: `⚠️ ${toUserMessage(err)}`, ephemeral: true }).catch((postErr: unknown) => {
          log.warn({ err: postErr }, 'could not post the error message');
        });
      return { ok: false, code, durationMs };
    } finally {
      if (entered) deps.gate?.leave();
    }
  }

  return {
    dispatchCommand(invocation, raw, reply, signal) {
      const label = invocation.subcommand
        ? `${invocation.command} ${invocation.subcommand}`
        : invocation.command;
      return execute(invocation, reply, label, async (log) => {
        const def = registry.resolve(invocation.command, invocation.subcommand);
        if (!def)
          throw new InputError(
            'INPUT.UNKNOWN_COMMAND',
            `There is no command \`/${label}\`. The commands are: ${registry.commands.map((c) => c.name).join(', ')}.`,
          );
        const options = validateOptions(def.options, raw);
        if (def.adminOnly && !(await isAdminNow(invocation.user)))
          throw new PolicyError(
            'POLICY.ADMIN_ONLY',
            `Only admins can use \`/${label}\` (server or workspace admins, or the ids in ADMIN_USER_IDS).`,
          );
        const grant = await deps.policy?.(invocation, def, {
          kind: 'command',
          name: invocation.command,
          cost: def.cost ?? 'billable',
          options,
          ...(invocation.subcommand ? { subcommand: invocation.subcommand } : {}),
        });
        await runGranted(grant, () =>
          def.run(
            {
              invocation,
              reply: withLongPosts(reply),
              services: deps.services,
              signal: signal ?? new AbortController().signal,
              logger: log,
            },
            options as never,
          ),
        );
      });
    },
    dispatchButton(invocation, customId, reply) {
      const colon = customId.indexOf(':');
      const action = colon === -1 ? customId : customId.slice(0, colon);
      const value = colon === -1 ? '' : customId.slice(colon + 1);
      return execute(invocation, reply, `button:${action}`, async (log) => {
        const def = registry.button(action);
        if (!def) throw new InputError('INPUT.UNKNOWN_BUTTON', 'This button no longer does anything.');
        await deps.policy?.(
          invocation,
          { description: action, run: async () => undefined },
          { kind: 'button', name: def.permission ?? action, cost: def.cost ?? 'billable', options: {} },
        );
        await def.run(
          {
            invocation,
            reply: withLongPosts(reply),
            services: deps.services,
            signal: new AbortController().signal,
            logger: log,
          },
          value,
        );
      });
    },
    dispatchMessageAction(invocation, id, reply) {
      return execute(invocation, reply, `action:${id}`, async (log) => {
        const def = registry.messageAction(id);
        if (!def) throw new InputError('INPUT.UNKNOWN_ACTION', 'This action is not available any more.');
        if (!invocation.target)
          throw new InputError('INPUT.NO_TARGET_MESSAGE', 'Use this action on a message (its ⋯ menu).');
        const grant = await deps.policy?.(
          invocation,
          { description: def.name, run: def.run },
          { kind: 'action', name: def.permission ?? def.id, cost: def.cost ?? 'billable', options: {} },
        );
        await runGranted(grant, () =>
          def.run({
            invocation,
            reply: withLongPosts(reply),
            services: deps.services,
            signal: new AbortController().signal,
            logger: log,
          }),
        );
      });
    },
    async autocomplete(invocation, optionName, query) {
      const def = registry.resolve(invocation.command, invocation.subcommand);
      const source = def?.options?.[optionName]?.autocomplete;
      const fn = source ? registry.autocompleteSource(source) : undefined;
      if (!fn) return [];
      try {
        const choices = await fn(query, invocation, deps.services);
        return choices.slice(0, 25).map((c) => ({
          name: c.name.slice(0, 100) || c.value.slice(0, 100),
          value: c.value.slice(0, 100),
        }));
      } catch (err) {
        logger.warn({ err, option: optionName }, 'autocomplete failed');
        return [];
      }
    },
  };
}
