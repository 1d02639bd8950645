// The `queue.status` pushes to waiting visitors after each command.
import type { ConversationSummary } from '@switchboard/shared';
import type { Draft } from './draft.js';
import { type DepartmentStats, departmentStats, queueUpdate } from './estimate.js';

/**
 * Push `queue.status` to each waiting visitor whose status changed (and a last one once taken).
 * A status reads the department's numbers and the place in line, so only these are recomputed:
 * a whole queue when its department's numbers changed since the last push (`queueStats`), else
 * from the first place where the queue differs from the last state's (a conversation joining at
 * the back costs one status, not one per waiting visitor); and the conversations this command
 * touched that left a queue.
 */
export function queueStatuses(draft: Draft): void {
  const push = (
    conversation: ConversationSummary,
    stats: DepartmentStats | undefined,
    index: number,
  ) => {
    const site = draft.base.sites.get(conversation.siteId);
    const frame = queueUpdate(
      conversation,
      stats,
      index,
      site?.waitThresholdSec ?? 240,
      site?.callback !== undefined,
    );
    const key = JSON.stringify(frame);
    if (draft.queueSent.get(conversation.id) === key) return;
    draft.mutated = true;
    if (frame.position === null) draft.queueSent.delete(conversation.id);
    else draft.queueSent.set(conversation.id, key);
    draft.sends.push({
      type: 'send',
      to: { kind: 'visitor', visitorId: conversation.visitor.id },
      frame,
    });
  };
  const view = {
    agents: draft.agents,
    handleTimes: draft.handleTimes,
    settings: draft.base.settings,
  };
  const departmentIds = new Set([...draft.queues.keys(), ...draft.queueStats.keys()]);
  for (const departmentId of departmentIds) {
    const department = draft.departments.get(departmentId);
    if (!department) continue;
    const queue = draft.queues.get(departmentId) ?? [];
    const stats = departmentStats(view, department, draft.now);
    const key = statsKey(stats);
    let from = 0;
    if (draft.queueStats.get(departmentId) === key) {
      const before = draft.base.queues.get(departmentId) ?? [];
      if (before === queue) from = queue.length;
      while (from < queue.length && before[from] === queue[from]) from++;
    } else if (queue.length > 0) {
      draft.mutated = true;
      draft.queueStats.set(departmentId, key);
    }
    if (queue.length === 0 && draft.queueStats.delete(departmentId)) draft.mutated = true;
    for (let index = from; index < queue.length; index++) {
      push(draft.open.get(queue[index]!)!, stats, index);
    }
  }
  // Only a command's events take a conversation out of a queue.
  for (const id of draft.touched.keys()) {
    if (!draft.queueSent.has(id)) continue;
    const conversation = draft.open.get(id);
    const departmentId = conversation?.routing?.departmentId;
    const queued =
      conversation?.status === 'waiting' &&
      departmentId !== undefined &&
      draft.departments.has(departmentId);
    if (queued) continue;
    if (conversation) push(conversation, undefined, -1);
    else {
      draft.mutated = true;
      draft.queueSent.delete(id);
    }
  }
}

/** What of a department's numbers a `queue.status` shows, as a comparable key. */
function statsKey(stats: DepartmentStats): string {
  return JSON.stringify([
    stats.department.name,
    stats.open,
    stats.nextOpenAt,
    stats.online.length,
    stats.capacity,
    stats.free,
    stats.averageHandleSec,
  ]);
}
