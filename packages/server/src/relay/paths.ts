// Where a relay finds the widget and console builds and the demo page, and the URL it shows.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StaticPaths } from '../http/handler.js';

/** The `dist/` folder of a workspace package, or null when the package cannot be found. */
function packageDist(name: string): string | null {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve(`${name}/package.json`)), 'dist');
  } catch {
    return null;
  }
}

/**
 * The static paths: the given ones, else the packages' builds and the demo page beside the server.
 * @example staticPaths(options.paths)
 */
export function staticPaths(given: Partial<StaticPaths> | undefined): StaticPaths {
  return {
    // `null` is kept: it means "not built" (tests use it); only undefined takes the default.
    widgetDist:
      given?.widgetDist !== undefined ? given.widgetDist : packageDist('@switchboard/widget'),
    consoleDist:
      given?.consoleDist !== undefined ? given.consoleDist : packageDist('@switchboard/console'),
    demoPage: given?.demoPage ?? fileURLToPath(new URL('../../demo/index.html', import.meta.url)),
  };
}

/** A URL clients on this machine can use for a listening address. */
export function localUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}
