import type {
  ChatAck,
  ConversationEvent,
  ConversationSummary,
  ServerToAgent,
  ServerToVisitor,
  VisitorContext,
} from '@switchboard/shared';
import type { ClientIdRecord } from '../store/types.js';

/** What the core may not make up itself: the clock and fresh ids. */
export interface CoreContext {
  /** Milliseconds since the epoch, for every event of this command. */
  now: number;
  /** A fresh unique id, e.g. `cnv_3kq...` for `newId('cnv')`. */
  newId: (prefix: 'cnv' | 'msg') => string;
}

/** A visitor, as proven by their token. */
export interface VisitorActor {
  role: 'visitor';
  id: string;
  name: string;
  siteId: string;
}

/** A signed-in agent. */
export interface AgentActor {
  role: 'agent';
  id: string;
  name: string;
}

export type Actor = VisitorActor | AgentActor;

/**
 * The core's state: the open conversations, by id and by visitor. Closed conversations live only in
 * the store; a command naming one gets the stored summary in `stored` (see `lookupsFor`).
 */
export interface CoreState {
  readonly open: ReadonlyMap<string, ConversationSummary>;
  /** visitorId -> their open conversation's id. A visitor has at most one open conversation. */
  readonly openByVisitor: ReadonlyMap<string, string>;
}

/**
 * Facts from the store that a command needs and the core cannot fetch: filled in by the executor
 * before `reduce`, from `lookupsFor(state, command)`.
 */
export interface Lookups {
  /** The original ack, when the sender's clientId is already stored. */
  duplicate?: ChatAck | null;
  /** The stored summary of the named conversation, when it is not open. */
  stored?: ConversationSummary | null;
}

/** A visitor sent a chat message. */
export interface VisitorMessage extends Lookups {
  type: 'visitor.message';
  visitor: VisitorActor;
  clientId: string;
  text: string;
  /** The conversation the visitor writes in; absent for the first message of a new one. */
  conversationId?: string;
  /** Where the visitor is, recorded when this message starts a conversation. */
  context: VisitorContext;
}

/** An agent replied. */
export interface AgentMessage extends Lookups {
  type: 'agent.message';
  agent: AgentActor;
  conversationId: string;
  clientId: string;
  text: string;
}

/** The visitor or an agent ended the conversation. */
export interface CloseConversation extends Lookups {
  type: 'conversation.close';
  by: Actor;
  conversationId: string;
}

/** Someone started or stopped typing. Never logged. */
export interface Typing extends Lookups {
  type: 'typing';
  by: Actor;
  conversationId: string;
  typing: boolean;
}

/** Everything that changes (or may change) a conversation. */
export type Command = VisitorMessage | AgentMessage | CloseConversation | Typing;

/** Who a pushed frame goes to. */
export type Target =
  /** Every socket of this visitor that said hello. */
  | { kind: 'visitor'; visitorId: string }
  /** Agents who opened this conversation. */
  | { kind: 'followers'; conversationId: string }
  /** Every signed-in agent's inbox. */
  | { kind: 'agents' };

/** Store these events (and the clientId), in one transaction, before anything is sent. */
export interface PersistEffect {
  type: 'persist';
  conversation: ConversationSummary;
  events: ConversationEvent[];
  clientId?: ClientIdRecord;
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
export type Effect = PersistEffect | SendEffect | ReplyEffect;

/** The outcome of one command. */
export interface Reduction {
  state: CoreState;
  effects: Effect[];
}
