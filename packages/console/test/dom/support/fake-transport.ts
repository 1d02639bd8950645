import type { AgentToServer } from '@switchboard/shared';
import type { AgentTransport, ConnectFailure } from '../../../src/client/transport.js';

/** How the fake relay answers a request: a frame, or `undefined` to never answer (a timeout). */
export type Responder = (frame: AgentToServer) => unknown;

/** An in-process stand-in for the relay's `/agent` socket: records frames, answers requests. */
export interface FakeTransport extends AgentTransport {
  /** Every frame the client emitted, requests and plain sends, in order. */
  sent: AgentToServer[];
  respond: Responder;
  connect(): void;
  disconnect(willReconnect?: boolean): void;
  fail(failure: ConnectFailure, willReconnect?: boolean): void;
  push(frame: unknown): void;
  closed: boolean;
  /** The sent frames of one type. */
  of<T extends AgentToServer['type']>(type: T): Extract<AgentToServer, { type: T }>[];
}

export function createFakeTransport(respond: Responder = () => ({ type: 'ok' })): FakeTransport {
  const on = {
    connect: [] as Array<() => void>,
    disconnect: [] as Array<(reason: string, willReconnect: boolean) => void>,
    error: [] as Array<(failure: ConnectFailure, willReconnect: boolean) => void>,
    frame: [] as Array<(frame: unknown) => void>,
  };
  const fake: FakeTransport = {
    sent: [],
    respond,
    closed: false,
    onConnect: (l) => void on.connect.push(l),
    onDisconnect: (l) => void on.disconnect.push(l),
    onConnectError: (l) => void on.error.push(l),
    onFrame: (l) => void on.frame.push(l),
    request(frame) {
      fake.sent.push(frame);
      const answer = fake.respond(frame);
      if (answer === undefined) return new Promise(() => {});
      // Answer asynchronously, as a real ack would arrive.
      return Promise.resolve().then(() => answer);
    },
    send(frame) {
      fake.sent.push(frame);
    },
    close() {
      fake.closed = true;
    },
    connect: () => {
      for (const l of on.connect) l();
    },
    disconnect: (willReconnect = true) => {
      for (const l of on.disconnect) l('transport close', willReconnect);
    },
    fail: (failure, willReconnect = false) => {
      for (const l of on.error) l(failure, willReconnect);
    },
    push: (frame) => {
      for (const l of on.frame) l(frame);
    },
    of: (type) => fake.sent.filter((f) => f.type === type) as never,
  };
  return fake;
}

/** Let pending promise callbacks (acks) run. */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++) await Promise.resolve();
}
