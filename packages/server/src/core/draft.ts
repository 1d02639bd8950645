import {
  type AgentRef,
  applyEvent,
  type Callback,
  type CannedResponse,
  type ConversationEvent,
  type ConversationSummary,
  type Department,
} from '@switchboard/shared';
import { CowMap, CowSet } from './cow.js';
import { HANDLE_TIMES_KEPT } from './handle-times.js';
import { queueOrder } from './queue-order.js';
import type {
  AgentRouting,
  CoreContext,
  CoreState,
  SendEffect,
  VisitorPresence,
  WriteEffect,
} from './types.js';

/** An event as a command writes it: the draft numbers it and stamps the time. */
export type NewEvent = ConversationEvent extends infer E
  ? E extends ConversationEvent
    ? Omit<E, 'seq' | 'at'>
    : never
  : never;

/** One conversation's changes in this command. */
export interface Touched {
  before: ConversationSummary | null;
  siteId: string;
  events: ConversationEvent[];
}

/** What places a conversation in a queue: null when it is not waiting in a department's queue. */
function queueKey(summary: ConversationSummary | undefined): string | null {
  if (summary?.status !== 'waiting' || !summary.routing) return null;
  const { routing } = summary;
  return `${routing.departmentId}\n${routing.priority}\n${summary.queuedAt ?? ''}\n${summary.createdAt}`;
}

/** Where `summary` sits in `list` (sorted by `queueOrder`, which is total), or -1. */
function findInQueue(
  list: readonly string[],
  summary: ConversationSummary,
  get: (id: string) => ConversationSummary | undefined,
): number {
  const at = insertAt(list, summary, get);
  return list[at] === summary.id ? at : list.indexOf(summary.id);
}

/** The first index of `list` (sorted by `queueOrder`) whose conversation comes after `summary`. */
function insertAt(
  list: readonly string[],
  summary: ConversationSummary,
  get: (id: string) => ConversationSummary | undefined,
): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const id = list[middle]!;
    const other = id === summary.id ? summary : get(id);
    if (other && queueOrder(other, summary) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

const without = (list: readonly string[], id: string) => list.filter((x) => x !== id);

/**
 * A command's working copy of the state: each map reads through to the state's own and is copied
 * on its first change (`CowMap`), then frozen into the next state. `reduce` stays pure: the state
 * it was given is untouched, and a map the command did not change is the same object in the next
 * state (a command costs what it changes, not the size of the state).
 */
export class Draft {
  readonly open: CowMap<string, ConversationSummary>;
  readonly openByVisitor: CowMap<string, string>;
  readonly departments: CowMap<string, Department>;
  readonly agents: CowMap<string, AgentRouting>;
  readonly cursors: CowMap<string, string>;
  readonly tried: CowMap<string, readonly string[]>;
  readonly assignedAt: CowMap<string, number>;
  readonly handleTimes: CowMap<string, readonly number[]>;
  readonly visitors: CowMap<string, VisitorPresence>;
  readonly queueSent: CowMap<string, string>;
  readonly queues: CowMap<string, readonly string[]>;
  readonly queueStats: CowMap<string, string>;
  readonly canned: CowMap<string, CannedResponse>;
  readonly callbacks: CowMap<string, Callback>;
  readonly phones: CowMap<string, string>;
  readonly cutOff: CowSet<string>;
  /** New events per conversation, in the order conversations were first touched. */
  readonly touched = new Map<string, Touched>();
  readonly writes: WriteEffect[] = [];
  /** Pushes besides conversation events (departments.changed, canned.changed...). */
  readonly sends: SendEffect[] = [];
  readonly now: number;
  /** Set by any change that is not an event (presence, connections, cursors, pushes' memory). */
  mutated = false;
  /** The next state's `dueAt` (see `trackDeadlines`). */
  dueAt: number;
  /** Something fell due: `expire` ran, and the next `dueAt` is found by a full scan. */
  expired = false;

  constructor(
    readonly base: CoreState,
    readonly ctx: CoreContext,
  ) {
    this.now = ctx.now;
    this.dueAt = base.dueAt;
    this.open = new CowMap(base.open);
    this.openByVisitor = new CowMap(base.openByVisitor);
    this.departments = new CowMap(base.departments);
    this.agents = new CowMap(base.agents);
    this.cursors = new CowMap(base.cursors);
    this.tried = new CowMap(base.tried);
    this.assignedAt = new CowMap(base.assignedAt);
    this.handleTimes = new CowMap(base.handleTimes);
    this.visitors = new CowMap(base.visitors);
    this.queueSent = new CowMap(base.queueSent);
    this.queues = new CowMap(base.queues);
    this.queueStats = new CowMap(base.queueStats);
    this.canned = new CowMap(base.canned);
    this.callbacks = new CowMap(base.callbacks);
    this.phones = new CowMap(base.phones);
    this.cutOff = new CowSet(base.cutOff);
  }

  /** The next state. */
  freeze(): CoreState {
    return {
      ...this.base,
      open: this.open.current,
      openByVisitor: this.openByVisitor.current,
      departments: this.departments.current,
      agents: this.agents.current,
      cursors: this.cursors.current,
      tried: this.tried.current,
      assignedAt: this.assignedAt.current,
      handleTimes: this.handleTimes.current,
      visitors: this.visitors.current,
      queueSent: this.queueSent.current,
      queues: this.queues.current,
      queueStats: this.queueStats.current,
      canned: this.canned.current,
      callbacks: this.callbacks.current,
      phones: this.phones.current,
      cutOff: this.cutOff.current,
      dueAt: this.dueAt,
    };
  }

  /** Whether anything besides pushes changed. */
  get changed(): boolean {
    return this.mutated || this.touched.size > 0 || this.writes.length > 0;
  }

  /**
   * Append an event to a conversation (numbered after its last seq, stamped now) and fold it into
   * the summary. A closed conversation leaves the open state. Returns the new summary. `stored`
   * is the summary of a conversation that is not open (a wrap-up or a survey after the close).
   */
  emit(
    conversation: { id: string; siteId: string },
    event: NewEvent,
    stored?: ConversationSummary,
  ): ConversationSummary {
    this.mutated = true;
    const current =
      this.open.get(conversation.id) ?? (stored ? (this.summary(conversation.id) ?? stored) : null);
    let touched = this.touched.get(conversation.id);
    if (!touched) {
      touched = { before: current, siteId: conversation.siteId, events: [] };
      this.touched.set(conversation.id, touched);
    }
    const full = { ...event, seq: (current?.lastSeq ?? 0) + 1, at: this.now } as ConversationEvent;
    touched.events.push(full);
    const summary = applyEvent(current, full, conversation.siteId, conversation.id);
    if (!summary) throw new Error(`conversation ${conversation.id} has no created event`);
    this.requeueIndex(this.open.get(conversation.id), summary);
    if (summary.status === 'closed') {
      this.open.delete(conversation.id);
      if (this.openByVisitor.get(summary.visitor.id) === conversation.id) {
        this.openByVisitor.delete(summary.visitor.id);
      }
      this.tried.delete(conversation.id);
      this.assignedAt.delete(conversation.id);
      this.cutOff.delete(conversation.id);
    } else {
      this.open.set(conversation.id, summary);
      this.openByVisitor.set(summary.visitor.id, conversation.id);
    }
    return summary;
  }

  /**
   * Keep `queues` (each department's waiting conversations in queue order) in step with a
   * summary's change: only a change of status, department or place in line moves it.
   */
  private requeueIndex(before: ConversationSummary | undefined, after: ConversationSummary): void {
    const from = queueKey(before);
    const to = queueKey(after);
    if (from === to) return;
    if (before && from !== null) {
      const departmentId = before.routing!.departmentId;
      const list = this.queues.get(departmentId) ?? [];
      const at = findInQueue(list, before, (id) => this.open.get(id));
      if (at !== -1) {
        if (list.length === 1) this.queues.delete(departmentId);
        else this.queues.set(departmentId, [...list.slice(0, at), ...list.slice(at + 1)]);
      }
    }
    if (to !== null) {
      const departmentId = after.routing!.departmentId;
      const list = this.queues.get(departmentId) ?? [];
      // The others' summaries: this one's is not in `open` yet (or is its old one).
      const at = insertAt(list, after, (id) => this.open.get(id));
      this.queues.set(departmentId, [...list.slice(0, at), after.id, ...list.slice(at)]);
    }
  }

  /** The summary of a conversation as it is now: open, or closed during this command. */
  summary(id: string): ConversationSummary | undefined {
    const open = this.open.get(id);
    if (open) return open;
    const touched = this.touched.get(id);
    if (!touched) return undefined;
    let summary = touched.before;
    for (const event of touched.events) summary = applyEvent(summary, event, touched.siteId, id);
    return summary ?? undefined;
  }

  agent(id: string): AgentRouting | undefined {
    return this.agents.get(id);
  }

  /** Change one agent's record. */
  patchAgent(id: string, patch: Partial<AgentRouting>): void {
    const agent = this.agents.get(id);
    if (agent) this.setAgent({ ...agent, ...patch });
  }

  /** Replace one agent's record. */
  setAgent(agent: AgentRouting): void {
    this.mutated = true;
    this.agents.set(agent.id, agent);
  }

  ref(agent: Pick<AgentRouting, 'id' | 'name'>): AgentRef {
    return { id: agent.id, name: agent.name };
  }

  /** Offer the conversation to an agent, who has until `expiresAt`; their slot is reserved. */
  offer(conversation: ConversationSummary, agent: AgentRouting, timeoutSec: number): void {
    this.emit(conversation, {
      type: 'conversation.offered',
      agent: this.ref(agent),
      expiresAt: this.now + timeoutSec * 1000,
    });
    const current = this.agents.get(agent.id) ?? agent;
    this.setAgent({
      ...current,
      offers: [...current.offers, conversation.id],
      idleSince: this.now,
    });
  }

  /** End the pending offer (declined, expired: the agent counts as tried; withdrawn: not). */
  unoffer(conversation: ConversationSummary, reason: 'declined' | 'expired' | 'withdrawn'): void {
    const offer = conversation.offer;
    if (!offer) return;
    this.emit(conversation, { type: 'conversation.unoffered', agent: offer.agent, reason });
    const agent = this.agents.get(offer.agent.id);
    if (agent) this.patchAgent(agent.id, { offers: without(agent.offers, conversation.id) });
    if (reason !== 'withdrawn') {
      const tried = this.tried.get(conversation.id) ?? [];
      if (!tried.includes(offer.agent.id)) {
        this.tried.set(conversation.id, [...tried, offer.agent.id]);
      }
    }
  }

  /**
   * Assign the conversation: a pending offer to someone else is withdrawn, the previous assignee's
   * slot is freed. `by` names a supervisor who chose for someone else.
   */
  assign(conversation: ConversationSummary, agent: AgentRef, by?: AgentRef): void {
    let current = this.open.get(conversation.id) ?? conversation;
    if (current.offer && current.offer.agent.id !== agent.id) {
      this.unoffer(current, 'withdrawn');
      current = this.open.get(conversation.id) ?? current;
    }
    if (current.offer) {
      const offered = this.agents.get(current.offer.agent.id);
      if (offered) this.patchAgent(offered.id, { offers: without(offered.offers, current.id) });
    }
    if (current.status === 'active' && current.agent && current.agent.id !== agent.id) {
      this.releaseAgent(current.agent.id, current.id);
    }
    this.emit(current, { type: 'conversation.assigned', agent, ...(by ? { by } : {}) });
    const routing = this.agents.get(agent.id);
    if (routing && !routing.assigned.includes(current.id)) {
      this.setAgent({
        ...routing,
        assigned: [...routing.assigned, current.id],
        idleSince: this.now,
      });
    }
    if (!this.assignedAt.has(current.id)) this.assignedAt.set(current.id, this.now);
    this.tried.delete(current.id);
  }

  /** Free an agent's slot held by this conversation (assignment or offer). */
  releaseAgent(agentId: string, conversationId: string): void {
    const agent = this.agents.get(agentId);
    if (!agent) return;
    this.patchAgent(agentId, {
      assigned: without(agent.assigned, conversationId),
      offers: without(agent.offers, conversationId),
    });
  }

  /** Put the conversation back into a department's queue, keeping its place in line. */
  requeue(
    conversation: ConversationSummary,
    departmentId: string,
    reason: 'transferred' | 'agent_lost' | 'unassigned',
    skills?: readonly string[],
  ): void {
    let current = this.open.get(conversation.id) ?? conversation;
    if (current.offer) {
      this.unoffer(current, 'withdrawn');
      current = this.open.get(conversation.id) ?? current;
    }
    const from = current.status === 'active' ? current.agent : null;
    if (from) this.releaseAgent(from.id, current.id);
    this.emit(current, {
      type: 'conversation.queued',
      departmentId,
      reason,
      ...(from ? { from } : {}),
      ...(skills ? { skills: [...skills] } : {}),
    });
    this.tried.delete(current.id);
  }

  /** Close the conversation and free whatever it held; an assigned one records its handle time. */
  close(
    conversation: ConversationSummary,
    event: NewEvent & { type: 'conversation.closed' },
  ): void {
    const current = this.open.get(conversation.id) ?? conversation;
    const assignedAt = this.assignedAt.get(current.id);
    if (current.agent) this.releaseAgent(current.agent.id, current.id);
    if (current.offer) this.releaseAgent(current.offer.agent.id, current.id);
    const departmentId = current.routing?.departmentId;
    if (assignedAt !== undefined && departmentId !== undefined) {
      const times = [...(this.handleTimes.get(departmentId) ?? []), this.now - assignedAt];
      this.handleTimes.set(departmentId, times.slice(-HANDLE_TIMES_KEPT));
    }
    this.emit(current, event);
  }
}
