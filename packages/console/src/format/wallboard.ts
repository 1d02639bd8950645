import type { AgentStatus, QueueStatus, WallboardData } from '@switchboard/shared';
import { en } from '../i18n/en.js';
import type { ChartSpec } from './chart-data.js';

const t = en.wallboard;

/** Where an agent stands on the wallboard. */
export type AgentState = 'available' | 'busy' | 'away' | 'offline';

/** The states in the order the wallboard lists them. */
export const AGENT_STATES: readonly AgentState[] = ['available', 'busy', 'away', 'offline'];

/**
 * An agent's wallboard state: offline (status Offline, or no console connected), away, busy at
 * capacity (chats plus pending offers fill every slot), or online with room.
 * @example agentState({ presence: 'online', connected: true, load: 3, capacity: 3, ... }) // 'busy'
 */
export function agentState(agent: AgentStatus): AgentState {
  if (agent.presence === 'offline' || !agent.connected) return 'offline';
  if (agent.presence === 'away') return 'away';
  return agent.load >= agent.capacity ? 'busy' : 'available';
}

/** How many agents are in each state. */
export function agentStateCounts(agents: readonly AgentStatus[]): Record<AgentState, number> {
  const counts: Record<AgentState, number> = { available: 0, busy: 0, away: 0, offline: 0 };
  for (const agent of agents) counts[agentState(agent)] += 1;
  return counts;
}

/**
 * The queue's longest wait now: the snapshot's age of the oldest waiting contact plus the time
 * since the snapshot arrived, so it ticks between snapshots. 0 when nobody waits.
 * @example longestWaitNow({ waiting: ['c_1'], longestWaitMs: 60_000, ... }, T0, T0 + 5_000) // 65_000
 */
export function longestWaitNow(queue: QueueStatus, receivedAt: number, now: number): number {
  if (queue.waiting.length === 0) return 0;
  return queue.longestWaitMs + Math.max(0, now - receivedAt);
}

/** Today's hourly contacts (bars) and service level (line), as the chart and its table get them. */
export function hourlySpec(data: WallboardData): ChartSpec {
  return {
    x: data.hourly.map((h) => h.start),
    series: [
      {
        label: t.contacts,
        kind: 'count',
        values: data.hourly.map((h) => h.contacts),
        color: '#1f6f5c',
      },
      {
        label: t.serviceLevel,
        kind: 'share',
        values: data.hourly.map((h) => h.serviceLevel),
        color: '#2563eb',
      },
    ],
  };
}
