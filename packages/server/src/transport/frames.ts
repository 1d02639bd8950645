import { type ErrorFrame, errorFrame, FRAME_EVENT } from '@switchboard/shared';
import { failureFrame } from '../engine/failure.js';
import { createFrameBudget } from '../policy/rate-limit.js';
import type { RelaySocket, Respond, TransportContext } from './context.js';
import { RefusedFrame } from './packet-parser.js';

/** A refused handshake: socket.io sends `message` and `data` to the client's `connect_error`. */
export function refusal(frame: ErrorFrame): Error & { data: ErrorFrame } {
  return Object.assign(new Error(frame.code), { data: frame });
}

/** Wire one socket's frames: unknown event names, ack-or-emit answers, handler failures. */
export function onFrames(
  ctx: Pick<TransportContext, 'options' | 'logger' | 'refused'>,
  socket: RelaySocket,
  framesPerSecond: number,
  handle: (payload: unknown, respond: Respond) => Promise<void>,
): void {
  const { options, logger } = ctx;
  const budget = createFrameBudget(framesPerSecond);
  /** Over the socket's frame budget: answered (when it asked for an answer), not handled. */
  const overBudget = (ack: unknown) => {
    if (budget.take(Date.now())) return false;
    ctx.refused('framesPerSocketPerSecond', socket.id, { socket: socket.id });
    if (typeof ack === 'function') {
      options.onFrameError?.('RATE_LIMITED');
      ack(errorFrame('RATE_LIMITED', 'Too many frames; slow down.'));
    }
    return true;
  };
  // Requests carry an ack and get exactly one answer. A frame sent without one (typing, say)
  // hears back only when it failed: the error is pushed, a success is not worth a frame.
  const responder = (ack: unknown): Respond => {
    let answered = false;
    return (frame) => {
      if (answered) return;
      answered = true;
      if (frame.type === 'error') options.onFrameError?.(frame.code);
      if (typeof ack === 'function') ack(frame);
      else if (frame.type === 'error') socket.emit(FRAME_EVENT, frame);
    };
  };
  socket.onAny((event: string, ...args: unknown[]) => {
    if (event === FRAME_EVENT || overBudget(args.at(-1))) return;
    responder(args.at(-1))(
      errorFrame(
        'UNKNOWN_TYPE',
        `Unknown event "${String(event).slice(0, 64)}"; every frame travels as "${FRAME_EVENT}".`,
      ),
    );
  });
  socket.on(FRAME_EVENT, (...args: unknown[]) => {
    const ack = typeof args.at(-1) === 'function' ? args.pop() : undefined;
    if (overBudget(ack)) return;
    const respond = responder(ack);
    // Too large or too deep to parse: the decoder read only the packet's header.
    if (args[0] instanceof RefusedFrame) return respond(args[0].error);
    handle(args[0], respond).catch((error: unknown) => {
      logger.error({ err: error }, 'frame handler failed');
      respond(failureFrame(error));
    });
  });
}

/** One entry of a handler table: answers one frame type for one connection. */
export type Handler<F, C> = (frame: F, respond: Respond, connection: C) => Promise<void> | void;

/** A handler for each frame type of a union, exactly one each. */
export type HandlerTable<U extends { type: string }, C> = {
  [K in U['type']]: Handler<Extract<U, { type: K }>, C>;
};

/** Run a decoded frame through its table's handler. */
export function handleFrame<U extends { type: string }, C>(
  table: HandlerTable<U, C>,
  frame: U,
  respond: Respond,
  connection: C,
): Promise<void> | void {
  const handler = table[frame.type as U['type']] as Handler<U, C>;
  return handler(frame, respond, connection);
}
