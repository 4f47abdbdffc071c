/**
 * The ReplySurface port: where an answer goes. Discord, Slack and the terminal each implement it;
 * the core (streaming driver, commands) only ever talks to this. Text is Markdown; a surface converts
 * it to its platform's dialect (Slack mrkdwn) and never lets it ping @everyone/@here/roles.
 * `<@id>` (a person) and `<#id>` (a channel), with ids as the adapter gave them, are the core's way to
 * name someone or somewhere in text; each surface shows them its platform's way. The core writes a
 * person as `mention(id)` (command-model/command-ref.ts), marked, so a surface can tell it from a
 * mention in model output (which never pings); `notify` lists who a message pings on purpose.
 */
/**
 * The name an adapter gives its platform. The core keeps it with stored locations and in logs,
 * and never branches on it: what differs between platforms is declared by the adapter
 * (surface limits and capabilities, the invocation's `place`).
 */
export type Platform = string;

export interface ButtonSpec {
  /** Routed to the action registry: `${action}:${value}` becomes the platform's custom id. */
  action: string;
  value: string;
  label: string;
  style?: 'primary' | 'secondary' | 'danger';
}

export interface OutgoingFile {
  name: string;
  contentType: string;
  data: Uint8Array;
  /** Text for screen readers where the platform keeps one per file (Discord's attachment description). */
  alt?: string;
  /** Discord voice message fields (Ogg/Opus only). */
  voice?: { durationSecs: number; waveform: string };
}

/**
 * A structured result (model card, generation, search hit): Discord renders embeds, Slack blocks.
 * Adapters enforce their platform's limits (Discord: 10 embeds, 25 fields, field value 1,024;
 * Slack: 50 blocks, 10 fields per section, 3,000 characters per text).
 */
export interface Card {
  title: string;
  /** Link on the title. */
  url?: string;
  /** Markdown. */
  description?: string;
  fields?: Array<{ name: string; value: string; inline?: boolean }>;
  footer?: string;
}

export interface OutgoingMessage {
  /** Markdown. Must fit `limits.maxMessageChars` (the streaming driver splits longer text). */
  text: string;
  /** One small line under the text (model · tokens · cost · id); each surface renders it its own way. */
  footer?: string;
  buttons?: ButtonSpec[];
  files?: OutgoingFile[];
  /** Structured results under the text (see Card). */
  cards?: Card[];
  /** Visible only to the invoking user, where the platform can (first interaction reply). */
  ephemeral?: boolean;
  /**
   * Posting again with the same key within a few minutes (another instance retrying after a crash)
   * gives back the first message instead of a second one, where the platform can (Discord's enforced
   * nonce, at most 25 characters).
   */
  dedupeKey?: string;
  /**
   * Users this message notifies on purpose (the requester of a long job that finished), mentioned in
   * the text with `mention(id)`. Every other mention stays silent.
   */
  notify?: string[];
}

export interface MessageRef {
  id: string;
  channelId: string;
  /** Thread the message lives in (Discord thread channel id / Slack thread_ts), if any. */
  threadId?: string;
}

export interface SurfaceLimits {
  /** Characters one message may hold (Discord 2,000; Slack ~4,000 in practice). */
  maxMessageChars: number;
  /** Bytes one uploaded file may have. */
  maxUploadBytes: number;
  /** Minimum time between two edits of the same message. */
  minEditIntervalMs: number;
  /** Edits per channel per window (Discord ~5 per 5 s). */
  channelEditBudget: { edits: number; windowMs: number };
  /**
   * Edits per window for the whole bot on this platform (Discord: all requests share 50/s, so
   * streaming edits keep to part of it and new commands still get through).
   */
  botEditBudget?: { edits: number; windowMs: number };
}

export interface SurfaceLocation {
  platform: Platform;
  /** Discord guild / Slack team; undefined in DMs and the terminal. */
  serverId?: string;
  channelId: string;
  threadId?: string;
}

export interface ReplySurface {
  readonly location: SurfaceLocation;
  readonly limits: SurfaceLimits;
  /**
   * Which edit budget this surface's edits count against (default: its thread or channel).
   * Discord private answers live on their interaction token, not in the channel.
   */
  readonly editBucket?: string;
  post(message: OutgoingMessage): Promise<MessageRef>;
  edit(ref: MessageRef, message: OutgoingMessage): Promise<void>;
  /** Optional: remove a message the bot posted (e.g. the Stop control of a native stream). */
  delete?(ref: MessageRef): Promise<void>;
  /** Show "typing…" (lasts ~10 s on Discord; callers refresh it). */
  typing?(): Promise<void>;
  /** Start a thread (Discord thread / Slack thread under a new message); replies go there. */
  openThread?(title: string, firstMessage: OutgoingMessage): Promise<ReplySurface>;
  /**
   * Optional capability: the platform's own text streaming (Slack `chat.startStream`). Starts a live
   * message with `first`; resolves undefined where it cannot here (then the core posts and edits).
   */
  openStream?(first: string): Promise<NativeStream | undefined>;
  /**
   * Optional: ends a live native stream this process no longer holds (after a restart), appending
   * `text` and the footer. Resolves false when the platform refused (e.g. the stream had expired).
   */
  endStream?(ref: MessageRef, final: { text?: string; footer?: string }): Promise<boolean>;
  /**
   * How audio answers arrive: 'voice-message' (a playable voice note, Ogg/Opus with a waveform) where
   * the platform has them; otherwise (the default) an audio file.
   */
  readonly voiceReplies?: 'voice-message' | 'audio-file';
  /** Optional: a link people can open to the message (in this surface's channel or thread). */
  messageLink?(ref: MessageRef): string | undefined;
  /**
   * Optional: the request changed stored state (its question is in the history), so it must never be
   * run again by another instance even if nothing shows yet (src/dispatch/confirming-surface.ts).
   */
  committed?(): Promise<void>;
}

/** A live message the platform renders as text arrives (Markdown in, never converted). */
export interface NativeStream {
  readonly ref: MessageRef;
  /** Characters one live message may take before the driver continues in a new one. */
  readonly maxChars: number;
  /** Age after which the driver continues in a new message (Slack ends streams after ~5 min). */
  readonly maxAgeMs: number;
  /** Minimum time between two appends. */
  readonly appendIntervalMs: number;
  append(markdown: string): Promise<void>;
  /** Ends the live message: optional closing text, then the footer and buttons under it. */
  finish(final: { text?: string; footer?: string; buttons?: ButtonSpec[] }): Promise<void>;
}
