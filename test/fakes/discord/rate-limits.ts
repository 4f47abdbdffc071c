/**
 * 429 answers shaped like Discord's (developers/topics/rate-limits), served when a test asks for them.
 * A rule picks requests (method, path); every `every`-th matching request is answered 429 until `times`
 * 429s were served. Each 429 opens the bucket's window (`retryAfterMs`; a global rule: every route);
 * a request that arrives inside an open window is answered 429 as well and recorded as `early`, so a
 * client that does not honour the headers shows up in `served`.
 */
import { HttpError } from './http.js';

export interface RateLimitRule {
  /** Only this HTTP method (default: any). */
  method?: string;
  /** Only paths (after `/api/v10`) matching this (default: any). */
  path?: RegExp;
  /** How many 429s the rule serves in all, early ones not counted (default 1). */
  times?: number;
  /** Answer every n-th matching request (default 1: each one). */
  every?: number;
  /** How long the bucket stays limited after a 429 (default 250 ms). */
  retryAfterMs?: number;
  /** The global limit: `X-RateLimit-Global: true`, scope `global`, and every route waits. */
  global?: boolean;
  /** `X-RateLimit-Scope` (default `user`, or `global` for a global rule). */
  scope?: 'user' | 'global' | 'shared';
  /** `X-RateLimit-Bucket` (default a hash made from the rule's number). */
  bucket?: string;
  /** `X-RateLimit-Limit` (default 5). */
  limit?: number;
  /** A JSON error `code` in the body (Discord sends one for some limits, e.g. 20028). */
  code?: number;
}

export interface ServedRateLimit {
  method: string;
  path: string;
  at: number;
  /** When the window this 429 opened (or fell into) ends. */
  resetAt: number;
  /** The request came while the bucket was still limited: the client did not wait. */
  early: boolean;
  global: boolean;
}

interface ActiveRule {
  rule: Required<Omit<RateLimitRule, 'method' | 'path' | 'code'>> & RateLimitRule;
  seen: number;
  served: number;
  resetAt: number;
}

export class RateLimiter {
  readonly served: ServedRateLimit[] = [];
  private readonly rules: ActiveRule[] = [];

  add(rule: RateLimitRule): void {
    const global = rule.global ?? false;
    this.rules.push({
      rule: {
        times: 1,
        every: 1,
        retryAfterMs: 250,
        global,
        scope: global ? 'global' : 'user',
        bucket: `fakebucket${this.rules.length + 1}`,
        limit: 5,
        ...rule,
      },
      seen: 0,
      served: 0,
      resetAt: 0,
    });
  }

  clear(): void {
    this.rules.length = 0;
    this.served.length = 0;
  }

  /** Throws the 429 this request gets, if any. */
  check(method: string, path: string, at: number): void {
    for (const active of this.rules) {
      const { rule } = active;
      const matches = (!rule.method || rule.method === method) && (!rule.path || rule.path.test(path));
      if (at < active.resetAt && (matches || rule.global)) {
        throw this.tooMany(active, method, path, at, true);
      }
      if (!matches || active.served >= rule.times) continue;
      active.seen += 1;
      if (active.seen % rule.every !== 0) continue;
      active.served += 1;
      active.resetAt = at + rule.retryAfterMs;
      throw this.tooMany(active, method, path, at, false);
    }
  }

  private tooMany(active: ActiveRule, method: string, path: string, at: number, early: boolean) {
    const { rule, resetAt } = active;
    this.served.push({ method, path, at, resetAt, early, global: rule.global });
    return rateLimitError(rule, resetAt, (resetAt - at) / 1000);
  }
}

/** The 429 itself: Discord's headers and body. Seconds carry milliseconds as decimals. */
function rateLimitError(rule: ActiveRule['rule'], resetAt: number, seconds: number): HttpError {
  const headers: Record<string, string> = {
    'X-RateLimit-Limit': String(rule.limit),
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': (resetAt / 1000).toFixed(3),
    'X-RateLimit-Reset-After': seconds.toFixed(3),
    'X-RateLimit-Bucket': rule.bucket,
    'X-RateLimit-Scope': rule.scope,
    'Retry-After': String(Math.ceil(seconds)),
  };
  if (rule.global) headers['X-RateLimit-Global'] = 'true';
  const body = {
    message: 'You are being rate limited.',
    retry_after: Number(seconds.toFixed(3)),
    global: rule.global,
    ...(rule.code !== undefined ? { code: rule.code } : {}),
  };
  return new HttpError(429, body, headers);
}
