import type {
  CallbackSlots,
  CallbackView,
  ConversationEvent,
  ConversationSummary,
  ErrorCode,
  QueueUpdate,
  ServerToVisitor,
  SessionWelcome,
  SiteInfo,
  VisitorProfile,
  VisitorToServer,
} from '@switchboard/shared';
import type { Transport, TransportAuth, TransportStatus } from '../src/client/transport.js';

/** A request the session emitted, waiting for the test to answer it. */
export interface PendingRequest<T extends VisitorToServer = VisitorToServer> {
  frame: T;
  reply(frame: ServerToVisitor | Record<string, unknown>): void;
}

/**
 * A fake relay behind the Transport interface: the test opens, drops and refuses connections,
 * answers requests one by one and pushes frames, exactly as the socket.io adapter would deliver
 * them (raw, undecoded).
 */
export function createFakeRelay() {
  const frameListeners = new Set<(frame: unknown) => void>();
  const statusListeners = new Set<(status: TransportStatus) => void>();
  const pending: Array<PendingRequest & { reject(error: Error): void }> = [];
  const connects: TransportAuth[] = [];
  const sent: VisitorToServer[] = [];
  const emitted: VisitorToServer[] = [];
  let connected = false;
  let disconnects = 0;
  let authProvider: () => TransportAuth = () => ({});
  /** The auth each accepted handshake presented, read when it opened (as socket.io does). */
  const handshakes: TransportAuth[] = [];

  const status = (s: TransportStatus) => {
    for (const listener of statusListeners) listener(s);
  };
  /** Taken but unanswered: a dropped connection fails them too, as socket.io does. */
  const inflight = new Set<(error: Error) => void>();
  const rejectAll = () => {
    for (const request of pending.splice(0)) request.reject(new Error('disconnected'));
    for (const reject of inflight) reject(new Error('disconnected'));
    inflight.clear();
  };

  const transport: Transport = {
    connect(auth) {
      authProvider = auth;
      connects.push(auth());
    },
    disconnect() {
      disconnects++;
      if (connected) {
        connected = false;
        rejectAll();
        status({ type: 'closed', reconnecting: false });
      }
    },
    emit(frame) {
      emitted.push(frame);
      if (!connected) return Promise.reject(new Error('offline'));
      return new Promise((resolve, reject) => {
        pending.push({
          frame,
          reply: (reply) => {
            inflight.delete(reject);
            resolve(reply);
          },
          reject,
        });
        inflight.add(reject);
      });
    },
    send(frame) {
      if (connected) sent.push(frame);
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

  return {
    transport,
    /** The auth presented by every `connect(auth)` call, in order. */
    connects,
    handshakes,
    /** Fire-and-forget frames (typing). */
    sent,
    /** Every request ever emitted, answered or not. */
    emitted,
    get disconnects() {
      return disconnects;
    },
    get connected() {
      return connected;
    },
    /** The socket connected (the handshake was accepted). */
    open() {
      handshakes.push(authProvider());
      connected = true;
      status({ type: 'open' });
    },
    /** The connection dropped; the transport is trying again. In-flight requests fail. */
    drop() {
      connected = false;
      rejectAll();
      status({ type: 'closed', reconnecting: true });
    },
    /** The relay refused the handshake with this error frame. */
    refuse(code: ErrorCode, message = `refused: ${code}`) {
      connected = false;
      status({ type: 'refused', error: { type: 'error', code, message } });
    },
    /** Push a frame, raw. */
    push(frame: ServerToVisitor | Record<string, unknown>) {
      for (const listener of frameListeners) listener(frame);
    },
    /** Requests not answered yet. */
    get pending(): readonly PendingRequest[] {
      return pending;
    },
    /** Take the oldest unanswered request of this type; fails the test if there is none. */
    take<K extends VisitorToServer['type']>(
      type: K,
    ): PendingRequest<Extract<VisitorToServer, { type: K }>> {
      const index = pending.findIndex((r) => r.frame.type === type);
      const found = pending[index];
      if (!found) {
        const seen = pending.map((r) => r.frame.type).join(', ') || 'none';
        throw new Error(`no pending ${type} request (pending: ${seen})`);
      }
      pending.splice(index, 1);
      return found as unknown as PendingRequest<Extract<VisitorToServer, { type: K }>>;
    },
  };
}

export type FakeRelay = ReturnType<typeof createFakeRelay>;

/** Let promises and their continuations run. */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

// ----- frame builders ---------------------------------------------------------------------------

export const AT = Date.UTC(2025, 10, 22, 14, 30);
export const site: SiteInfo = {
  id: 'demo',
  name: 'Fernhill Outfitters',
  greeting: 'Hi! Ask us anything about your order.',
  color: '#1f6f5c',
};
export const visitor: VisitorProfile = { id: 'v-1', name: 'Visitor 4821' };
export const agent = { id: 'a-1', name: 'Ada Lovelace' };

export function created(seq = 1): ConversationEvent {
  return { type: 'conversation.created', seq, at: AT, visitor, context: {} };
}
export function visitorMessage(seq: number, clientId: string, text: string): ConversationEvent {
  return {
    type: 'message.created',
    seq,
    at: AT + seq * 1000,
    id: `m-${seq}`,
    clientId,
    author: { role: 'visitor', id: visitor.id, name: visitor.name },
    text,
  };
}
export function agentMessage(seq: number, text: string): ConversationEvent {
  return {
    type: 'message.created',
    seq,
    at: AT + seq * 1000,
    id: `m-${seq}`,
    clientId: `agent-${seq}`,
    author: { role: 'agent', id: agent.id, name: agent.name },
    text,
  };
}
export function assigned(seq: number): ConversationEvent {
  return { type: 'conversation.assigned', seq, at: AT + seq * 1000, agent };
}
export function closed(seq: number): ConversationEvent {
  return {
    type: 'conversation.closed',
    seq,
    at: AT + seq * 1000,
    by: { role: 'agent', id: agent.id, name: agent.name },
  };
}

export const techSupport = { id: 'tech', name: 'Technical support' };
export const grace = { id: 'a-2', name: 'Grace Hopper' };

/** A site with a pre-chat form: name (required unless told), email (optional), topic chips. */
export function prechatSite(
  fields: NonNullable<SiteInfo['prechat']>['fields'] = [
    { name: 'name', required: true },
    { name: 'email', required: false },
    { name: 'topic', required: true },
  ],
): SiteInfo {
  return {
    ...site,
    prechat: {
      fields,
      topics: [
        { id: 'orders', label: 'Orders' },
        { id: 'tech', label: 'Technical support' },
      ],
    },
  };
}

export function transferredTo(
  seq: number,
  to: 'department' | 'agent',
  note?: string,
): ConversationEvent {
  return {
    type: 'conversation.transferred',
    seq,
    at: AT + seq * 1000,
    by: agent,
    to:
      to === 'department'
        ? { kind: 'department', departmentId: techSupport.id, name: techSupport.name }
        : { kind: 'agent', agent: grace },
    ...(note === undefined ? {} : { note }),
  };
}
export function queued(
  seq: number,
  reason: 'transferred' | 'agent_lost' | 'unassigned',
): ConversationEvent {
  return {
    type: 'conversation.queued',
    seq,
    at: AT + seq * 1000,
    departmentId: techSupport.id,
    reason,
    from: agent,
  };
}
export function joined(seq: number, who = grace): ConversationEvent {
  return { type: 'conversation.joined', seq, at: AT + seq * 1000, agent: who };
}
export function redacted(seq: number): ConversationEvent {
  return { type: 'redacted', seq, at: AT + seq * 1000 };
}
export function deferred(seq: number): ConversationEvent {
  return { type: 'conversation.deferred', seq, at: AT + seq * 1000 };
}

/** A `queue.status` push: position 2, about 3 minutes, open, agents online, no alternatives. */
export function queueStatus(
  conversationId: string,
  overrides: Partial<Omit<QueueUpdate, 'type' | 'conversationId'>> = {},
): QueueUpdate {
  return {
    type: 'queue.status',
    conversationId,
    position: 2,
    estimatedWaitSec: 150,
    departmentName: 'Orders',
    open: true,
    agentsOnline: 2,
    alternatives: [],
    ...overrides,
  };
}

export function summary(
  id: string,
  lastSeq: number,
  status: ConversationSummary['status'] = 'waiting',
): ConversationSummary {
  return {
    id,
    siteId: site.id,
    status,
    visitor,
    context: {},
    agent: status === 'waiting' ? null : agent,
    createdAt: AT,
    updatedAt: AT,
    lastSeq,
    preview: null,
  };
}

export function welcome(
  conversation: {
    id: string;
    events: ConversationEvent[];
    status?: ConversationSummary['status'];
  } | null = null,
  token = 'token-1',
  siteInfo: SiteInfo = site,
): SessionWelcome {
  return {
    type: 'session.welcome',
    visitor,
    token,
    site: siteInfo,
    conversation: conversation
      ? {
          summary: summary(
            conversation.id,
            conversation.events.at(-1)?.seq ?? 0,
            conversation.status ?? 'waiting',
          ),
          events: conversation.events,
          more: false,
        }
      : null,
  };
}

export function ack(clientId: string, conversationId: string, seq: number) {
  return {
    type: 'chat.ack',
    clientId,
    conversationId,
    messageId: `m-${seq}`,
    seq,
    at: AT + seq * 1000,
  } as const;
}

export function errorReply(code: ErrorCode, message: string = code) {
  return { type: 'error', code, message } as const;
}

// ----- callbacks --------------------------------------------------------------------------------

/** A site that offers callbacks, with the pre-chat topics the callback form offers too. */
export function callbackSite(overrides: Partial<NonNullable<SiteInfo['callback']>> = {}): SiteInfo {
  return {
    ...prechatSite([{ name: 'name', required: false }]),
    callback: { consentText: 'You may call me about this request.', ...overrides },
  };
}

/** A 30-minute slot starting at `start`. */
export const slot = (start: number) => ({ start, end: start + 30 * 60_000 });
/** Two slots on 25 Nov 2025 (14:00 and 14:30 UTC) and one on 26 Nov (09:00 UTC). */
export const SLOTS = [
  slot(Date.UTC(2025, 10, 25, 14, 0)),
  slot(Date.UTC(2025, 10, 25, 14, 30)),
  slot(Date.UTC(2025, 10, 26, 9, 0)),
];

export function slotsFrame(asap = true, slots = SLOTS): CallbackSlots {
  return { type: 'callback.slots', departmentId: 'orders', departmentName: 'Orders', asap, slots };
}

export function callbackView(overrides: Partial<CallbackView> = {}): CallbackView {
  return {
    id: 'cb-1',
    reference: 'CB-7K3Q',
    status: 'scheduled',
    window: SLOTS[0] ?? null,
    dueAt: SLOTS[0]?.start ?? AT,
    departmentName: 'Orders',
    phoneMasked: '+49 ••• ••• 5678',
    attempts: 0,
    updatedAt: AT,
    ...overrides,
  };
}

export function callbackStatus(overrides: Partial<CallbackView> = {}) {
  return { type: 'callback.status', callback: callbackView(overrides) } as const;
}
