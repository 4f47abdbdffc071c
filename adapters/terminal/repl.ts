/**
 * The terminal adapter: a local prompt that runs the same commands as Discord and Slack (`/chat hello`), streaming
 * answers to the terminal. Plain lines continue the terminal's conversation. Ctrl+C stops a running answer; at an
 * empty prompt it quits.
 */
import { createInterface } from 'node:readline';
import { type AnyCommand, commandUsage, parseCommandText } from '../../src/command-model/command-text.js';
import type { Invocation } from '../../src/command-model/command-types.js';
import { toUserMessage } from '../../src/common/errors.js';
import type { ReplySurface } from '../../src/surface/reply-surface.js';
import { createTerminalSurface, type TerminalOutput } from './surface.js';

export interface TerminalCore {
  commands: readonly AnyCommand[];
  dispatchCommand(
    invocation: Invocation,
    raw: Record<string, unknown>,
    reply: ReplySurface,
    signal?: AbortSignal,
  ): Promise<unknown>;
  /** A plain line: continues the terminal conversation like a direct message. */
  handleText(text: string, invocation: Invocation, reply: ReplySurface, signal: AbortSignal): Promise<void>;
}

export interface TerminalOptions {
  input: NodeJS.ReadableStream;
  output: TerminalOutput & NodeJS.WritableStream;
  userName?: string;
}

function helpText(commands: readonly AnyCommand[]): string {
  const lines = commands.map((c) => commandUsage(c).replace(/^/gm, '  /'));
  return `Commands:\n${lines.join('\n')}\nPlain text continues the conversation. Ctrl+C stops an answer; /quit exits.\n`;
}

export function startTerminal(core: TerminalCore, options: TerminalOptions): { closed: Promise<void> } {
  const rl = createInterface({ input: options.input, output: options.output, terminal: false });
  const surface = createTerminalSurface(options.output);
  const user = { id: 'local', name: options.userName ?? 'you', isAdmin: true, isBotAdmin: true };
  let running: AbortController | undefined;
  const find = (name: string) => core.commands.find((c) => c.name === name);

  options.output.write('Switchboard terminal. Type /help for commands.\n> ');
  rl.on('SIGINT', () => {
    if (running) running.abort(new Error('stopped'));
    else rl.close();
  });

  async function handle(line: string): Promise<void> {
    const text = line.trim();
    if (!text) return;
    if (text === '/quit' || text === '/exit') return void rl.close();
    if (text === '/help' || text === 'help') return void options.output.write(helpText(core.commands));
    running = new AbortController();
    const base: Invocation = { platform: 'terminal', command: 'chat', user, channelId: 'terminal' };
    try {
      if (text.startsWith('/')) {
        const parsed = parseCommandText(text, find);
        const invocation: Invocation = { ...base, command: parsed.command };
        if (parsed.subcommand) invocation.subcommand = parsed.subcommand;
        await core.dispatchCommand(invocation, parsed.raw, surface, running.signal);
      } else {
        await core.handleText(text, base, surface, running.signal);
      }
    } catch (err) {
      options.output.write(`\n${toUserMessage(err)}`);
    } finally {
      running = undefined;
      options.output.write('\n');
    }
  }

  const closed = (async () => {
    for await (const line of rl) {
      await handle(line);
      options.output.write('> ');
    }
  })();
  return { closed };
}
