import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** Headers a proxy adds: a request carrying any of them may come from anywhere. */
const PROXY_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'via',
] as const;

/** Whether an address is a loopback one (127.0.0.0/8, ::1, or 127.x seen through IPv6). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)?.[1];
  if (v4) return isIP(v4) === 4 && v4.startsWith('127.');
  return address === '::1' || address === '0:0:0:0:0:0:0:1';
}

/** Whether a `Host` header names this machine: `localhost`, `*.localhost`, 127.x or `[::1]`. */
export function isLocalHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = (/^\[([^\]]+)\](?::\d{1,5})?$/.exec(host)?.[1] ?? host.replace(/:\d{1,5}$/, ''))
    .toLowerCase()
    .replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost') || isLoopbackAddress(name);
}

/**
 * Whether a request comes from this machine directly: a loopback peer, a local `Host`, and no
 * proxy header (a proxy on this machine would make every visitor look local).
 * @example if (!isDirectLocalRequest(req)) return notFound()
 */
export function isDirectLocalRequest(
  req: Pick<IncomingMessage, 'headers'> & { socket?: { remoteAddress?: string | undefined } },
): boolean {
  return (
    isLoopbackAddress(req.socket?.remoteAddress) &&
    isLocalHost(req.headers.host) &&
    PROXY_HEADERS.every((name) => req.headers[name] === undefined)
  );
}
