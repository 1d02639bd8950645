import type {
  Callback,
  CannedResponse,
  ConversationSummary,
  Department,
  Presence,
} from '@switchboard/shared';
import { queueOrder } from './queue-order.js';
import { earliestDue } from './timers.js';
import type { AgentRouting, CoreState, RoutingSettings, SiteRouting } from './types.js';

/** Routing timings when none are configured. */
export const DEFAULT_SETTINGS: RoutingSettings = {
  disconnectGraceSec: 60,
  abandonAfterSec: 90,
  defaultHandleSec: 300,
};

/** The wrap-up codes the core accepts when none are configured (the config's defaults). */
export const DEFAULT_DISPOSITION_IDS: readonly string[] = [
  'order-status',
  'return-refund',
  'product-question',
  'technical-issue',
  'billing',
  'complaint',
  'other',
];

/** An agent from the directory, before any console connects. */
export interface AgentSetup {
  id: string;
  name: string;
  role: 'agent' | 'supervisor';
  /** @default 3 */
  capacity?: number;
  skills?: readonly string[];
  /** Saved availability. @default 'online' */
  presence?: Presence;
}

/** What the core starts from: loaded by the shell from the config and the store. */
export interface StateSetup {
  conversations?: Iterable<ConversationSummary>;
  departments?: Iterable<Department>;
  agents?: Iterable<AgentSetup>;
  sites?: Iterable<SiteRouting>;
  settings?: Partial<RoutingSettings>;
  /** Recent handle times (ms) per department, oldest first. */
  handleTimes?: ReadonlyMap<string, readonly number[]>;
  /** When each open conversation was first assigned. */
  assignedAt?: ReadonlyMap<string, number>;
  canned?: Iterable<CannedResponse>;
  /** Open callbacks (finished ones are skipped). */
  callbacks?: Iterable<Callback>;
  /** Known phone numbers (E.164) by visitor id. */
  phones?: ReadonlyMap<string, string>;
  /** Open conversations already marked cut off. */
  cutOff?: Iterable<string>;
  /** The time of loading. @default 0 */
  now?: number;
}

/**
 * A routing record for an agent who is not connected yet.
 * @example agentRouting({ id: 'agt_1', name: 'Maya', role: 'agent' }, 0)
 */
export function agentRouting(agent: AgentSetup, now: number): AgentRouting {
  return {
    id: agent.id,
    name: agent.name,
    role: agent.role,
    capacity: agent.capacity ?? 3,
    skills: [...(agent.skills ?? [])],
    presence: agent.presence ?? 'online',
    connected: false,
    idleSince: now,
    assigned: [],
    offers: [],
  };
}

/**
 * The core's state at start-up. Assignments and offers of the loaded conversations are given back
 * to their agents (an offer or assignment naming an unknown agent is kept on the conversation
 * only; such an agent gets a record when they connect).
 * @example const state = createState({ conversations: await store.loadOpenConversations(), now: Date.now() })
 */
export function createState(setup: StateSetup = {}): CoreState {
  const now = setup.now ?? 0;
  const open = new Map<string, ConversationSummary>();
  const openByVisitor = new Map<string, string>();
  for (const summary of setup.conversations ?? []) {
    if (summary.status === 'closed') continue;
    open.set(summary.id, summary);
    openByVisitor.set(summary.visitor.id, summary.id);
  }
  const agents = new Map<string, AgentRouting>();
  for (const agent of setup.agents ?? []) agents.set(agent.id, agentRouting(agent, now));
  for (const summary of open.values()) {
    const give = (id: string, key: 'assigned' | 'offers') => {
      const agent = agents.get(id);
      if (agent) agents.set(id, { ...agent, [key]: [...agent[key], summary.id] });
    };
    if (summary.status === 'active' && summary.agent) give(summary.agent.id, 'assigned');
    if (summary.status === 'waiting' && summary.offer) give(summary.offer.agent.id, 'offers');
  }
  // An agent holding chats at start-up is not connected yet: the grace period starts now.
  const settings = { ...DEFAULT_SETTINGS, ...setup.settings };
  for (const [id, agent] of agents) {
    if (agent.assigned.length > 0) {
      agents.set(id, { ...agent, graceUntil: now + settings.disconnectGraceSec * 1000 });
    }
  }
  const state: CoreState = {
    open,
    openByVisitor,
    departments: new Map([...(setup.departments ?? [])].map((d) => [d.id, d])),
    agents,
    sites: new Map([...(setup.sites ?? [])].map((s) => [s.id, s])),
    settings,
    cursors: new Map(),
    tried: new Map(),
    assignedAt: new Map(setup.assignedAt ?? []),
    handleTimes: new Map(setup.handleTimes ?? []),
    visitors: new Map(),
    queueSent: new Map(),
    queues: queuesOf(open),
    queueStats: new Map(),
    canned: new Map([...(setup.canned ?? [])].map((c) => [c.id, c])),
    startedAt: now,
    callbacks: new Map(
      [...(setup.callbacks ?? [])]
        .filter((c) => c.status === 'scheduled' || c.status === 'calling')
        .map((c) => [c.id, c]),
    ),
    phones: new Map(setup.phones ?? []),
    cutOff: new Set([...(setup.cutOff ?? [])].filter((id) => open.has(id))),
    dueAt: Number.NEGATIVE_INFINITY,
  };
  return { ...state, dueAt: earliestDue(state) };
}

/** Each department's waiting conversations in queue order (see `CoreState.queues`). */
function queuesOf(open: ReadonlyMap<string, ConversationSummary>): Map<string, string[]> {
  const waiting = new Map<string, ConversationSummary[]>();
  for (const summary of open.values()) {
    if (summary.status !== 'waiting' || !summary.routing) continue;
    const list = waiting.get(summary.routing.departmentId) ?? [];
    list.push(summary);
    waiting.set(summary.routing.departmentId, list);
  }
  return new Map(
    [...waiting].map(([id, list]) => [id, list.sort(queueOrder).map((c) => c.id)] as const),
  );
}

/**
 * The state with no open conversation, no department and no agent.
 * @example let state = emptyState()
 */
export function emptyState(): CoreState {
  return createState();
}

/**
 * The state holding these open conversations (as loaded from the store at start-up).
 * @example const state = stateFromConversations(await store.loadOpenConversations())
 */
export function stateFromConversations(summaries: Iterable<ConversationSummary>): CoreState {
  return createState({ conversations: summaries });
}

/**
 * Assigned plus offered: the slots an agent uses.
 * @example load(agent) < agent.capacity
 */
export function load(agent: AgentRouting): number {
  return agent.assigned.length + agent.offers.length;
}

/**
 * The departments an agent serves, derived from `Department.agentIds` (the one source of truth).
 * @example departmentsOf(state, 'agt_1') // ['orders']
 */
export function departmentsOf(state: Pick<CoreState, 'departments'>, agentId: string): string[] {
  return [...state.departments.values()]
    .filter((d) => d.agentIds.includes(agentId))
    .map((d) => d.id);
}
