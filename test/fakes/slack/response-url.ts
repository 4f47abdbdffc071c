/** response_url endpoints of slash commands and interactions: ephemeral by default, in_channel on request. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBody, sendRaw, str } from './http.js';
import type { SlackState } from './state.js';
import type { Block } from './types.js';
import { botMessage } from './web-chat.js';

export async function receiveResponse(
  state: SlackState,
  id: string,
  req: IncomingMessage,
  url: URL,
  res: ServerResponse,
): Promise<void> {
  const target = state.responseTargets.get(id);
  const { fields } = await parseBody(req, url);
  const body =
    typeof fields.payload === 'string' ? (JSON.parse(fields.payload) as Record<string, unknown>) : fields;
  if (!target) {
    sendRaw(res, 404, 'text/plain', 'no_such_response_url');
    return;
  }
  state.responses.push({ id, body, at: Date.now() });
  const original = target.messageTs ? state.find(target.channel, target.messageTs) : undefined;
  const text = str(body.text) ?? '';
  const blocks = Array.isArray(body.blocks) ? (body.blocks as Block[]) : undefined;
  if (body.delete_original === true && original) original.deleted = true;
  else if (body.replace_original === true && original) {
    original.text = text;
    if (blocks) original.blocks = blocks;
    original.updateTimes.push(Date.now());
  } else {
    botMessage(state, {
      channel: target.channel,
      text,
      via: 'response_url',
      ...(blocks ? { blocks } : {}),
      ...(body.response_type === 'in_channel' ? {} : { ephemeralTo: target.user }),
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
    });
  }
  sendRaw(res, 200, 'text/html', 'ok');
}
