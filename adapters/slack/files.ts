/** Slack files → Attachments. The bot token goes only to Slack's own file hosts (never elsewhere). */
import type { Attachment } from '../../src/command-model/command-types.js';
import { InputError } from '../../src/common/errors.js';
import { isAllowedHost, openDownload } from '../../src/files/downloads.js';
import type { SlackContext } from './context.js';

export const SLACK_FILE_HOSTS = ['files.slack.com'];

export interface SlackFile {
  id: string;
  name?: string;
  mimetype?: string;
  size?: number;
  url_private_download?: string;
  url_private?: string;
  subtype?: string;
  duration_ms?: number;
}

export function toAttachment(ctx: SlackContext, f: SlackFile): Attachment {
  const url = f.url_private_download ?? f.url_private ?? '';
  const out: Attachment = {
    id: f.id,
    name: f.name ?? f.id,
    url,
    open: async (signal) => {
      try {
        return await openDownload(url, ctx.downloads, {
          what: f.name ?? f.id,
          // the token goes to Slack's hosts only (checked on every redirect hop), never to other
          // hosts an admin allowed downloads from
          headersFor: (target) =>
            isAllowedHost(target, ctx.tokenHosts) ? { authorization: `Bearer ${ctx.botToken}` } : undefined,
          expectHtml: f.mimetype === 'text/html',
          ...(signal ? { signal } : {}),
        });
      } catch (err) {
        if (err instanceof InputError && err.code === 'INPUT.FILE_SIGN_IN_PAGE')
          throw new InputError(
            'INPUT.FILE_SIGN_IN_PAGE',
            `Slack answered with its sign-in page instead of ${f.name ?? 'the file'}: the bot cannot read this file. Check that the app has the files:read scope and is in the conversation where the file was shared, then share it again.`,
          );
        throw err;
      }
    },
  };
  if (f.mimetype) out.contentType = f.mimetype;
  if (f.size !== undefined) out.size = f.size;
  if (f.subtype === 'slack_audio') out.isVoiceMessage = true;
  if (f.duration_ms !== undefined) out.durationSecs = f.duration_ms / 1000;
  return out;
}
