// The demo page, its own files, and the demo site's identity route.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import type { Config } from '../../config.js';
import { isDirectLocalRequest } from '../local-request.js';
import { apiError, json, text } from '../respond.js';

/** The demo page's own files, next to it (no inline script or style: it works under a strict CSP). */
const DEMO_ASSETS: Record<string, string> = {
  '/demo.css': 'text/css; charset=utf-8',
  '/demo.js': 'text/javascript; charset=utf-8',
};

/**
 * Where the demo page loads the widget from: the public URL when one is configured, else a path
 * on whatever origin served the page (`/widget.js`). Never the `Host` header, which the client
 * writes.
 */
function widgetBase(config: Pick<Config, 'publicUrl'>): string {
  return config.publicUrl ?? '';
}

/** The socket origins of a public URL (`https:` -> `wss:`), for `connect-src`. */
function socketOrigins(publicUrl: string | undefined): string[] {
  if (!publicUrl) return [];
  const url = new URL(publicUrl);
  const ws = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
  return [url.origin, ws];
}

/**
 * The demo page's Content-Security-Policy: scripts from here only; styles from here plus the
 * widget's (`'unsafe-inline'` on the plain page, the response's nonce on `?csp=strict`); the
 * socket to this origin or the public URL; images from here, `data:` and `https:` (article
 * previews); nothing may frame it.
 */
function demoCsp(publicUrl: string | undefined, nonce: string | null): string {
  const connect = ["'self'", ...socketOrigins(publicUrl)].join(' ');
  const relay = ["'self'", ...(publicUrl ? [new URL(publicUrl).origin] : [])].join(' ');
  return [
    "default-src 'self'",
    `script-src ${relay}`,
    `style-src 'self' ${nonce ? `'nonce-${nonce}'` : "'unsafe-inline'"}`,
    `img-src ${relay} data: https:`,
    `connect-src ${connect}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * `GET /`: the demo page, with the widget's base URL and (on `?csp=strict`) a nonce filled in.
 * @example await serveDemoPage(req, res, paths.demoPage, config)
 */
export async function serveDemoPage(
  req: IncomingMessage,
  res: ServerResponse,
  demoPage: string,
  config: Pick<Config, 'publicUrl'>,
): Promise<void> {
  const method = req.method ?? 'GET';
  // `?csp=strict`: the proof page. Scripts only from here, styles only from here or with
  // this response's nonce, which the snippet hands the widget (`data-nonce`).
  const strict = new URL(req.url ?? '/', 'http://relay').searchParams.get('csp') === 'strict';
  const nonce = strict ? randomBytes(16).toString('base64') : null;
  const html = (await readFile(demoPage, 'utf8'))
    .replaceAll('{{RELAY_URL}}', widgetBase(config))
    .replaceAll(' data-nonce="{{NONCE}}"', nonce ? ` data-nonce="${nonce}"` : '');
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(html)),
    'Cache-Control': 'no-cache',
    'Content-Security-Policy': demoCsp(config.publicUrl, nonce),
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
  });
  res.end(method === 'HEAD' ? undefined : html);
}

/**
 * The demo page's own files (`/demo.css`, `/demo.js`); false for any other path.
 * @example if (await serveDemoAsset(req, res, path, paths.demoPage)) return
 */
export async function serveDemoAsset(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  demoPage: string,
): Promise<boolean> {
  const method = req.method ?? 'GET';
  const assetType = DEMO_ASSETS[path];
  if (!assetType) return false;
  const body = await readFile(join(dirname(demoPage), path.slice(1)));
  res.writeHead(200, {
    'Content-Type': assetType,
    'Content-Length': String(body.length),
    'Cache-Control': 'no-cache',
  });
  res.end(method === 'HEAD' ? undefined : body);
  return true;
}

/**
 * `GET /demo/identity?userId=…`: the demo site's hash for a user id, to this machine only.
 * @example serveDemoIdentity(req, res, options.demoUserHash)
 */
export function serveDemoIdentity(
  req: IncomingMessage,
  res: ServerResponse,
  demoUserHash: ((userId: string) => string) | undefined,
): void {
  if (!demoUserHash) {
    text(res, 404, 'Not found.\n');
  } else if (!isDirectLocalRequest(req)) {
    // A valid hash for any user id: only for someone on this machine, never through a proxy.
    apiError(
      res,
      403,
      'FORBIDDEN',
      'The demo identity route answers only on this machine (loopback, no proxy).',
    );
  } else {
    const userId = new URL(req.url ?? '/', 'http://relay').searchParams.get('userId') ?? '';
    if (userId.length < 1 || userId.length > 128) {
      apiError(res, 400, 'BAD_REQUEST', 'userId must be 1 to 128 characters.');
    } else {
      json(res, 200, { userId, userHash: demoUserHash(userId) });
    }
  }
}
