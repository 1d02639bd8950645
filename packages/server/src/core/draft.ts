import {
  type AgentRef,
  applyEvent,
  type Callback,
  type CannedResponse,
  type ConversationEvent,
  type ConversationSummary,
  type Department,
} from '@switchboard/shared';
import { HANDLE_TIMES_KEPT } from './state.js';
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

const without = (list: readonly string[], id: string) => list.filter((x) => x !== id);

/**
 * A command's working copy of the state: copies of the maps, changed in place while the command
 * runs, then frozen into the next state. `reduce` stays pure: the state it was given is untouched.
 */
export class Draft {
  readonly open: Map<string, ConversationSummary>;
  readonly openByVisitor: Map<string, string>;
  readonly departments: Map<string, Department>;
  readonly agents: Map<string, AgentRouting>;
  readonly cursors: Map<string, string>;
  readonly tried: Map<string, readonly string[]>;
  readonly assignedAt: Map<string, number>;
  readonly handleTimes: Map<string, readonly number[]>;
  readonly visitors: Map<string, VisitorPresence>;
  readonly queueSent: Map<string, string>;
  readonly canned: Map<string, CannedResponse>;
  readonly callbacks: Map<string, Callback>;
  readonly phones: Map<string, string>;
  readonly cutOff: Set<string>;
  /** New events per conversation, in the order conversations were first touched. */
  readonly touched = new Map<string, Touched>();
  readonly writes: WriteEffect[] = [];
  /** Pushes besides conversation events (departments.changed, canned.changed...). */
  readonly sends: SendEffect[] = [];
  readonly now: number;
  /** Set by any change that is not an event (presence, connections, cursors, pushes' memory). */
  mutated = false;

  constructor(
    readonly base: CoreState,
    readonly ctx: CoreContext,
  ) {
    this.now = ctx.now;
    this.open = new Map(base.open);
    this.openByVisitor = new Map(base.openByVisitor);
    this.departments = new Map(base.departments);
    this.agents = new Map(base.agents);
    this.cursors = new Map(base.cursors);
    this.tried = new Map(base.tried);
    this.assignedAt = new Map(base.assignedAt);
    this.handleTimes = new Map(base.handleTimes);
    this.visitors = new Map(base.visitors);
    this.queueSent = new Map(base.queueSent);
    this.canned = new Map(base.canned);
    this.callbacks = new Map(base.callbacks);
    this.phones = new Map(base.phones);
    this.cutOff = new Set(base.cutOff);
  }

  /** The next state. */
  freeze(): CoreState {
    return {
      ...this.base,
      open: this.open,
      openByVisitor: this.openByVisitor,
      departments: this.departments,
      agents: this.agents,
      cursors: this.cursors,
      tried: this.tried,
      assignedAt: this.assignedAt,
      handleTimes: this.handleTimes,
      visitors: this.visitors,
      queueSent: this.queueSent,
      canned: this.canned,
      callbacks: this.callbacks,
      phones: this.phones,
      cutOff: this.cutOff,
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
