/**
 * Command names in text the bot writes ("pick another with /model set"): each platform types them
 * differently (Discord `/model set`, Slack `/switchboard model set`). The core writes `cmd('model
 * set')`, which carries an invisible mark; each adapter renders the mark with its own syntax
 * (`withCommandSyntax(message, prefix)`) and the mark never reaches a user.
 */
export const COMMAND_MARK = '\u2063';
/** Marks a user mention the bot itself wrote (never defused as model output's mentions are). */
export const MENTION_MARK = '\u2064';

/** A user mention written by the bot (a name to show; Slack renders it, Discord shows it without a ping). */
export function mention(userId: string): string {
  return `${MENTION_MARK}<@${userId}>`;
}

/** A command reference as inline code, rendered per platform. */
export function cmd(command: string): string {
  return `\`${COMMAND_MARK}/${command}\``;
}

/**
 * Every string in `value` (plain objects and arrays; byte arrays and class instances untouched) with
 * command references written as `prefix + name` (e.g. `/` or `/switchboard `).
 */
export function withCommandSyntax<T>(value: T, prefix: string, opts: { keepMentionMarks?: boolean } = {}): T {
  if (typeof value === 'string') {
    let text: string = value;
    if (text.includes(COMMAND_MARK))
      text = text.replaceAll(`${COMMAND_MARK}/`, prefix).replaceAll(COMMAND_MARK, '');
    if (!opts.keepMentionMarks && text.includes(MENTION_MARK)) text = text.replaceAll(MENTION_MARK, '');
    return text as T;
  }
  if (Array.isArray(value)) return value.map((v) => withCommandSyntax(v, prefix, opts)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = withCommandSyntax(v, prefix, opts);
    return out as T;
  }
  return value;
}
