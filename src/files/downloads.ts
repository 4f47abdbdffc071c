/**
 * Fetches attachment bytes from a platform's file host. Only hosts on the allow list are ever
 * contacted (the platform's CDN plus DOWNLOAD_ALLOWED_HOSTS), redirects included: each hop is
 * checked and a refused hop says so. Platform auth headers go only where `headersFor` allows.
 * A download that stalls (no bytes for `stallMs`) or runs past `deadlineMs` is given up, and the
 * caller's signal (Stop) cancels it, so one slow file never holds a conversation.
 */
import { InputError } from '../common/errors.js';
import { isAllowedHost } from './allowed-hosts.js';
import { type DownloadTimers, startTimers } from './download-timers.js';

export { isAllowedHost } from './allowed-hosts.js';

export interface DownloadPolicy {
  /** host or host:port entries (a bare host allows only the standard port). */
  allowedHosts: readonly string[];
  /** Give up when no bytes arrive for this long (default 30 s). */
  stallMs?: number;
  /** Give up when the whole download takes longer (default 180 s). */
  deadlineMs?: number;
}

export interface DownloadOptions {
  /** Headers for the first request only (dropped on redirects). */
  headers?: Record<string, string>;
  /** Headers per hop (e.g. a platform token only for the platform's own hosts); wins over `headers`. */
  headersFor?: (url: URL) => Record<string, string> | undefined;
  signal?: AbortSignal;
  what?: string;
  /** The file itself is a web page: an HTML answer is then not a sign-in page. */
  expectHtml?: boolean;
}

const MAX_HOPS = 5;

function checkUrl(url: URL, policy: DownloadPolicy, what: string, hop: number): void {
  if (!/^https?:$/.test(url.protocol))
    throw new InputError(
      'INPUT.FILE_HOST_NOT_ALLOWED',
      `${what} has a ${url.protocol.replace(':', '')} link; only http(s) links are downloaded.`,
    );
  if (isAllowedHost(url, policy)) return;
  if (hop > 0)
    throw new InputError(
      'INPUT.FILE_REDIRECT_REFUSED',
      `The link to ${what} redirects to ${url.host}, which is not an allowed download host, so it was not followed. An admin can add ${url.host} to DOWNLOAD_ALLOWED_HOSTS.`,
    );
  throw new InputError(
    'INPUT.FILE_HOST_NOT_ALLOWED',
    `Files from ${url.host} are not downloaded. An admin can add the host to DOWNLOAD_ALLOWED_HOSTS.`,
  );
}

function parseUrl(rawUrl: string, what: string | undefined): URL {
  try {
    return new URL(rawUrl);
  } catch {
    throw new InputError(
      'INPUT.BAD_FILE_URL',
      `${what ? `The file ${what}` : 'That file'} has no usable link. Please attach it again.`,
    );
  }
}

/** Follows redirects by hand, checking each hop; resolves with the final response. */
async function fetchChecked(
  start: URL,
  policy: DownloadPolicy,
  opts: DownloadOptions,
  timers: DownloadTimers,
) {
  const what = opts.what ?? 'that file';
  let url = start;
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    checkUrl(url, policy, hop === 0 ? (opts.what ?? 'That file') : what, hop);
    const headers = opts.headersFor ? opts.headersFor(url) : hop === 0 ? opts.headers : undefined;
    const res = await fetch(url, {
      redirect: 'manual',
      signal: timers.signal,
      ...(headers ? { headers } : {}),
    }).catch((err: unknown) => {
      throw timers.explain(err, what);
    });
    timers.touch();
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return res;
    await res.body?.cancel().catch(() => undefined);
    url = new URL(location, url);
  }
  throw new InputError(
    'INPUT.FILE_DOWNLOAD_FAILED',
    `The link to ${what} redirects more than ${MAX_HOPS} times, so it was not followed. Please attach the file itself.`,
  );
}

export async function openDownload(
  rawUrl: string,
  policy: DownloadPolicy,
  opts: DownloadOptions = {},
): Promise<AsyncIterable<Uint8Array>> {
  const url = parseUrl(rawUrl, opts.what);
  checkUrl(url, policy, opts.what ?? 'That file', 0);
  const timers = startTimers(policy, opts.signal);
  try {
    const res = await fetchChecked(url, policy, opts, timers);
    if (!res.ok || !res.body)
      throw new InputError(
        'INPUT.FILE_DOWNLOAD_FAILED',
        `Could not download ${opts.what ?? 'the file'} (HTTP ${res.status}). Please attach it again.`,
      );
    const type = res.headers.get('content-type') ?? '';
    if (!opts.expectHtml && /^text\/html\b/i.test(type)) {
      await res.body.cancel().catch(() => undefined);
      throw new InputError(
        'INPUT.FILE_SIGN_IN_PAGE',
        `The file host answered with a web page (most likely a sign-in page) instead of ${opts.what ?? 'the file'}, so the bot cannot read it. Check that the bot may access the file, then share it again.`,
      );
    }
    return timers.guard(res.body as unknown as AsyncIterable<Uint8Array>, opts.what ?? 'the file');
  } catch (err) {
    timers.clear();
    throw err;
  }
}
