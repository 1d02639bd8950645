import type { ConversationSummary, Department, Strategy } from '@switchboard/shared';
import { isOpen } from './business-hours.js';
import type { Draft } from './draft.js';
import { queueOrder } from './queue-order.js';
import { load } from './state.js';
import type { AgentRouting, CoreState } from './types.js';

export { queueOrder };

/** What eligibility reads of the state (a `CoreState` or a command's draft). */
export type RoutingView = Pick<CoreState, 'agents' | 'departments' | 'tried'>;

/**
 * Whether an agent can take work now: presence online, a console connected (not in grace), and a
 * free slot (offers count).
 * @example available(agent) // true while online, connected and load < capacity
 */
export function available(agent: AgentRouting): boolean {
  return agent.presence === 'online' && agent.connected && load(agent) < agent.capacity;
}

/**
 * Whether the agent has every skill in `required`.
 * @example hasSkills({ skills: ['tech', 'de'] }, ['tech']) // true
 */
export function hasSkills(
  agent: Pick<AgentRouting, 'skills'>,
  required: readonly string[],
): boolean {
  return required.every((skill) => agent.skills.includes(skill));
}

/**
 * The agents routing may offer this conversation to: members of its department with every required
 * skill, available, and not yet tried for it. When every such agent has been tried, all of them are
 * eligible again (the tried list starts over). In the department's `agentIds` order.
 * @example eligibleAgents(state, conversation).map((a) => a.id)
 */
export function eligibleAgents(
  state: RoutingView,
  conversation: ConversationSummary,
): AgentRouting[] {
  const department =
    conversation.routing && state.departments.get(conversation.routing.departmentId);
  if (!department || !conversation.routing) return [];
  const required = conversation.routing.skills;
  const pool = department.agentIds
    .map((id) => state.agents.get(id))
    .filter((a): a is AgentRouting => !!a && available(a) && hasSkills(a, required));
  const tried = state.tried.get(conversation.id) ?? [];
  const fresh = pool.filter((a) => !tried.includes(a.id));
  return fresh.length > 0 ? fresh : pool;
}

/**
 * The best of `candidates` (non-empty, in the department's `agentIds` order) by the strategy:
 * `longest-idle` the smallest `idleSince`; `least-busy` the smallest load / capacity, ties by
 * longest idle; `round-robin` the first after `cursor` (the agent last given one) in `agentIds` order.
 * @example pickAgent('longest-idle', agents, department.agentIds, undefined)
 */
export function pickAgent(
  strategy: Strategy,
  candidates: readonly AgentRouting[],
  agentIds: readonly string[],
  cursor: string | undefined,
): AgentRouting {
  const first = candidates[0];
  if (!first) throw new Error('pickAgent needs at least one candidate');
  if (strategy === 'round-robin') {
    const start = cursor === undefined ? -1 : agentIds.indexOf(cursor);
    const rank = (a: AgentRouting) => {
      const index = agentIds.indexOf(a.id);
      return (index - start - 1 + agentIds.length) % agentIds.length;
    };
    return candidates.reduce((best, a) => (rank(a) < rank(best) ? a : best));
  }
  const ratio = (a: AgentRouting) => load(a) / a.capacity;
  return candidates.reduce((best, a) => {
    if (strategy === 'least-busy' && ratio(a) !== ratio(best))
      return ratio(a) < ratio(best) ? a : best;
    return a.idleSince < best.idleSince ? a : best;
  });
}

/**
 * A department's waiting conversations (offered ones included), first in line first.
 * @example waitingIn(state, 'orders').map((c) => c.id)
 */
export function waitingIn(
  state: Pick<CoreState, 'open' | 'queues'>,
  departmentId: string,
): ConversationSummary[] {
  const waiting: ConversationSummary[] = [];
  for (const id of state.queues.get(departmentId) ?? []) {
    const conversation = state.open.get(id);
    if (conversation) waiting.push(conversation);
  }
  return waiting;
}

/**
 * Routing: walk every waiting conversation without a pending offer, in queue order across the open
 * departments, and give each the best eligible agent by its department's strategy (offered, or
 * assigned at once with auto-accept), until no pair is left. Afterwards no waiting, un-offered
 * conversation of an open department has an eligible agent with room.
 *
 * Only the queues of open departments with an available member are walked: giving out work never
 * makes an agent available, so a department without one has nothing to route this time, and a
 * queue that fills while every agent is busy costs nothing per command.
 */
export function route(draft: Draft): void {
  const live = new Set<string>();
  const hasRoom = (department: Department) =>
    department.agentIds.some((id) => {
      const agent = draft.agents.get(id);
      return !!agent && available(agent);
    });
  for (const departmentId of draft.queues.keys()) {
    const department = draft.departments.get(departmentId);
    if (department && hasRoom(department) && isOpen(department, draft.now)) live.add(departmentId);
  }
  if (live.size === 0) return;
  const queue: ConversationSummary[] = [];
  for (const departmentId of live) queue.push(...waitingIn(draft, departmentId));
  // Each queue is sorted already; the merge keeps the order across departments.
  if (live.size > 1) queue.sort(queueOrder);
  for (const waiting of queue) {
    const departmentId = waiting.routing!.departmentId;
    if (!live.has(departmentId) || waiting.offer) continue;
    const department = draft.departments.get(departmentId)!;
    const conversation = draft.open.get(waiting.id) ?? waiting;
    const candidates = eligibleAgents(draft, conversation);
    if (candidates.length === 0) continue;
    const agent = pickAgent(
      department.strategy,
      candidates,
      department.agentIds,
      draft.cursors.get(department.id),
    );
    draft.cursors.set(department.id, agent.id);
    // Everyone was tried: the list starts over with this offer.
    if (draft.tried.get(conversation.id)?.includes(agent.id)) draft.tried.delete(conversation.id);
    if (department.autoAccept) draft.assign(conversation, draft.ref(agent));
    else draft.offer(conversation, agent, department.offerTimeoutSec);
    // That agent may have been the last with room in some queue.
    for (const id of live) {
      const other = draft.departments.get(id)!;
      if (other.agentIds.includes(agent.id) && !hasRoom(other)) live.delete(id);
    }
    if (live.size === 0) return;
  }
}
