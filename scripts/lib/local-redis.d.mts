// Types of local-redis.mjs, for the TypeScript test harness that wraps it.

/** A running throwaway Redis. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` (no password: loopback only). */
  readonly url: string;
  port: number;
  /** Stop at once, as a crash would (SIGKILL); nothing is kept (persistence is off). */
  stop(): Promise<void>;
  /** Start again on the same port, empty, after `stop`. */
  start(): Promise<void>;
  /** Freeze the server (SIGSTOP): connections stay open and nothing answers. `resume` thaws it. */
  pause(): void;
  resume(): void;
  /** Stop it and delete its directory. */
  destroy(): Promise<void>;
}

export function startRedis(): Promise<RedisServer>;
