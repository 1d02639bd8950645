// Listening and closing: the steps a relay runs in order when it starts serving and when it stops.
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { localUrl } from './paths.js';

/**
 * Listen on `port` and `host`; resolves with a local URL and the port in use (0 picks a free one).
 * @example const { url, port } = await listenOn(httpServer, 0, '127.0.0.1')
 */
export async function listenOn(
  httpServer: HttpServer,
  port: number,
  host: string,
): Promise<{ url: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const actual = (httpServer.address() as AddressInfo).port;
  return { url: localUrl(host, actual), port: actual };
}

/** What a closing relay stops, in order. */
export interface Closable {
  httpServer: HttpServer;
  io: { close(): Promise<void> };
  ready: Promise<unknown>;
  engine: { stop(): void; idle(): Promise<void> };
  /** A cluster node: hands the routing core over (if it owns it) and leaves Redis. */
  cluster?: { close(): Promise<void> };
  wallboard: { stop(): void };
  webhooks: { stop(): Promise<void> };
  store: { close(): Promise<void> };
  logger: { info(message: string): void };
}

/**
 * Stop accepting, disconnect every socket, finish queued commands, close the store.
 * @example await closeRelay({ httpServer, io: transport.io, ready, engine, wallboard, webhooks, store, logger })
 */
export async function closeRelay(parts: Closable): Promise<void> {
  const { httpServer, ready, engine, wallboard, webhooks, store, logger } = parts;
  // Idle keep-alive connections close with the server; give busy ones a moment.
  const force = setTimeout(() => httpServer.closeAllConnections(), 2_000);
  force.unref();
  await parts.io.close();
  clearTimeout(force);
  await ready.catch(() => undefined);
  await parts.cluster?.close();
  engine.stop();
  wallboard.stop();
  await engine.idle();
  await webhooks.stop();
  await store.close();
  logger.info('closed');
}
