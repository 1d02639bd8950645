import { FRAME_EVENT, NAMESPACES, PROTOCOL_VERSION } from '@switchboard/shared';
import { WebSocket as WS } from 'engine.io-client';
import { io, type Socket } from 'socket.io-client';
import type { Transport, TransportAuth, TransportStatus } from './transport.js';

/** Options of {@link createSocketTransport}. */
export interface SocketTransportOptions {
  /** The relay's origin (and path prefix, if any). @example 'https://chat.example.com' */
  relayUrl: string;
  siteId: string;
  /** How long a request waits for its answer. @default 10000 */
  timeoutMs?: number;
}

/**
 * The real transport: socket.io on the relay's `/visitor` namespace, WebSocket first with long
 * polling as the fallback. It only translates; the session owns every decision.
 * @example createSession({ transport: createSocketTransport({ relayUrl, siteId: 'demo' }), ... })
 */
export function createSocketTransport(options: SocketTransportOptions): Transport {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const frameListeners = new Set<(frame: unknown) => void>();
  const statusListeners = new Set<(status: TransportStatus) => void>();
  let auth: () => TransportAuth = () => ({});
  let socket: Socket | null = null;

  const report = (status: TransportStatus) => {
    for (const listener of statusListeners) {
      try {
        listener(status);
      } catch (error) {
        console.error('[Switchboard] a transport listener failed', error);
      }
    }
  };

  /**
   * A WebSocket attempt failed with no answer from the relay: the relay may be down, or a proxy
   * or network policy blocks WebSocket. Load the long-polling transport (a lazy chunk) so that the
   * next attempt tries WebSocket, then HTTP long-polling (`tryAllTransports`), instead of retrying
   * a WebSocket that can never connect. The manager reads its options at every attempt.
   */
  let pollingAsked = false;
  function addPolling(s: Socket): void {
    if (pollingAsked) return;
    pollingAsked = true;
    void import('./polling.js').then(
      ({ XHR }) => {
        s.io.opts.transports = [WS, XHR];
      },
      () => {
        pollingAsked = false; // Not fetched (offline): asked again after the next failure.
      },
    );
  }

  function create(): Socket {
    const s = io(options.relayUrl.replace(/\/+$/, '') + NAMESPACES.visitor, {
      query: { site: options.siteId },
      // Asked on every attempt, so a reconnection presents the token from the latest welcome.
      auth: (cb) => {
        const { token } = auth();
        cb({ protocol: PROTOCOL_VERSION, ...(token ? { token } : {}) });
      },
      // WebSocket only at first (one round trip less, and the polling code is not loaded);
      // after an attempt fails without an answer, long-polling joins (see `addPolling`).
      transports: [WS],
      tryAllTransports: true,
      autoConnect: false,
      // Never share a connection with a host app's own socket.io-client (npm builds share the
      // module): the handshake's `site` query and auth are the widget's own.
      forceNew: true,
    });
    s.on('connect', () => report({ type: 'open' }));
    s.on('disconnect', (reason) => {
      // socket.io does not come back by itself after a server-side disconnect; we do, gently.
      if (reason === 'io server disconnect') setTimeout(() => socket === s && s.connect(), 1_000);
      report({ type: 'closed', reconnecting: reason !== 'io client disconnect' });
    });
    s.on('connect_error', (error: Error & { data?: unknown }) => {
      // A refusal by the relay's middleware carries an error frame; a network failure does not.
      if (!s.active || error.data !== undefined) report({ type: 'refused', error: error.data });
      else {
        addPolling(s);
        report({ type: 'closed', reconnecting: true });
      }
    });
    s.on(FRAME_EVENT, (frame: unknown) => {
      for (const listener of frameListeners) {
        try {
          listener(frame);
        } catch (error) {
          console.error('[Switchboard] a frame listener failed', error);
        }
      }
    });
    return s;
  }

  return {
    connect(next) {
      auth = next;
      socket ??= create();
      if (socket.connected) socket.disconnect();
      socket.connect();
    },
    disconnect() {
      socket?.disconnect();
    },
    emit(frame) {
      const s = socket;
      // socket.io would buffer it until reconnected, before our hello: refuse instead.
      if (!s?.connected) return Promise.reject(new Error('offline'));
      return s.timeout(timeoutMs).emitWithAck(FRAME_EVENT, frame) as Promise<unknown>;
    },
    send(frame) {
      if (socket?.connected) socket.emit(FRAME_EVENT, frame);
    },
    onFrame(listener) {
      frameListeners.add(listener);
      return () => frameListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
  };
}
