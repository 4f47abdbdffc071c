/**
 * Socket Mode: apps.connections.open (app token) hands out a one-time `ws://` URL; on connect the
 * fake says `hello`, then sends envelopes and records the client's acks by envelope_id. Unacked
 * envelopes can be redelivered with `retry_attempt`. `disconnect` frames ask the client to reconnect.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { SlackState } from './state.js';

export interface SocketConnection {
  socket: WebSocket;
  ticket: string;
  openedAt: number;
  closedAt?: number;
}

export interface Envelope {
  envelope_id: string;
  type: 'events_api' | 'slash_commands' | 'interactive';
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface Ack {
  envelope_id: string;
  payload: unknown;
  at: number;
}

export class FakeSocketMode {
  readonly connections: SocketConnection[] = [];
  readonly sent: Array<Envelope & { at: number }> = [];
  readonly acks: Ack[] = [];
  /** Frames the client sent that were not acks (for assertions). */
  readonly other: unknown[] = [];
  private readonly tickets = new Set<string>();
  /** Envelopes already sent again (the retry stands for them). */
  private readonly redelivered = new Set<string>();
  /** Round-robin position over the open connections. */
  private turn = 0;
  private readonly wss = new WebSocketServer({ noServer: true });

  constructor(
    server: Server,
    private readonly state: SlackState,
  ) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', state.origin);
      const ticket = url.searchParams.get('ticket') ?? '';
      if (url.pathname !== '/link/' || !this.tickets.delete(ticket)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, ticket));
    });
  }

  /** The apps.connections.open answer. */
  open(): { url: string } {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    const host = this.state.origin.replace(/^http/, 'ws');
    return { url: `${host}/link/?ticket=${ticket}&app_id=${this.state.id.appId}` };
  }

  private accept(socket: WebSocket, ticket: string): void {
    const conn: SocketConnection = { socket, ticket, openedAt: Date.now() };
    this.connections.push(conn);
    socket.on('message', (raw) => {
      let frame: { envelope_id?: string; payload?: unknown };
      try {
        frame = JSON.parse(raw.toString()) as typeof frame;
      } catch {
        this.other.push(raw.toString());
        return;
      }
      if (typeof frame.envelope_id === 'string')
        this.acks.push({ envelope_id: frame.envelope_id, payload: frame.payload, at: Date.now() });
      else this.other.push(frame);
      this.state.notify();
    });
    socket.on('close', () => {
      conn.closedAt = Date.now();
      this.state.notify();
    });
    socket.on('error', () => {});
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.openConnections().length,
        debug_info: { host: 'applink-fake-1', build_number: 1, approximate_connection_time: 18_060 },
        connection_info: { app_id: this.state.id.appId },
      }),
    );
    this.state.notify();
  }

  openConnections(): SocketConnection[] {
    return this.connections.filter((c) => c.socket.readyState === c.socket.OPEN);
  }

  /**
   * Sends an envelope on one open connection, taking them in turn (Slack spreads an app's events over
   * its open connections, up to 10: one per instance); false when none is open.
   */
  send(envelope: Envelope): boolean {
    const open = this.openConnections();
    const conn = open[this.turn++ % Math.max(1, open.length)];
    if (!conn) return false;
    this.sent.push({ ...envelope, at: Date.now() });
    conn.socket.send(JSON.stringify(envelope));
    this.state.notify();
    return true;
  }

  ackFor(envelopeId: string): Ack | undefined {
    return this.acks.find((a) => a.envelope_id === envelopeId);
  }

  /** Sends every unacked envelope again with retry_attempt + 1 (Slack does after ~3 s). */
  redeliverUnacked(reason = 'timeout'): Envelope[] {
    const again: Envelope[] = [];
    for (const e of [...this.sent]) {
      if (this.ackFor(e.envelope_id) || this.redelivered.has(e.envelope_id)) continue;
      this.redelivered.add(e.envelope_id);
      const { at: _at, ...rest } = e as Envelope & { at?: number };
      const next = {
        ...rest,
        envelope_id: randomUUID(),
        retry_attempt: (e.retry_attempt ?? 0) + 1,
        retry_reason: reason,
      };
      if (this.send(next)) again.push(next);
    }
    return again;
  }

  /** Slack's `disconnect` frame (e.g. refresh_requested): a good client reconnects. */
  requestDisconnect(reason = 'refresh_requested'): void {
    for (const c of this.openConnections())
      c.socket.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake-1' } }));
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
