// Socket helpers for transport tests on a real relay; tests/integration re-exports them.
import {
  type AgentToServer,
  type AgentWelcome,
  type LoginResponse,
  PROTOCOL_VERSION,
  type ServerToAgent,
  type ServerToVisitor,
  type SessionWelcome,
  type VisitorToServer,
} from '@switchboard/shared';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';

/** Any frame the relay sends. */
export type Frame = ServerToVisitor | ServerToAgent;

/** The demo agent seeded when no agent is configured. */
export const DEMO_LOGIN = { email: 'agent@example.com', password: 'switchboard-demo' } as const;

const open = new Set<Socket>();
const received = new WeakMap<
  Socket,
  { frames: Frame[]; taken: Set<number>; wake: Set<() => void> }
>();

/** Pushed frames are recorded from the moment a socket is made, so none is missed by a late wait. */
function track(socket: Socket): Socket {
  open.add(socket);
  const log = { frames: [] as Frame[], taken: new Set<number>(), wake: new Set<() => void>() };
  received.set(socket, log);
  socket.on('frame', (frame: Frame) => {
    log.frames.push(frame);
    for (const wake of log.wake) wake();
  });
  return socket;
}

/** Every frame pushed to `socket` so far (acks are not pushes). */
export function framesOf(socket: Socket): Frame[] {
  return received.get(socket)?.frames ?? [];
}

/** Disconnect every socket a helper made. Call in afterEach. */
export function closeAllSockets(): void {
  for (const socket of open) socket.disconnect();
  open.clear();
}

type ClientOptions = Partial<ManagerOptions & SocketOptions>;

/** A visitor socket, not yet connected-and-checked: for tests of refused handshakes. */
export function visitorSocket(
  url: string,
  options: { site?: string; token?: string; protocol?: unknown } & ClientOptions = {},
): Socket {
  const { site = 'demo', token, protocol = PROTOCOL_VERSION, ...rest } = options;
  return track(
    io(`${url}/visitor`, {
      query: { site },
      auth: token === undefined ? { protocol } : { protocol, token },
      forceNew: true,
      reconnection: false,
      transports: ['websocket'],
      ...rest,
    }),
  );
}

/** An agent socket, not yet connected-and-checked. */
export function agentSocket(
  url: string,
  options: { token?: string; protocol?: unknown } & ClientOptions = {},
): Socket {
  const { token, protocol = PROTOCOL_VERSION, ...rest } = options;
  return track(
    io(`${url}/agent`, {
      auth: token === undefined ? { protocol } : { protocol, token },
      forceNew: true,
      reconnection: false,
      transports: ['websocket'],
      ...rest,
    }),
  );
}

/** Resolves when the socket connects; rejects with the `connect_error`. */
export function connected(socket: Socket, timeoutMs = 5_000): Promise<Socket> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve(socket);
    const timer = setTimeout(() => reject(new Error('connect timed out')), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** The `connect_error` a refused socket gets (its `message` is the code, `data` the ErrorFrame). */
export function refusal(
  socket: Socket,
  timeoutMs = 5_000,
): Promise<Error & { data?: unknown; description?: unknown }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('expected connect_error, got nothing')),
      timeoutMs,
    );
    socket.once('connect', () => {
      clearTimeout(timer);
      reject(new Error('expected connect_error, but the socket connected'));
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      resolve(error);
    });
  });
}

/**
 * Send a frame with an ack and resolve with the relay's one answer.
 * @example const ack = await request(visitor, { type: 'chat.send', clientId, text: 'Hi' })
 */
export function request<T extends Frame = Frame>(
  socket: Socket,
  frame: VisitorToServer | AgentToServer | Record<string, unknown> | unknown,
  timeoutMs = 5_000,
): Promise<T> {
  return socket.timeout(timeoutMs).emitWithAck('frame', frame) as Promise<T>;
}

/**
 * The first pushed frame matching `predicate` that no earlier wait took, whether it already
 * arrived or arrives within `timeoutMs`.
 */
export function waitForFrame<T extends Frame = Frame>(
  socket: Socket,
  predicate: (frame: Frame) => boolean,
  timeoutMs = 5_000,
): Promise<T> {
  const log = received.get(socket);
  if (!log) throw new Error('waitForFrame needs a socket made by these helpers');
  return new Promise((resolve, reject) => {
    const check = () => {
      const index = log.frames.findIndex((f, i) => !log.taken.has(i) && predicate(f));
      if (index === -1) return false;
      log.taken.add(index);
      log.wake.delete(check);
      clearTimeout(timer);
      resolve(log.frames[index] as T);
      return true;
    };
    const timer = setTimeout(() => {
      log.wake.delete(check);
      reject(
        new Error(
          `no matching frame within ${timeoutMs} ms; got: ${JSON.stringify(log.frames.map((f) => f.type))}`,
        ),
      );
    }, timeoutMs);
    if (!check()) log.wake.add(check);
  });
}

/** Give in-flight frames time to arrive, to check that something did not happen. */
export const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A visitor that connected and said hello.
 * @example const { socket, welcome } = await visitorSession(url)
 */
export async function visitorSession(
  url: string,
  options: Parameters<typeof visitorSocket>[1] & { hello?: Record<string, unknown> } = {},
): Promise<{ socket: Socket; welcome: SessionWelcome }> {
  const { hello = {}, ...rest } = options;
  const socket = await connected(visitorSocket(url, rest));
  const welcome = await request<SessionWelcome>(socket, { type: 'session.hello', ...hello });
  if (welcome.type !== 'session.welcome')
    throw new Error(`hello refused: ${JSON.stringify(welcome)}`);
  return { socket, welcome };
}

/** Sign in over HTTP. */
export async function login(
  url: string,
  credentials: { email: string; password: string } = DEMO_LOGIN,
): Promise<LoginResponse> {
  const response = await fetch(`${url}/api/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as LoginResponse;
}

/**
 * An agent that signed in (the demo agent by default), connected and said hello.
 * @example const { socket, welcome } = await agentSession(url)
 */
export async function agentSession(
  url: string,
  credentials?: { email: string; password: string },
): Promise<{ socket: Socket; welcome: AgentWelcome; login: LoginResponse }> {
  const session = await login(url, credentials);
  const socket = await connected(agentSocket(url, { token: session.token }));
  const welcome = await request<AgentWelcome>(socket, { type: 'agent.hello' });
  if (welcome.type !== 'agent.welcome')
    throw new Error(`hello refused: ${JSON.stringify(welcome)}`);
  return { socket, welcome, login: session };
}

let counter = 0;
/** A fresh clientId, as a widget or console would make. */
export const clientId = () => `cid-${Date.now().toString(36)}-${(++counter).toString(36)}`;
