// Types of local-postgres.mjs, for the TypeScript test harness that wraps it.

/** A running throwaway server. */
export interface PostgresServer {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres`: the superuser, over TCP. */
  url: string;
  port: number;
  /** The superuser's password (TCP connections must give it; the Unix socket trusts). */
  password: string;
  /** Stop at once, as a crash would (`-m immediate`); the data stays for `start`. */
  stop(): Promise<void>;
  /** Start again on the same port, after `stop`. */
  start(): Promise<void>;
  /**
   * Freeze the server's processes (SIGSTOP): connections stay open and nothing answers, as in a
   * network partition. `resume` thaws them.
   */
  pause(): void;
  resume(): void;
  /** Stop it and delete its directory. */
  destroy(): Promise<void>;
}

/** How a throwaway server runs. */
export interface StartOptions {
  /**
   * Keep every commit across `stop` (an immediate stop is a crash): synchronous_commit stays on.
   * @default false
   */
  keepCommits?: boolean;
  /** A real server's durability settings (fsync, full page writes, synchronous commit). */
  durable?: boolean;
}

export function startPostgres(options?: StartOptions): Promise<PostgresServer>;
export function freePort(): Promise<number>;
