/**
 * Readiness: ready only while every configured platform is connected, the state store answers,
 * and shutdown has not begun (from that moment on it stays not ready).
 */
import type { StateStore } from '../state/store.js';

export interface ReadinessReport {
  ready: boolean;
  shuttingDown: boolean;
  store: boolean;
  platforms: Record<string, boolean>;
}

export interface Readiness {
  /** A platform the bot must be connected to; `connected` is asked at every check. */
  addPlatform(name: string, connected: () => boolean): void;
  beginShutdown(): void;
  readonly shuttingDown: boolean;
  check(): Promise<ReadinessReport>;
}

export function createReadiness(
  config: { storeTimeoutMs?: number },
  deps: { store: Pick<StateStore, 'namespace'> },
): Readiness {
  const platforms = new Map<string, () => boolean>();
  const probe = deps.store.namespace('ops');
  const timeoutMs = config.storeTimeoutMs ?? 2_000;
  let shuttingDown = false;

  async function storeAnswers(): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const asked = probe.get('ping').then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([asked, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    addPlatform(name, connected) {
      platforms.set(name, connected);
    },
    beginShutdown() {
      shuttingDown = true;
    },
    get shuttingDown() {
      return shuttingDown;
    },
    async check() {
      const status = Object.fromEntries([...platforms].map(([name, connected]) => [name, connected()]));
      const store = shuttingDown ? false : await storeAnswers();
      const ready = !shuttingDown && store && Object.values(status).every(Boolean);
      return { ready, shuttingDown, store, platforms: status };
    },
  };
}
