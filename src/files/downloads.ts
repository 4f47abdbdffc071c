/**
 * Fetches attachment bytes from a platform's file host. Only hosts on the allow list are ever
 * contacted (the platform's CDN plus DOWNLOAD_ALLOWED_HOSTS), so a crafted URL cannot make the bot
 * call anything else; platform auth headers are added only for the platform's own hosts.
 */
import { InputError } from '../shared/errors.js';

export interface DownloadPolicy {
  /** host or host:port entries, lower-case. */
  allowedHosts: readonly string[];
}

export function isAllowedHost(url: URL, policy: DownloadPolicy): boolean {
  const host = url.host.toLowerCase();
  const name = url.hostname.toLowerCase();
  return policy.allowedHosts.some((h) => h === host || h === name);
}

export async function openDownload(
  rawUrl: string,
  policy: DownloadPolicy,
  opts: { headers?: Record<string, string>; signal?: AbortSignal; what?: string } = {},
): Promise<AsyncIterable<Uint8Array>> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new InputError(
      'INPUT.BAD_FILE_URL',
      `${opts.what ? `The file ${opts.what}` : 'That file'} has no usable link. Please attach it again.`,
    );
  }
  if (!/^https?:$/.test(url.protocol))
    throw new InputError(
      'INPUT.FILE_HOST_NOT_ALLOWED',
      `${opts.what ?? 'That file'} has a ${url.protocol.replace(':', '')} link; only http(s) links are downloaded.`,
    );
  if (!isAllowedHost(url, policy))
    throw new InputError(
      'INPUT.FILE_HOST_NOT_ALLOWED',
      `Files from ${url.host} are not downloaded. An admin can add the host to DOWNLOAD_ALLOWED_HOSTS.`,
    );
  const res = await fetch(url, {
    redirect: 'error',
    ...(opts.headers ? { headers: opts.headers } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (!res.ok || !res.body)
    throw new InputError(
      'INPUT.FILE_DOWNLOAD_FAILED',
      `Could not download ${opts.what ?? 'the file'} (HTTP ${res.status}). Please attach it again.`,
    );
  return res.body as unknown as AsyncIterable<Uint8Array>;
}
