// What a command asks the shell to do: persist, write, send, reply.
import type {
  Callback,
  CannedResponse,
  ConversationEvent,
  ConversationSummary,
  Department,
  Presence,
  ServerToAgent,
  ServerToVisitor,
} from '@switchboard/shared';
import type { ClientIdRecord, VisitorRecord } from './records.js';
import type { CoreState } from './state-types.js';

/** What a webhook is told: a callback was requested, changed, or finished. */
export type CallbackEvent = 'callback.requested' | 'callback.updated' | 'callback.completed';

/** Who a pushed frame goes to. */
export type Target =
  /** Every socket of this visitor that said hello. */
  | { kind: 'visitor'; visitorId: string }
  /** Agents who opened this conversation. */
  | { kind: 'followers'; conversationId: string }
  /** Every signed-in agent's inbox. */
  | { kind: 'agents' }
  /**
   * These agents' inboxes (every console they have signed in). A shell that cannot address one
   * agent may send it to every inbox instead: the frames are the same, only more of them. With
   * `exceptFollowersOf`, consoles that opened that conversation are skipped: they got its events
   * and fold them into their inbox line themselves (a shell may still send to them: the frame is
   * then a no-op, never wrong).
   */
  | { kind: 'inboxes'; agentIds: readonly string[]; exceptFollowersOf?: string };

/** Store these events (and the clientId), in the command's one transaction, before anything is sent. */
export interface PersistEffect {
  type: 'persist';
  conversation: ConversationSummary;
  events: ConversationEvent[];
  clientId?: ClientIdRecord;
}

/** Store routing settings (same transaction as the command's events). */
export interface WriteEffect {
  type: 'write';
  write:
    | { kind: 'presence'; agentId: string; presence: Presence }
    | { kind: 'department'; department: Department }
    | { kind: 'canned.save'; canned: CannedResponse }
    | { kind: 'canned.delete'; id: string }
    | {
        kind: 'callback';
        callback: Callback;
        /** What webhooks hear of it. */
        event: CallbackEvent;
        /** The request's sender and clientId, so a resend finds this callback. */
        clientId?: { actor: string; clientId: string };
      }
    | { kind: 'visitor.phone'; visitorId: string; phone: string }
    | { kind: 'visitor'; visitor: VisitorRecord };
}

/** Push a frame. */
export interface SendEffect {
  type: 'send';
  to: Target;
  frame: ServerToVisitor | ServerToAgent;
}

/** Answer the caller's request. */
export interface ReplyEffect {
  type: 'reply';
  frame: ServerToVisitor | ServerToAgent;
}

/** What the shell must do, in order: plain data. */
export type Effect = PersistEffect | WriteEffect | SendEffect | ReplyEffect;

/** The outcome of one command. */
export interface Reduction {
  state: CoreState;
  effects: Effect[];
}
