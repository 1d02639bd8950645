// The commands the core reduces, and the facts from the store they carry.
import type {
  Callback,
  CallbackOutcome,
  CannedResponse,
  ChatAck,
  ConversationSummary,
  Department,
  PrechatAnswers,
  Presence,
  TimeWindow,
  VisitorContext,
  VisitorProfile,
} from '@switchboard/shared';
import type { VisitorRecord } from './records.js';
import type { Actor, AgentActor, ApiActor, VisitorActor } from './state-types.js';

/**
 * Facts from the store that a command needs and the core cannot fetch: filled in by the executor
 * before `reduce`, from `lookupsFor(state, command)`.
 */
export interface Lookups {
  /** The original ack, when the sender's clientId is already stored. */
  duplicate?: ChatAck | null;
  /** The stored summary of the named conversation, when it is not open. */
  stored?: ConversationSummary | null;
  /** The callback a resent `callback.request` (same sender and clientId) made. */
  duplicateCallback?: Callback | null;
  /** The stored callback named by the command, when it is not open. */
  storedCallback?: Callback | null;
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
  /** With the first message: the pre-chat answers (the topic picks the department). */
  prechat?: PrechatAnswers;
  /** With the first message: the department the page chose. */
  departmentId?: string;
  /** With the first message: the published help article the visitor was reading. */
  article?: { id: string; title: string };
  /** Who the visitor said they are (`identify`): recorded in `conversation.created`. */
  profile?: VisitorProfile;
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

/** An agent's first console socket said hello (`agent.connect`), or their last one left. */
export interface AgentConnection extends Lookups {
  type: 'agent.connect' | 'agent.disconnect';
  agent: AgentActor;
  conversationId?: undefined;
}

/** An agent set their availability. */
export interface SetPresence extends Lookups {
  type: 'presence.set';
  agent: AgentActor;
  presence: Presence;
  conversationId?: undefined;
}

/** An agent accepted or declined the conversation offered to them. */
export interface AnswerOffer extends Lookups {
  type: 'offer.accept' | 'offer.decline';
  agent: AgentActor;
  conversationId: string;
}

/** Pick a conversation (`agentId` = yourself) or, for supervisors, reassign it. */
export interface AssignConversation extends Lookups {
  type: 'conversation.assign';
  agent: AgentActor;
  conversationId: string;
  agentId: string;
}

/** Hand a conversation to an agent or a department's queue, with a note. */
export interface TransferConversation extends Lookups {
  type: 'conversation.transfer';
  agent: AgentActor;
  conversationId: string;
  to: { kind: 'agent'; agentId: string } | { kind: 'department'; departmentId: string };
  note?: string;
}

/** A supervisor joins a conversation, visibly. */
export interface JoinConversation extends Lookups {
  type: 'conversation.join';
  agent: AgentActor;
  conversationId: string;
}

/** An internal note or a supervisor's whisper. */
export interface SendNote extends Lookups {
  type: 'note.send';
  agent: AgentActor;
  conversationId: string;
  clientId: string;
  kind: 'note' | 'whisper';
  text: string;
}

/** The visitor leaves a message to be answered later. */
export interface DeferConversation extends Lookups {
  type: 'conversation.defer';
  visitor: VisitorActor;
  conversationId: string;
}

/** A visitor's first socket said hello (`visitor.connect`), or their last one left. */
export interface VisitorConnection extends Lookups {
  type: 'visitor.connect' | 'visitor.disconnect';
  visitorId: string;
  conversationId?: undefined;
}

/** A supervisor creates or changes a department. */
export interface SaveDepartment extends Lookups {
  type: 'department.save';
  agent: AgentActor;
  department: Department;
  conversationId?: undefined;
}

/** A supervisor creates, changes or deletes a canned response. */
export interface SaveCanned extends Lookups {
  type: 'canned.save';
  agent: AgentActor;
  canned: CannedResponse;
  conversationId?: undefined;
}

export interface DeleteCanned extends Lookups {
  type: 'canned.delete';
  agent: AgentActor;
  id: string;
  conversationId?: undefined;
}

/** A visitor asks to be called back. `phone` is already checked and E.164. */
export interface RequestCallback extends Lookups {
  type: 'callback.request';
  visitor: VisitorActor;
  clientId: string;
  name: string;
  phone: string;
  topic?: string;
  departmentId?: string;
  window: TimeWindow | null;
  note?: string;
  /** The chat it comes from. */
  conversationId?: string;
  /** Locale and time zone of the visitor, kept with the request. */
  context: VisitorContext;
}

/** The visitor (their own only), an agent or the REST API cancels a callback. */
export interface CancelCallback extends Lookups {
  type: 'callback.cancel';
  by: VisitorActor | AgentActor | ApiActor;
  callbackId: string;
  conversationId?: undefined;
}

/** Move a callback to another offered slot (null: as soon as possible). */
export interface RescheduleCallback extends Lookups {
  type: 'callback.reschedule';
  by: VisitorActor | AgentActor | ApiActor;
  callbackId: string;
  window: TimeWindow | null;
  conversationId?: undefined;
}

/** An agent claims a scheduled callback to dial it, or gives it back. */
export interface ClaimCallback extends Lookups {
  type: 'callback.claim' | 'callback.release';
  agent: AgentActor;
  callbackId: string;
  conversationId?: undefined;
}

/** An agent (or a dialer through the REST API, as an agent) records what came of a call. */
export interface RecordOutcome extends Lookups {
  type: 'callback.outcome';
  agent: AgentActor;
  callbackId: string;
  outcome: CallbackOutcome;
  note?: string;
  /** The wrap-up code, for a call that reached the customer. */
  dispositionId?: string;
  conversationId?: undefined;
}

/** The handling agent (or a supervisor) wraps up a closed conversation. */
export interface WrapUpConversation extends Lookups {
  type: 'conversation.wrapup';
  agent: AgentActor;
  conversationId: string;
  dispositionId: string;
  resolved: boolean;
  note?: string;
}

/** A visitor answers the survey about a closed conversation or a completed callback of theirs. */
export interface SubmitSurvey extends Lookups {
  type: 'survey.submit';
  visitor: VisitorActor;
  /** Exactly one of `conversationId` and `callbackId`. */
  conversationId?: string;
  callbackId?: string;
  csat?: number;
  ces?: number;
  comment?: string;
}

/** One click after a cut-off chat: a callback as soon as possible to the visitor's number. */
export interface CreateCallback extends Lookups {
  type: 'callback.create';
  agent: AgentActor;
  conversationId: string;
}

/**
 * The visitor said who they are (`identify`) or changed their details (`visitor.update`): store
 * the profile, and log `visitor.updated` in their open conversation. With `movedFrom` (an
 * anonymous visitor who proved to be `visitor`), that visitor's open conversation moves to
 * `visitor` when `visitor` has none open.
 */
export interface UpdateVisitor extends Lookups {
  type: 'visitor.profile';
  visitor: VisitorRecord;
  movedFrom?: string;
  conversationId?: undefined;
}

/** Time passed: expire offers, end grace periods, abandon, follow opening hours. */
export interface Tick extends Lookups {
  type: 'tick';
  conversationId?: undefined;
}

/** Everything that changes (or may change) the core's state. */
export type Command =
  | VisitorMessage
  | AgentMessage
  | CloseConversation
  | Typing
  | AgentConnection
  | SetPresence
  | AnswerOffer
  | AssignConversation
  | TransferConversation
  | JoinConversation
  | SendNote
  | DeferConversation
  | VisitorConnection
  | SaveDepartment
  | SaveCanned
  | DeleteCanned
  | RequestCallback
  | CancelCallback
  | RescheduleCallback
  | ClaimCallback
  | RecordOutcome
  | CreateCallback
  | UpdateVisitor
  | WrapUpConversation
  | SubmitSurvey
  | Tick;
