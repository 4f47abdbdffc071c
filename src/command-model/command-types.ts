/**
 * The command model: each command is defined once (commands/*.ts) with `defineCommand` and
 * rendered by both adapters (Discord application commands, the Slack umbrella command).
 * Options are zod schemas plus rendering hints.
 */

import type { Logger } from 'pino';
import type { z } from 'zod';
import type { AppServices } from '../app/app-services.js';
import type { MessageRef, Platform, ReplySurface } from '../surface/reply-surface.js';

/** A file the user attached; bytes are fetched lazily through the adapter (Slack needs its token). */
export interface Attachment {
  id: string;
  name: string;
  contentType?: string;
  /** Declared size in bytes, when the platform says. */
  size?: number;
  url: string;
  /** Discord voice message / Slack audio clip. */
  isVoiceMessage?: boolean;
  durationSecs?: number;
  /** Stream the bytes; the adapter adds auth only for its own configured hosts. */
  open(signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>>;
}

export type OptionKind = 'string' | 'integer' | 'number' | 'boolean' | 'choice' | 'attachment';

export interface OptionSpec<T = unknown> {
  kind: OptionKind;
  description: string;
  required: boolean;
  /** Validates the raw value the adapter produced (already typed: string, number, boolean, Attachment). */
  schema: z.ZodType<T>;
  choices?: ReadonlyArray<{ name: string; value: string }>;
  /** Name of an autocomplete source in the registry (e.g. 'model'). */
  autocomplete?: string;
  minValue?: number;
  maxValue?: number;
  maxLength?: number;
}

export type OptionSpecs = Record<string, OptionSpec>;
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]: O[K] extends OptionSpec<infer T> ? T : never;
};

export interface Invoker {
  id: string;
  name: string;
  /** Server admin (Discord Manage Guild / Slack workspace admin) or configured admin id. */
  isAdmin: boolean;
  /** Listed in ADMIN_USER_IDS (the bot's operators): admin everywhere, not just in one server. */
  isBotAdmin?: boolean;
  /** Discord role ids / Slack user group ids, when known. */
  roles?: string[];
  /** Slack: the user groups the user is in, loaded (and cached) only when a permission rule needs them. */
  groups?: () => Promise<string[]>;
  /**
   * Set when `isAdmin` is false only because the platform's admin flag was not looked up yet (a Slack
   * message answered without a users.info call): looks it up. Use `isAdminNow` before refusing anything.
   */
  confirmAdmin?: () => Promise<boolean>;
}

/** Whether the user is an admin, looking the platform's flag up if it was left for when it matters. */
export async function isAdminNow(user: Invoker): Promise<boolean> {
  if (user.isAdmin) return true;
  return (await user.confirmAdmin?.()) ?? false;
}

/**
 * What only the adapter knows about the place an invocation comes from, declared by it so the core
 * never asks which platform it serves.
 */
export interface PlaceTraits {
  /** A direct message with the bot: it has its own notebook, never the server's (even with a serverId). */
  direct?: boolean;
  /** What a permission list holds, in the platform's words: "role or user", "user or user group". */
  permitIds: string;
  /** Who a permission list may name for the asker, in the platform's words: "you or one of your roles". */
  notListed: string;
  /** The id in one of the platform's mentions (a user, role, group or channel), when the token is one. */
  idOf?(mention: string): string | undefined;
}

export interface Invocation {
  /** The adapter's name, kept with stored locations and in logs; never branched on. */
  platform: Platform;
  /** Declared by the adapter (absent: a plain place, e.g. the terminal or a test). */
  place?: PlaceTraits;
  command: string;
  subcommand?: string;
  user: Invoker;
  serverId?: string;
  channelId: string;
  threadId?: string;
  /** For message actions (context menus / shortcuts): the target message. */
  target?: { messageId: string; text: string; authorId?: string; attachments: Attachment[]; link?: string };
  /** For buttons: the message the button is on (edit it to page through results in place). */
  message?: MessageRef;
  /** Platform-specific request id for logs. */
  requestId?: string;
  /** Files attached to the message that invoked this (mentions and thread replies). */
  attachments?: Attachment[];
}

export interface CommandContext {
  invocation: Invocation;
  reply: ReplySurface;
  /** The app's services, typed (built in src/app/create-app.ts). */
  services: AppServices;
  signal: AbortSignal;
  logger: Logger;
}

/**
 * What running it costs, for governance: 'free' is never blocked by budgets or rate limits,
 * 'billable' (the default) is budget-checked, 'expensive' (speech, video) is also rate limited.
 */
export type CostHint = 'free' | 'billable' | 'expensive';

export interface SubcommandDefinition<O extends OptionSpecs = OptionSpecs> {
  description: string;
  options?: O;
  adminOnly?: boolean;
  /** Default 'billable'. */
  cost?: CostHint;
  /** Reply only to the invoker where possible. */
  ephemeral?: boolean;
  run(ctx: CommandContext, options: OptionValues<O>): Promise<void>;
}

export interface CommandDefinition<O extends OptionSpecs = OptionSpecs> extends SubcommandDefinition<O> {
  name: string;
}

export interface CommandGroupDefinition {
  name: string;
  description: string;
  subcommands: Record<string, SubcommandDefinition>;
}

/** A message action (Discord context menu / Slack message shortcut). */
export interface MessageActionDefinition {
  name: string;
  /** Stable id used for Slack callback_id and routing. */
  id: string;
  /** Answer only the invoker where the platform can. */
  ephemeral?: boolean;
  /** Default 'billable'. */
  cost?: CostHint;
  /** The command whose permission rule applies (default: the id). */
  permission?: string;
  run(ctx: CommandContext): Promise<void>;
}

/** A button handler; custom ids are `${action}:${value}`. */
export interface ButtonActionDefinition {
  action: string;
  /** Default 'billable'. */
  cost?: CostHint;
  /** The command whose permission rule applies (default: the action). */
  permission?: string;
  run(ctx: CommandContext, value: string): Promise<void>;
}
