// The widget's and the console's built files, with their caching and security headers.
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../../config.js';
import { text } from '../respond.js';
import { fileStats, safeJoin, sendFile } from '../static.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The console's Content-Security-Policy: its own scripts, styles and socket only. Inline `style`
 * attributes set by Preact and uPlot go through the CSSOM, which `style-src` does not restrict.
 * Images: its own, `data:` (the favicon), and `https:` (images in article previews, already
 * sanitised). The CSV download is a `blob:` link navigation, which CSP does not govern. Nothing may
 * frame it (`frame-ancestors`; `X-Frame-Options` for older browsers).
 */
const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers of the console's pages (not its hashed assets). */
const CONSOLE_PAGE_HEADERS = {
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
} as const;

/**
 * Files of a build that are for debugging only: source maps (they hold the source) and Vite's
 * manifest (it lists every chunk), or any other dot-folder or dotfile. `rel` is decoded first, so
 * `%2Emap` is caught too.
 */
function isDebugFile(rel: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return false; // safeJoin refuses it anyway
  }
  const segments = decoded.toLowerCase().split('/');
  return (
    segments.some((s) => s.startsWith('.') && s !== '.' && s !== '..') ||
    decoded.toLowerCase().endsWith('.map')
  );
}

async function distReady(dist: string | null): Promise<boolean> {
  if (!dist) return false;
  try {
    return (await stat(dist)).isDirectory();
  } catch {
    return false;
  }
}

async function serveFrom(
  config: Partial<Pick<Config, 'serveSourceMaps'>>,
  req: IncomingMessage,
  res: ServerResponse,
  dist: string | null,
  rel: string,
  label: string,
  headers: Record<string, string>,
): Promise<'sent' | 'missing'> {
  if (!(await distReady(dist))) {
    text(res, 503, `The ${label} is not built yet: run pnpm build.\n`, {
      'Cache-Control': 'no-store',
    });
    return 'sent';
  }
  // Source maps and the build manifest only when asked for (`serveSourceMaps`).
  if (!config.serveSourceMaps && isDebugFile(rel)) return 'missing';
  const path = safeJoin(dist!, rel);
  const stats = path && (await fileStats(path));
  if (!path || !stats) return 'missing';
  await sendFile(req, res, path, stats, headers);
  return 'sent';
}

/**
 * `/widget.js` (short cache) and `/widget/…` (immutable), readable from any origin.
 * @example await serveWidget(req, res, path, paths.widgetDist, config)
 */
export async function serveWidget(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  widgetDist: string | null,
  config: Partial<Pick<Config, 'serveSourceMaps'>>,
): Promise<void> {
  const cors = {
    'Access-Control-Allow-Origin': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
  };
  const headers =
    path === '/widget.js'
      ? { 'Cache-Control': 'public, max-age=300', ...cors }
      : { 'Cache-Control': IMMUTABLE, ...cors };
  const outcome = await serveFrom(config, req, res, widgetDist, path.slice(1), 'widget', headers);
  if (outcome === 'sent') return;
  return text(res, 404, 'Not found.\n');
}

/**
 * `/console/…`: hashed assets (immutable), other files, else the SPA's index for its routes.
 * @example await serveConsole(req, res, path, paths.consoleDist, config)
 */
export async function serveConsole(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  consoleDist: string | null,
  config: Partial<Pick<Config, 'serveSourceMaps'>>,
): Promise<void> {
  const rel = path.slice('/console/'.length);
  if (rel.startsWith('assets/')) {
    const outcome = await serveFrom(config, req, res, consoleDist, rel, 'console', {
      'Cache-Control': IMMUTABLE,
    });
    if (outcome === 'sent') return;
    return text(res, 404, 'Not found.\n');
  }
  // A file of the console (favicon...), else the SPA's index for its client-side routes.
  if (rel !== '' && rel !== 'index.html') {
    const outcome = await serveFrom(config, req, res, consoleDist, rel, 'console', {
      'Cache-Control': 'no-cache',
      ...CONSOLE_PAGE_HEADERS,
    });
    if (outcome === 'sent') return;
  }
  const outcome = await serveFrom(config, req, res, consoleDist, 'index.html', 'console', {
    'Cache-Control': 'no-cache',
    ...CONSOLE_PAGE_HEADERS,
  });
  if (outcome === 'sent') return;
  return text(res, 503, 'The console is not built yet: run pnpm build.\n');
}
