/**
 * Delivering to the app as Slack does: signed HTTP requests (events JSON, slash commands form-encoded,
 * interactions as a `payload` form field) or Socket Mode envelopes, with retries, bad signatures and
 * stale timestamps on request. Returns the app's status and the time it took to ack.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { FakeSocketMode } from './socket.js';
import type { SlackState } from './state.js';
import type { Inbound, SendOptions, SendResult } from './types.js';

export function slackSignature(secret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

function encode(inbound: Inbound): { body: string; type: string } {
  if (inbound.type === 'events_api') return { body: JSON.stringify(inbound.body), type: 'application/json' };
  if (inbound.type === 'slash_commands')
    return { body: new URLSearchParams(inbound.body).toString(), type: 'application/x-www-form-urlencoded' };
  return {
    body: new URLSearchParams({ payload: JSON.stringify(inbound.body) }).toString(),
    type: 'application/x-www-form-urlencoded',
  };
}

function assertLoopback(to: string): void {
  const host = new URL(to).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]')
    throw new Error(`fake slack: refusing to send to non-loopback ${host}`);
}

export async function sendHttp(
  state: SlackState,
  to: string,
  inbound: Inbound,
  opts: SendOptions,
): Promise<SendResult> {
  assertLoopback(to);
  const { body, type } = encode(inbound);
  const now = Math.floor(Date.now() / 1000);
  const timestamp = opts.stale ? now - 6 * 60 : now;
  const secret = opts.badSignature ? `${state.id.signingSecret}-wrong` : state.id.signingSecret;
  const headers: Record<string, string> = {
    'content-type': type,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
  if (!opts.unsigned) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = slackSignature(secret, timestamp, body);
  }
  if (opts.retry) {
    headers['x-slack-retry-num'] = String(opts.retry.num);
    headers['x-slack-retry-reason'] = opts.retry.reason ?? 'http_timeout';
  }
  const started = Date.now();
  const res = await fetch(to, { method: 'POST', headers, body });
  const text = await res.text();
  const result: SendResult = { status: res.status, ackMs: Date.now() - started, body: text };
  if (inbound.type === 'events_api') result.eventId = inbound.body.event_id;
  state.notify();
  return result;
}

export async function sendSocket(
  state: SlackState,
  socket: FakeSocketMode,
  inbound: Inbound,
  opts: SendOptions,
): Promise<SendResult> {
  const envelope_id = randomUUID();
  const payload = inbound.body as Record<string, unknown>;
  const started = Date.now();
  const sent = socket.send({
    envelope_id,
    type: inbound.type,
    payload,
    accepts_response_payload: inbound.type === 'slash_commands',
    ...(opts.retry || inbound.type === 'events_api'
      ? {
          retry_attempt: opts.retry?.num ?? 0,
          retry_reason: opts.retry?.reason ?? (opts.retry ? 'timeout' : ''),
        }
      : {}),
  });
  if (!sent) throw new Error('fake slack: no Socket Mode connection is open (did the app start?)');
  const ack = await new Promise<ReturnType<FakeSocketMode['ackFor']>>((resolve) => {
    const check = () => {
      const a = socket.ackFor(envelope_id);
      if (!a) return;
      done();
      resolve(a);
    };
    const off = state.onChange(check);
    const timer = setTimeout(() => {
      done();
      resolve(undefined);
    }, opts.ackTimeoutMs ?? 3_000);
    const done = () => {
      off();
      clearTimeout(timer);
    };
    check();
  });
  return {
    status: ack ? 200 : 0,
    ackMs: (ack?.at ?? Date.now()) - started,
    body: ack ? JSON.stringify(ack.payload ?? {}) : '',
    envelopeId: envelope_id,
    ...(inbound.type === 'events_api' ? { eventId: inbound.body.event_id } : {}),
  };
}
