// The cluster's own messages over Redis pub/sub: the owner's log to every node, and messages to one
// node (a forwarded command, its reply, a snapshot request). Pub/sub keeps each publisher's order
// and may drop messages while a connection is down: every message is numbered or answered, so a
// loss is seen (a gap in the log, an unanswered request) and repaired (a snapshot, a retry).
import { createClient } from 'redis';

export type RedisClient = ReturnType<typeof createClient>;

/** Channels, under one prefix (several clusters may share a Redis). */
export const channels = (prefix: string) => ({
  log: `${prefix}:log`,
  announce: `${prefix}:announce`,
  node: (id: string) => `${prefix}:node:${id}`,
});

export interface Bus {
  /** The publishing connection (also the socket.io adapter's, and snapshots' SET/GET). */
  readonly client: RedisClient;
  /**
   * Publish to a channel, as JSON: messages are commands, frames and log entries, plain data
   * (the core's state, with its maps, crosses as a snapshot: `put` with `encodeState`).
   */
  publish(channel: string, message: unknown): void;
  /** Listen on a channel (each message parsed from JSON). */
  subscribe(channel: string, listener: (message: unknown) => void): Promise<void>;
  /** Keep a large value for `ttlMs` (a snapshot), and read it back. */
  put(key: string, value: string, ttlMs: number): Promise<void>;
  take(key: string): Promise<string | null>;
  /** Whether both connections are up. */
  readonly connected: boolean;
  close(): Promise<void>;
}

/**
 * Connect to Redis at `url`: one connection to publish (and for plain commands), one to
 * subscribe. Both reconnect by themselves (node-redis backs off up to 2 s); `onError` hears of
 * each failure (a Redis that went away), so it is logged rather than thrown.
 * @example const bus = await connectBus('redis://127.0.0.1:6379', (e) => logger.warn(e))
 */
export async function connectBus(url: string, onError: (error: Error) => void): Promise<Bus> {
  const options = {
    url,
    socket: {
      connectTimeout: 5_000,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2_000),
    },
  };
  const client: RedisClient = createClient(options);
  client.on('error', onError);
  await client.connect();
  const subscriber = client.duplicate();
  subscriber.on('error', onError);
  await subscriber.connect();
  let closed = false;
  return {
    client,
    publish(channel, message) {
      if (closed) return;
      client.publish(channel, JSON.stringify(message)).catch(onError);
    },
    async subscribe(channel, listener) {
      await subscriber.subscribe(channel, (text: string) => {
        let message: unknown;
        try {
          message = JSON.parse(text);
        } catch (error) {
          onError(error as Error);
          return;
        }
        listener(message);
      });
    },
    async put(key, value, ttlMs) {
      await client.set(key, value, { expiration: { type: 'PX', value: ttlMs } });
    },
    take: (key) => client.get(key),
    get connected() {
      return client.isReady && subscriber.isReady;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([subscriber.close(), client.close()]);
    },
  };
}
