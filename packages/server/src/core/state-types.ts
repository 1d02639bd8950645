// The core's state, its actors and the context a command runs in.
import type {
  Alternative,
  Callback,
  CannedResponse,
  ConversationSummary,
  Department,
  Presence,
} from '@switchboard/shared';
import type { PriorityRule } from './priority.js';
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
