import type { VisitorToServer } from '@switchboard/shared';

/** What the visitor presents when connecting: the token from an earlier welcome, if any. */
export interface TransportAuth {
  token?: string;
}

/**
 * Connection changes a transport reports. `refused` is a handshake the relay turned down (its
 * `error` is the raw error frame, decoded by the session); `closed` is a lost connection, with
 * `reconnecting` telling whether the transport is already trying again.
 */
export type TransportStatus =
  | { type: 'open' }
  | { type: 'closed'; reconnecting: boolean }
  | { type: 'refused'; error: unknown };

/**
 * The only I/O the session uses. Injected, so the session logic is tested by feeding frames through
 * a fake, and the socket.io adapter (`socket-transport.ts`) only translates.
 * @example const session = createSession({ transport: createSocketTransport({ relayUrl, siteId }), ... })
 */
export interface Transport {
  /**
   * Open the connection (again). `auth` is called on every attempt, automatic reconnections
   * included, so a token received after connecting is what the next handshake presents.
   */
  connect(auth: () => TransportAuth): void;
  /** Close the connection and stop reconnecting. */
  disconnect(): void;
  /** Send a request and resolve with the relay's raw reply frame; rejects on timeout or when offline. */
  emit(frame: VisitorToServer): Promise<unknown>;
  /** Send a frame the relay does not answer (typing). Dropped when offline. */
  send(frame: VisitorToServer): void;
  /** Frames pushed by the relay, raw: the session decodes them. Returns an unsubscribe. */
  onFrame(listener: (frame: unknown) => void): () => void;
  /** Connection changes. Returns an unsubscribe. */
  onStatus(listener: (status: TransportStatus) => void): () => void;
}
