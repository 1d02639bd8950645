import type { AgentToServer } from '@switchboard/shared';

/** A refused or failed connection attempt, as socket.io reports it. */
export interface ConnectFailure {
  /** For a refused handshake, the error code (see docs/relay-internals.md, "Wire contract"). */
  message: string;
  /** For a refused handshake, the relay's `ErrorFrame`. */
  data?: unknown;
}

/**
 * What the agent client needs from a connection. The socket.io implementation is
 * {@link createSocketTransport}; tests pass a fake that records frames and answers them.
 */
export interface AgentTransport {
  onConnect(listener: () => void): void;
  /** `willReconnect` is false when the relay or the console ended the connection for good. */
  onDisconnect(listener: (reason: string, willReconnect: boolean) => void): void;
  onConnectError(listener: (failure: ConnectFailure, willReconnect: boolean) => void): void;
  /** Every pushed frame, still undecoded. */
  onFrame(listener: (frame: unknown) => void): void;
  /** Emit a frame and wait for the relay's ack (one frame); rejects on timeout. */
  request(frame: AgentToServer, timeoutMs: number): Promise<unknown>;
  /** Emit a frame that is not answered (`chat.typing`). */
  send(frame: AgentToServer): void;
  close(): void;
}
