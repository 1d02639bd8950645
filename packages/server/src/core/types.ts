import type {
  Alternative,
  Callback,
  CallbackOutcome,
  CannedResponse,
  ChatAck,
  ConversationEvent,
  ConversationSummary,
  Department,
  PrechatAnswers,
  Presence,
  ServerToAgent,
  ServerToVisitor,
  TimeWindow,
  VisitorContext,
  VisitorProfile,
} from '@switchboard/shared';
import type { PriorityRule } from './priority.js';
import type { ClientIdRecord, VisitorRecord } from './records.js';
import type { CallbackSettings } from './slots.js';

/** What the core may not make up itself: the clock and fresh ids. */
export interface CoreContext {
  /** Milliseconds since the epoch, for every event of this command. */
  now: number;
  /** A fresh unique id, e.g. `cnv_3kq...` for `newId('cnv')`. */
  newId: (prefix: 'cnv' | 'msg' | 'note' | 'cb') => string;
  /** A short reference for people, e.g. `CB-7K3Q`. @default derived from `newId` */
  newReference?: () => string;
}

/** A visitor, as proven by their token. */
export interface VisitorActor {
  role: 'visitor';
  id: string;
  name: string;
  siteId: string;
}

/** A signed-in agent. Their staff role (agent or supervisor) is read from the core's agents. */
export interface AgentActor {
  role: 'agent';
  id: string;
  name: string;
}

export type Actor = VisitorActor | AgentActor;

/** A caller of the REST API (an API key), acting on any callback. */
export interface ApiActor {
  role: 'api';
  /** The key's name from the config. */
  name: string;
}

/** An agent's routing state. `load` = `assigned.length + offers.length`; offers reserve a slot. */
export interface AgentRouting {
  readonly id: string;
  readonly name: string;
  readonly role: 'agent' | 'supervisor';
  /** Most conversations at once. @default 3 */
  readonly capacity: number;
  readonly skills: readonly string[];
  readonly presence: Presence;
  /** At least one console socket said hello. */
  readonly connected: boolean;
  /** Set while disconnected: when the grace period ends and their chats go back to the queue. */
  readonly graceUntil?: number;
  /** Their last offer or assignment, or when they came online: longest-idle picks the smallest. */
  readonly idleSince: number;
  /** Conversations assigned to them. */
  readonly assigned: readonly string[];
  /** Conversations offered to them, pending. */
  readonly offers: readonly string[];
}

/** A pre-chat topic: it picks the department, and may require skills. */
export interface TopicRouting {
  readonly id: string;
  readonly label: string;
  readonly departmentId: string;
  readonly skills: readonly string[];
}

/** A site's routing settings. */
export interface SiteRouting {
  readonly id: string;
  readonly defaultDepartmentId?: string;
  /** Past this estimate, the visitor is offered other ways to get help. @default 240 */
  readonly waitThresholdSec: number;
  readonly topics: readonly TopicRouting[];
  /** Other ways the site offers besides leaving a message (filled by later issues). */
  readonly alternatives: readonly Alternative[];
  /** Present when the site offers callbacks. */
  readonly callback?: CallbackSettings;
  /** Queue priority for verified visitors by their attributes (`priorityFor`). @default none */
  readonly priorityRules?: readonly PriorityRule[];
}

/** Relay-wide routing timings. */
export interface RoutingSettings {
  /** How long an agent whose consoles all dropped keeps their chats. @default 60 */
  readonly disconnectGraceSec: number;
  /** How long a waiting visitor may be gone before the conversation is abandoned. @default 90 */
  readonly abandonAfterSec: number;
  /** The handle time assumed for estimates while a department has none recorded. @default 300 */
  readonly defaultHandleSec: number;
  /** The wrap-up codes (disposition ids) agents may pick. @default DEFAULT_DISPOSITION_IDS */
  readonly dispositions?: readonly string[];
}

/** Whether a visitor has a socket, and since when they have none. */
export interface VisitorPresence {
  readonly connected: boolean;
  readonly goneSince?: number;
}

/**
 * The core's state: the open conversations, by id and by visitor, and everything routing needs.
 * Closed conversations live only in the store; a command naming one gets the stored summary in
 * `stored` (see `lookupsFor`). Never mutated: every command returns a new state.
 */
export interface CoreState {
  readonly open: ReadonlyMap<string, ConversationSummary>;
  /** visitorId -> their open conversation's id. A visitor has at most one open conversation. */
  readonly openByVisitor: ReadonlyMap<string, string>;
  /** The queues. Membership (`agentIds`) has one source of truth: the department. */
  readonly departments: ReadonlyMap<string, Department>;
  readonly agents: ReadonlyMap<string, AgentRouting>;
  readonly sites: ReadonlyMap<string, SiteRouting>;
  readonly settings: RoutingSettings;
  /** Round-robin: the agent last given a conversation, per department. */
  readonly cursors: ReadonlyMap<string, string>;
  /** Agents who declined or let an offer expire, per conversation (cleared when all were tried). */
  readonly tried: ReadonlyMap<string, readonly string[]>;
  /** When each open conversation was first assigned, for its handle time. */
  readonly assignedAt: ReadonlyMap<string, number>;
  /** The last 20 handle times (assignment to close, ms) per department, oldest first. */
  readonly handleTimes: ReadonlyMap<string, readonly number[]>;
  readonly visitors: ReadonlyMap<string, VisitorPresence>;
  /** The last `queue.status` sent per waiting conversation (as JSON), to push only changes. */
  readonly queueSent: ReadonlyMap<string, string>;
  /**
   * Each department's waiting conversations (offered ones included) in queue order, by id: kept
   * by every change, so routing and positions never sort the whole queue.
   */
  readonly queues: ReadonlyMap<string, readonly string[]>;
  /**
   * Per department with a queue: its numbers as of the last `queue.status` push (as JSON), so a
   * command recomputes positions only where they can have changed.
   */
  readonly queueStats: ReadonlyMap<string, string>;
  readonly canned: ReadonlyMap<string, CannedResponse>;
  /** When this state was loaded: a visitor never seen since counts as gone from then. */
  readonly startedAt: number;
  /** Open callbacks (scheduled or calling), by id. Finished ones live only in the store. */
  readonly callbacks: ReadonlyMap<string, Callback>;
  /** The last phone number (E.164) each visitor gave, pre-chat or in a callback request. */
  readonly phones: ReadonlyMap<string, string>;
  /** Open conversations already marked `conversation.cut_off`. */
  readonly cutOff: ReadonlySet<string>;
  /**
   * The first time an offer expires, a grace period ends, a wait is abandoned or a chat is cut off
   * (+Infinity: none pending), kept by every command: until then a command skips the scan.
   */
  readonly dueAt: number;
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
   * agent may send it to every inbox instead: the frames are the same, only more of them.
   */
  | { kind: 'inboxes'; agentIds: readonly string[] };

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
