/** The fake gateway: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeat acks, RESUME, dispatches. */
import type { Server } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';
import { apiUser, guildCreate } from './builders.js';
import type { FakeState } from './state.js';

export const HEARTBEAT_INTERVAL = 41_250;

export interface GatewaySession {
  socket: WebSocket;
  sessionId: string;
  intents: number | undefined;
  seq: number;
  ready: boolean;
  /** Every frame sent to this session (dispatches with t). */
  sent: Array<{ op: number; t?: string | null; d: unknown }>;
}

interface Frame {
  op: number;
  d?: unknown;
  s?: number | null;
  t?: string | null;
}

export class FakeGateway {
  readonly sessions = new Set<GatewaySession>();
  readonly wss: WebSocketServer;
  lastIntents: number | undefined;
  /** Every dispatch type sent, in order, across sessions (for assertions). */
  readonly dispatched: Array<{ t: string; d: unknown; at: number }> = [];
  /**
   * Test knob, not Discord behaviour: while set, user events reach only this session, as if it always
   * won the race to claim them (to put one event on one chosen instance of several).
   */
  onlyTo: GatewaySession | undefined;

  constructor(
    server: Server,
    private readonly state: FakeState,
  ) {
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (socket) => this.accept(socket));
  }

  private accept(socket: WebSocket): void {
    const session: GatewaySession = {
      socket,
      sessionId: this.state.nextId(),
      intents: undefined,
      seq: 0,
      ready: false,
      sent: [],
    };
    this.sessions.add(session);
    socket.on('message', (raw, isBinary) => {
      if (isBinary) {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      let frame: Frame;
      try {
        frame = JSON.parse(raw.toString()) as Frame;
      } catch {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      this.onFrame(session, frame);
    });
    socket.on('close', () => {
      this.sessions.delete(session);
      this.state.notify();
    });
    socket.on('error', () => {});
    this.send(session, { op: 10, d: { heartbeat_interval: HEARTBEAT_INTERVAL, _trace: ['fake-gateway'] } });
  }

  private onFrame(session: GatewaySession, frame: Frame): void {
    switch (frame.op) {
      case 1:
        this.send(session, { op: 11 });
        break;
      case 2: {
        const d = (frame.d ?? {}) as { token?: string; intents?: number };
        if (d.token !== this.state.token && d.token !== `Bot ${this.state.token}`) {
          session.socket.close(4004, 'Authentication failed.');
          return;
        }
        if (session.ready) {
          session.socket.close(4005, 'Already authenticated.');
          return;
        }
        session.intents = d.intents;
        this.lastIntents = d.intents;
        this.dispatchTo(session, 'READY', {
          v: 10,
          user: { ...apiUser(this.state.botUser), bot: true, verified: true, mfa_enabled: false, flags: 0 },
          user_settings: {},
          private_channels: [],
          guilds: [{ id: this.state.guildId, unavailable: true }],
          session_id: session.sessionId,
          session_type: 'normal',
          resume_gateway_url: `ws://${this.hostPort()}`,
          application: { id: this.state.applicationId, flags: 0 },
          shard: [0, 1],
          _trace: ['fake-gateway'],
        });
        this.dispatchTo(session, 'GUILD_CREATE', guildCreate(this.state));
        session.ready = true;
        this.state.notify();
        break;
      }
      case 6: {
        // RESUME: we keep no backlog, so just acknowledge.
        session.ready = true;
        this.dispatchTo(session, 'RESUMED', { _trace: ['fake-gateway'] });
        this.state.notify();
        break;
      }
      default:
        // Presence updates, voice state, request guild members … accepted and ignored.
        break;
    }
    this.state.notify();
  }

  private hostPort(): string {
    return this.state.origin.replace(/^https?:\/\//, '');
  }

  private send(session: GatewaySession, frame: Frame): void {
    session.sent.push({ op: frame.op, t: frame.t ?? null, d: frame.d });
    if (session.socket.readyState === session.socket.OPEN) session.socket.send(JSON.stringify(frame));
  }

  private dispatchTo(session: GatewaySession, t: string, d: unknown): void {
    session.seq += 1;
    this.send(session, { op: 0, t, s: session.seq, d });
  }

  readySessions(): GatewaySession[] {
    return [...this.sessions].filter((s) => s.ready && s.socket.readyState === s.socket.OPEN);
  }

  /**
   * Send a dispatch to every ready session whose intents include `intent` (a bit; undefined = always).
   * `d` may be a function of the session (e.g. to blank content without the MessageContent intent).
   * Returns the number of sessions that received it.
   */
  dispatch(t: string, d: unknown, intent?: number, perSession?: (s: GatewaySession) => unknown): number {
    this.dispatched.push({ t, d, at: Date.now() });
    let n = 0;
    for (const s of this.readySessions()) {
      if (this.onlyTo && s !== this.onlyTo) continue;
      if (intent !== undefined && ((s.intents ?? 0) & intent) === 0) continue;
      this.dispatchTo(s, t, perSession ? perSession(s) : d);
      n += 1;
    }
    this.state.notify();
    return n;
  }

  async close(): Promise<void> {
    for (const s of this.sessions) s.socket.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
