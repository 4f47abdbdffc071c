/**
 * The spend summary an admin can opt a channel into: after each week (Monday 00:00 UTC) or month
 * (the 1st, 00:00 UTC) the bot posts the finished period's spend there, as a chart with the numbers
 * as text. Checked every few minutes and once at start; each summary is claimed once in the store
 * (`add`), so several instances never post it twice, and a missed one is posted after a restart.
 */
import type { Logger } from 'pino';
import type { Governance } from '../policy/governance-store.js';
import type { StateStore } from '../state/store.js';
import type { Platform } from '../surface/reply-surface.js';
import type { Surfaces } from '../surface/surface-factories.js';
import type { Ledger } from '../usage/ledger.js';
import { usd } from '../usage/periods.js';
import type { SeriesBy } from './spend-series.js';
import { limitsFor, usageChart } from './usage-chart.js';

export type SummaryEvery = 'week' | 'month';

export interface SummarySubscription {
  platform: Platform;
  serverId?: string;
  channelId: string;
  every: SummaryEvery;
  by: SeriesBy;
  /** The admin who opted in (the surface posts as the bot on their behalf). */
  userId: string;
  /** Key of the last period already summarised (or finished before the opt-in). */
  lastKey: string;
}

export interface SpendSummaries {
  set(sub: Omit<SummarySubscription, 'lastKey'>): Promise<{ nextAt: number }>;
  remove(where: { platform: string; serverId?: string; channelId: string }): Promise<boolean>;
  /** Posts every summary that is due now; resolves with how many were posted. */
  tick(): Promise<number>;
  start(): void;
  close(): void;
}

const DAY = 24 * 60 * 60 * 1000;
const CLAIM_MS = 40 * DAY;

/** The finished period just before `now`: [from, to) and its key. */
export function lastFinished(every: SummaryEvery, now: number): { from: number; to: number; key: string } {
  const d = new Date(now);
  if (every === 'month') {
    const to = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1);
    return { from, to, key: `m${new Date(from).toISOString().slice(0, 7)}` };
  }
  const today = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const to = today - ((d.getUTCDay() + 6) % 7) * DAY; // this week's Monday
  const from = to - 7 * DAY;
  return { from, to, key: `w${new Date(from).toISOString().slice(0, 10)}` };
}

export function nextSummaryAt(every: SummaryEvery, now: number): number {
  const current = lastFinished(every, now);
  return every === 'week'
    ? current.to + 7 * DAY
    : Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth() + 1, 1);
}

const idOf = (w: { platform: string; serverId?: string; channelId: string }) =>
  `${w.platform}:${w.serverId ?? 'dm'}:${w.channelId}`;

export function createSpendSummaries(deps: {
  store: StateStore;
  ledger: Pick<Ledger, 'between'>;
  governance: { get(where: { platform: string; serverId?: string }): Promise<Governance> };
  surfaces: Surfaces;
  logger: Logger;
  now: () => number;
  checkEveryMs?: number;
}): SpendSummaries {
  const subs = deps.store.namespace('spend-summaries');
  const claims = deps.store.namespace('spend-summaries.sent');
  let timer: NodeJS.Timeout | undefined;

  async function post(sub: SummarySubscription, period: ReturnType<typeof lastFinished>): Promise<void> {
    const where = { platform: sub.platform, ...(sub.serverId ? { serverId: sub.serverId } : {}) };
    const label = `${new Date(period.from).toISOString().slice(0, 10)} to ${new Date(period.to - 1).toISOString().slice(0, 10)}`;
    const chart = await usageChart(deps.ledger, {
      where,
      from: period.from,
      to: period.to,
      by: sub.by,
      title: `${sub.every === 'week' ? 'Weekly' : 'Monthly'} spend ${label} (UTC)`,
      limits: limitsFor(await deps.governance.get(where)),
    });
    const surface = await deps.surfaces.open(
      {
        platform: sub.platform,
        channelId: sub.channelId,
        ...(sub.serverId ? { serverId: sub.serverId } : {}),
      },
      sub.userId,
    );
    if (!surface) throw new Error(`${sub.platform} is not connected`);
    await surface.post({
      text: `📊 ${chart.text}\n-# ${usd(chart.total)} in all · /config summary every:off stops these`,
      files: [
        { name: `spend-${period.key}.png`, contentType: 'image/png', data: chart.png, alt: chart.text },
      ],
    });
  }

  async function tick(): Promise<number> {
    let posted = 0;
    for await (const [id, sub] of subs.entries<SummarySubscription>()) {
      const period = lastFinished(sub.every, deps.now());
      if (sub.lastKey === period.key) continue;
      if (!(await claims.add(`${id}:${period.key}`, deps.now(), CLAIM_MS))) continue;
      try {
        await post(sub, period);
        posted++;
        await subs.set(id, { ...sub, lastKey: period.key });
      } catch (err) {
        // given back, so the next check (here or on another instance) tries again
        await claims.delete(`${id}:${period.key}`).catch(() => false);
        deps.logger.warn(
          { err, channel: sub.channelId, period: period.key },
          'could not post the spend summary',
        );
      }
    }
    return posted;
  }

  return {
    async set(sub) {
      const now = deps.now();
      await subs.set(idOf(sub), { ...sub, lastKey: lastFinished(sub.every, now).key });
      return { nextAt: nextSummaryAt(sub.every, now) };
    },
    remove: (where) => subs.delete(idOf(where)),
    tick,
    start() {
      const run = () =>
        void tick().catch((err: unknown) => deps.logger.warn({ err }, 'spend summary check failed'));
      run();
      timer = setInterval(run, deps.checkEveryMs ?? 10 * 60 * 1000);
      timer.unref();
    },
    close() {
      if (timer) clearInterval(timer);
    },
  };
}
