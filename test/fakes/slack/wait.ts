/** Event-driven waiting: the probe re-runs on every state change (API call, ack, delivery). */
import { createWaitFor, type WaitFor } from '../wait-for.js';
import type { SlackState } from './state.js';

export type { WaitFor };

export function makeWaitFor(state: SlackState, defaultTimeout: number): WaitFor {
  return createWaitFor(state, defaultTimeout, {
    name: 'fake slack',
    recent: () =>
      `calls: ${state.calls
        .slice(-6)
        .map((c) => `${c.method}${c.ok ? '' : ` (${c.error})`}`)
        .join(', ')}`,
  });
}
