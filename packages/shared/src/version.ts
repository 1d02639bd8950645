/**
 * The wire protocol version. Sent by every client in its socket.io handshake (`auth.protocol`);
 * a mismatch is refused with `PROTOCOL_MISMATCH` before any frame is exchanged.
 * Within a version only optional fields and new union members may be added.
 * @example io(url + '/visitor', { auth: { protocol: PROTOCOL_VERSION } })
 */
export const PROTOCOL_VERSION = 1;

/** The socket.io event name that carries every frame, in both directions. */
export const FRAME_EVENT = 'frame';

/** socket.io namespaces, one per role. */
export const NAMESPACES = { visitor: '/visitor', agent: '/agent' } as const;
