import { FRAME_EVENT, NAMESPACES, PROTOCOL_VERSION } from '@switchboard/shared';
import { io } from 'socket.io-client';
import type { AgentTransport } from './transport.js';

/**
 * Connect to the relay's `/agent` namespace on the console's own origin. WebSocket first, long
 * polling as the fallback; socket.io reconnects by itself and reuses the same token.
 * @example const transport = createSocketTransport(session.token)
 */
export function createSocketTransport(token: string, origin = ''): AgentTransport {
  const socket = io(`${origin}${NAMESPACES.agent}`, {
    auth: { protocol: PROTOCOL_VERSION, token },
    transports: ['websocket', 'polling'],
  });
  return {
    onConnect: (listener) => {
      socket.on('connect', listener);
    },
    onDisconnect: (listener) => {
      socket.on('disconnect', (reason) => listener(reason, socket.active));
    },
    onConnectError: (listener) => {
      socket.on('connect_error', (error) =>
        listener(
          { message: error.message, data: (error as { data?: unknown }).data },
          socket.active,
        ),
      );
    },
    onFrame: (listener) => {
      socket.on(FRAME_EVENT, listener);
    },
    request: (frame, timeoutMs) => socket.timeout(timeoutMs).emitWithAck(FRAME_EVENT, frame),
    send: (frame) => {
      socket.emit(FRAME_EVENT, frame);
    },
    close: () => {
      socket.disconnect();
    },
  };
}
