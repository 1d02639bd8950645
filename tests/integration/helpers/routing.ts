import type { ChatAck, QueueUpdate } from '@switchboard/shared';
import type { Socket } from 'socket.io-client';
import { hashPassword } from '../../../packages/server/src/index.js';
import { clientId, type Frame, request, visitorSession, waitForFrame } from './clients.js';

/** The password of every agent the routing tests configure. */
export const PASSWORD = 'routing-test-pass';

/** An agent entry for a relay config (a cheap scrypt cost, for speed). */
export async function configuredAgent(
  email: string,
  name: string,
  extra: {
    role?: 'agent' | 'supervisor';
    capacity?: number;
    skills?: string[];
    departmentIds?: string[];
  } = {},
) {
  return {
    email,
    name,
    passwordHash: await hashPassword(PASSWORD, { N: 1024, r: 8, p: 1 }),
    ...extra,
  };
}

/** A visitor who connected and wrote their first message; with the conversation id. */
export async function arrive(
  url: string,
  text: string,
  first: Record<string, unknown> = {},
): Promise<{ socket: Socket; conversationId: string; visitorId: string }> {
  const { socket, welcome } = await visitorSession(url);
  const ack = await request<ChatAck>(socket, {
    type: 'chat.send',
    clientId: clientId(),
    text,
    ...first,
  });
  if (ack.type !== 'chat.ack') throw new Error(`not acked: ${JSON.stringify(ack)}`);
  return { socket, conversationId: ack.conversationId, visitorId: welcome.visitor.id };
}

/** The last `queue.status` pushed to a visitor socket so far. */
export function lastQueueStatus(frames: Frame[]): QueueUpdate | undefined {
  return frames.filter((f): f is QueueUpdate => f.type === 'queue.status').at(-1);
}

/** Wait for a conversation event of `type` on a socket. */
export function waitForEvent(
  socket: Socket,
  type: string,
  conversationId?: string,
  timeoutMs?: number,
) {
  return waitForFrame(
    socket,
    (f) =>
      f.type === 'conversation.event' &&
      f.event.type === type &&
      (conversationId === undefined || f.conversationId === conversationId),
    timeoutMs,
  );
}
