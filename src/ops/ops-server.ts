/**
 * The operations endpoints on their own port (OPS_PORT): `/livez` (the process answers),
 * `/readyz` (200 or 503 with the reasons as JSON) and `/metrics` (Prometheus text format).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';
import type { Readiness } from './readiness.js';

export interface OpsServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startOpsServer(
  config: { port: number; host: string },
  deps: { metrics: Metrics; readiness: Readiness; logger: Logger },
): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed\n');
    if (path === '/livez') return send(200, 'text/plain', 'ok\n');
    if (path === '/readyz') {
      void deps.readiness.check().then(
        (report) => send(report.ready ? 200 : 503, 'application/json', `${JSON.stringify(report)}\n`),
        () => send(503, 'application/json', '{"ready":false}\n'),
      );
      return;
    }
    if (path === '/metrics') {
      void deps.metrics.registry.metrics().then(
        (text) => send(200, deps.metrics.registry.contentType, text),
        (err: unknown) => {
          deps.logger.error({ err }, 'metrics scrape failed');
          send(500, 'text/plain', 'metrics failed\n');
        },
      );
      return;
    }
    send(404, 'text/plain', 'not found: try /livez, /readyz or /metrics\n');
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  deps.logger.info({ port, host: config.host }, 'ops endpoints listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
