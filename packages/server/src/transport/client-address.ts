import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** What `clientAddress` reads of a request: its headers and the socket's peer address. */
export type AddressSource = Pick<IncomingMessage, 'headers'> & {
  socket?: { remoteAddress?: string | undefined } | null;
};

/** One address as written by a proxy: bare, `1.2.3.4:port` or `[v6]:port`; null if not an IP. */
function parseAddress(raw: string): string | null {
  const entry = raw.trim();
  if (isIP(entry)) return normalise(entry);
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(entry)?.[1];
  if (v4WithPort && isIP(v4WithPort)) return v4WithPort;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(entry)?.[1];
  if (bracketed && isIP(bracketed)) return normalise(bracketed);
  return null;
}

/** One key per client: an IPv4 address seen through an IPv6 socket loses its `::ffff:` prefix. */
function normalise(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)?.[1];
  return mapped ?? address.toLowerCase();
}

/**
 * The client's address, for rate limits. With `trustProxy` 0, the socket's peer. Behind N trusted
 * proxies, the `X-Forwarded-For` entry N hops from the right (the one the outermost trusted proxy
 * wrote); when the header is absent, shorter than N or that entry is not an IP, the socket's peer.
 * Entries further left are written by the client and never trusted.
 * @example clientAddress(req, 1) // '203.0.113.7' for X-Forwarded-For: 10.0.0.1, 203.0.113.7
 */
export function clientAddress(req: AddressSource, trustProxy: number): string {
  const peer = normalise(req.socket?.remoteAddress ?? 'unknown');
  if (trustProxy <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const joined = Array.isArray(header) ? header.join(',') : (header ?? '');
  const hops = joined
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (hops.length < trustProxy) return peer;
  return parseAddress(hops[hops.length - trustProxy]!) ?? peer;
}
