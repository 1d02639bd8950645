import type { IncomingMessage } from 'node:http';
import { createOpenCounter } from '../policy/rate-limit.js';
import { clientAddress } from './client-address.js';

/** `allConnectionsPerIp` when none is configured: this many above `connectionsPerIp`. */
export const ALL_CONNECTIONS_HEADROOM = 100;
/** A handshake that has not become a connection by then gives its slot back. */
const PENDING_MS = 30_000;

/** An engine.io connection as the cap sees it: the handshake's request, and its close. */
export interface CappedConnection {
  request: IncomingMessage;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * Raw engine.io connections open at once per client address, whatever namespace (if any) they go
 * on to join. A handshake takes a slot in `allowRequest`; the connection it becomes keeps it until
 * it closes; a handshake that never becomes one gives it back when its TCP socket closes (or after
 * 30 s).
 */
export interface ConnectionCap {
  /** For `allowRequest`: take a slot for this handshake, or false when its address is full. */
  admit(req: IncomingMessage): boolean;
  /** For the engine's `connection` event: the handshake's slot is held until the connection closes. */
  attach(connection: CappedConnection): void;
  /** Connections (and handshakes under way) from `address`. */
  count(address: string): number;
  /** The address a request is counted under. */
  addressOf(req: IncomingMessage): string;
}

/**
 * @example const cap = createConnectionCap(200, config.trustProxy); // allowRequest: if (!cap.admit(req)) refuse; io.engine.on('connection', cap.attach)
 */
export function createConnectionCap(limit: number, trustProxy: number): ConnectionCap {
  const open = createOpenCounter();
  /** Slots of handshakes not yet connections, by their request, with what gives each back. */
  const pending = new WeakMap<
    IncomingMessage,
    { release: () => void; timer: NodeJS.Timeout; giveBack: () => void }
  >();
  const addressOf = (req: IncomingMessage) => clientAddress(req, trustProxy);
  /** Take the handshake's slot out of `pending` (null if it is not there any more). */
  const claim = (req: IncomingMessage) => {
    const slot = pending.get(req);
    if (!slot) return null;
    pending.delete(req);
    clearTimeout(slot.timer);
    // A kept-alive TCP socket carries many handshakes: its listener must not outlive the slot.
    req.socket?.off('close', slot.giveBack);
    return slot.release;
  };
  return {
    admit(req) {
      const release = open.open(addressOf(req), limit);
      if (!release) return false;
      const giveBack = () => {
        if (pending.get(req)?.release === release) claim(req)?.();
      };
      const timer = setTimeout(giveBack, PENDING_MS);
      timer.unref?.();
      pending.set(req, { release, timer, giveBack });
      req.socket?.once('close', giveBack);
      return true;
    },
    attach(connection) {
      const release = claim(connection.request);
      if (release) connection.once('close', release);
    },
    count: (address) => open.count(address),
    addressOf,
  };
}
