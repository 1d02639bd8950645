import type {
  AgentStatus,
  Alternative,
  ConversationSummary,
  Department,
  QueueStatus,
  QueueUpdate,
} from '@switchboard/shared';
import { isOpen, nextOpening } from './business-hours.js';
import { waitingIn } from './routing.js';
import { departmentsOf, load } from './state.js';
import type { AgentRouting, CoreState } from './types.js';

/**
 * Average handle time in seconds: the mean of the recent handle times (ms), or `fallbackSec` when
 * there are none.
 * @example averageHandleSec([240_000, 360_000], 300) // 300
 */
export function averageHandleSec(
  times: readonly number[] | undefined,
  fallbackSec: number,
): number {
  if (!times || times.length === 0) return fallbackSec;
  return times.reduce((sum, t) => sum + t, 0) / times.length / 1000;
}

/**
 * The estimated wait in seconds for the visitor at `position` (1 = next): null when no agent of
 * the department is online (C = 0); 0 while a free slot is left for them (p <= free); otherwise
 * `ceil(AHT * (p - free) / C)`, C being the capacity of the online agents.
 * @example estimateWaitSec({ position: 5, free: 1, capacity: 4, averageHandleSec: 300 }) // 300
 */
export function estimateWaitSec(input: {
  position: number;
  free: number;
  capacity: number;
  averageHandleSec: number;
}): number | null {
  const { position, free, capacity } = input;
  if (capacity <= 0) return null;
  if (position <= free) return 0;
  return Math.ceil((input.averageHandleSec * (position - free)) / capacity);
}

/**
 * The other ways to get help to offer a waiting visitor now: `message` (and `callback` when the
 * site offers callbacks) when there is no estimate, when it passes the threshold, or when the
 * department is closed.
 * @example alternativesFor({ estimateSec: 600, thresholdSec: 240, open: true }) // ['message']
 */
export function alternativesFor(input: {
  estimateSec: number | null;
  thresholdSec: number;
  open: boolean;
  /** @default false */
  callback?: boolean;
}): Alternative[] {
  const { estimateSec, thresholdSec, open } = input;
  if (open && estimateSec !== null && estimateSec <= thresholdSec) return [];
  return input.callback ? ['message', 'callback'] : ['message'];
}

/** Live numbers of one department, for estimates and the supervisors' view. */
export interface DepartmentLoad extends DepartmentStats {
  waiting: ConversationSummary[];
}

/** A department's numbers that estimates read, besides the queue itself. */
export interface DepartmentStats {
  department: Department;
  open: boolean;
  /** When it next opens, while closed. */
  nextOpenAt: number | null;
  /** Agents of the department who are online and connected. */
  online: AgentRouting[];
  capacity: number;
  free: number;
  averageHandleSec: number;
}

/**
 * One department's numbers at `now`, without its queue: costs the size of the department.
 * @example departmentStats(state, state.departments.get('orders')!, Date.now())
 */
export function departmentStats(
  state: Pick<CoreState, 'agents' | 'handleTimes' | 'settings'>,
  department: Department,
  now: number,
): DepartmentStats {
  const open = isOpen(department, now);
  const online = department.agentIds
    .map((id) => state.agents.get(id))
    .filter((a): a is AgentRouting => !!a && a.presence === 'online' && a.connected);
  return {
    department,
    open,
    nextOpenAt: open ? null : nextOpening(department, now),
    online,
    capacity: online.reduce((sum, a) => sum + a.capacity, 0),
    free: online.reduce((sum, a) => sum + Math.max(0, a.capacity - load(a)), 0),
    averageHandleSec: averageHandleSec(
      state.handleTimes.get(department.id),
      state.settings.defaultHandleSec,
    ),
  };
}

/**
 * One department's live numbers at `now`.
 * @example departmentLoad(state, state.departments.get('orders')!, Date.now())
 */
export function departmentLoad(
  state: Pick<CoreState, 'open' | 'queues' | 'agents' | 'handleTimes' | 'settings'>,
  department: Department,
  now: number,
): DepartmentLoad {
  return { ...departmentStats(state, department, now), waiting: waitingIn(state, department.id) };
}

/**
 * The `queue.status` for a waiting conversation at `index` in its department's queue (0 = next);
 * for one an agent has, of an unknown department, or not in the queue (-1), position and
 * estimate are null.
 * @example queueUpdate(conversation, departmentStats(state, department, now), 0, 240)
 */
export function queueUpdate(
  conversation: ConversationSummary,
  stats: DepartmentStats | undefined,
  index: number,
  thresholdSec: number,
  offersCallback = false,
): QueueUpdate {
  if (!stats || index === -1 || conversation.status !== 'waiting') {
    return {
      type: 'queue.status',
      conversationId: conversation.id,
      position: null,
      estimatedWaitSec: null,
      departmentName: stats?.department.name ?? '',
      open: stats?.open ?? true,
      agentsOnline: stats?.online.length ?? 0,
      alternatives: [],
    };
  }
  const estimate = stats.open
    ? estimateWaitSec({
        position: index + 1,
        free: stats.free,
        capacity: stats.capacity,
        averageHandleSec: stats.averageHandleSec,
      })
    : null;
  return {
    type: 'queue.status',
    conversationId: conversation.id,
    position: index + 1,
    estimatedWaitSec: estimate,
    departmentName: stats.department.name,
    open: stats.open,
    agentsOnline: stats.online.length,
    ...(stats.nextOpenAt !== null && !stats.open ? { nextOpenAt: stats.nextOpenAt } : {}),
    alternatives: alternativesFor({
      estimateSec: estimate,
      thresholdSec,
      open: stats.open,
      callback: offersCallback,
    }),
  };
}

/**
 * The `queue.status` a visitor should see now for their conversation, or null when it is not open.
 * @example queueStatusFor(state, conversationId, Date.now())
 */
export function queueStatusFor(
  state: CoreState,
  conversationId: string,
  now: number,
): QueueUpdate | null {
  const conversation = state.open.get(conversationId);
  if (!conversation) return null;
  const departmentId = conversation.routing?.departmentId;
  const department = departmentId !== undefined ? state.departments.get(departmentId) : undefined;
  const site = state.sites.get(conversation.siteId);
  const index =
    department && conversation.status === 'waiting'
      ? (state.queues.get(department.id) ?? []).indexOf(conversation.id)
      : -1;
  return queueUpdate(
    conversation,
    department ? departmentStats(state, department, now) : undefined,
    index,
    site?.waitThresholdSec ?? 240,
    site?.callback !== undefined,
  );
}

/**
 * Every agent's state and every queue, as supervisors see them.
 * @example const { agents, queues } = routingSnapshot(state, Date.now())
 */
export function routingSnapshot(
  state: CoreState,
  now: number,
): { agents: AgentStatus[]; queues: QueueStatus[] } {
  const agents = [...state.agents.values()].map(
    (a): AgentStatus => ({
      id: a.id,
      name: a.name,
      role: a.role,
      presence: a.presence,
      connected: a.connected || a.graceUntil !== undefined,
      load: load(a),
      capacity: a.capacity,
      skills: [...a.skills],
      departmentIds: departmentsOf(state, a.id),
    }),
  );
  const queues = [...state.departments.values()].map((department): QueueStatus => {
    const stats = departmentLoad(state, department, now);
    const oldest = stats.waiting.reduce(
      (min, c) => Math.min(min, c.queuedAt ?? c.createdAt),
      Number.POSITIVE_INFINITY,
    );
    return {
      departmentId: department.id,
      name: department.name,
      open: stats.open,
      waiting: stats.waiting.map((c) => c.id),
      longestWaitMs: stats.waiting.length > 0 ? Math.max(0, now - oldest) : 0,
      agentsOnline: stats.online.length,
      averageHandleSec: Math.round(stats.averageHandleSec),
    };
  });
  return { agents, queues };
}
