import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Config } from '../config.js';

/** The data dir is in use: a relay answers on the port, or holds the database open. */
export class DemoHistoryRefused extends Error {
  override name = 'DemoHistoryRefused';
}

/** True when something accepts TCP connections on the relay's configured port. */
function portInUse(host: string, port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(false);
  const target = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  return new Promise((resolve) => {
    const socket = connect({ host: target, port });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Why the data dir must not be filled now, or null: a relay listening on the configured port, or
 * the database's write-ahead log present (a relay has it open; a crash can leave it behind).
 * @example await demoHistoryBlocker(config) // 'a relay is listening on port 8080'
 */
export async function demoHistoryBlocker(
  config: Pick<Config, 'host' | 'port' | 'dataDir'>,
): Promise<string | null> {
  if (await portInUse(config.host, config.port)) {
    return `a relay is listening on port ${config.port}`;
  }
  if (existsSync(join(config.dataDir, 'switchboard.db-wal'))) {
    return `the database in ${config.dataDir} is open (switchboard.db-wal exists): stop the relay`;
  }
  return null;
}
