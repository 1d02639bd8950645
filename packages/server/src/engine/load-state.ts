import type { Department } from '@switchboard/shared';
import type { Logger } from 'pino';
import type { AgentDirectory } from '../auth/agents.js';
import type { Config } from '../config.js';
import { HANDLE_TIMES_KEPT } from '../core/handle-times.js';
import { createState } from '../core/state.js';
import type { CoreState, SiteRouting } from '../core/types.js';
import type { Store } from '../store/types.js';

/**
 * Seed what the config brings and the store does not have yet: departments whose id is not stored
 * (the stored copy wins after that, since supervisors edit it in the console), and the canned
 * responses while the store has none. A department's `agentIds` may name agents by email; they are
 * resolved to ids here, and `agents[].departmentIds` are merged in.
 */
export async function seedRouting(options: {
  config: Config;
  store: Store;
  agents: AgentDirectory;
  logger?: Pick<Logger, 'warn'>;
}): Promise<void> {
  const { config, store, agents, logger } = options;
  const enabled = await agents.routingAgents();
  const byEmail = new Map(enabled.map((a) => [a.email.toLowerCase(), a.id]));
  const ids = new Set(enabled.map((a) => a.id));
  const stored = new Set((await store.listDepartments()).map((d) => d.id));
  for (const department of config.departments) {
    if (stored.has(department.id)) continue;
    const members = new Set<string>();
    for (const ref of department.agentIds) {
      const id = byEmail.get(ref.toLowerCase()) ?? (ids.has(ref) ? ref : undefined);
      if (id) members.add(id);
      else logger?.warn({ department: department.id, agent: ref }, 'department names no agent');
    }
    for (const agent of config.agents) {
      const id = byEmail.get(agent.email.toLowerCase());
      if (id && agent.departmentIds.includes(department.id)) members.add(id);
    }
    const seeded: Department = { ...department, agentIds: [...members] };
    await store.saveDepartment(seeded);
  }
  if (config.canned.length > 0 && (await store.listCanned()).length === 0) {
    for (const canned of config.canned) {
      await store.saveCanned({ ...canned, id: canned.id ?? `cr_${canned.shortcut}` });
    }
  }
}

/** Each site's routing settings, from the config. */
export function siteRouting(config: Config): SiteRouting[] {
  return config.sites.map((site) => ({
    id: site.id,
    ...(site.defaultDepartmentId ? { defaultDepartmentId: site.defaultDepartmentId } : {}),
    waitThresholdSec: site.waitThresholdSec,
    topics: (site.prechat?.topics ?? []).map((t) => ({ ...t, skills: t.skills ?? [] })),
    alternatives: site.alternatives,
    ...(site.callback
      ? {
          callback: {
            consentText: site.callback.consentText,
            ...(site.callback.defaultCountry
              ? { defaultCountry: site.callback.defaultCountry }
              : {}),
            hours: site.callback.hours,
            slotMinutes: site.callback.slotMinutes,
            daysAhead: site.callback.daysAhead,
            capacityPerSlot: site.callback.capacityPerSlot,
            retry: site.callback.retry,
            cutOffAfterSec: site.callback.cutOffAfterSec,
          },
        }
      : {}),
    ...(site.priorityRules?.length ? { priorityRules: site.priorityRules } : {}),
  }));
}

/**
 * The core's state at start-up: open conversations, departments, enabled agents with their saved
 * presence, handle times, canned responses, open callbacks, known phone numbers and cut-offs from
 * the store; site settings from the config.
 * @example const state = await loadState({ config, store, agents, now: Date.now() })
 */
export async function loadState(options: {
  config: Config;
  store: Store;
  agents: AgentDirectory;
  now: number;
}): Promise<CoreState> {
  const { config, store, agents, now } = options;
  const [conversations, departments, routingAgents, handleTimes, assignedAt, canned] =
    await Promise.all([
      store.loadOpenConversations(),
      store.listDepartments(),
      agents.routingAgents(),
      store.recentHandleTimes(HANDLE_TIMES_KEPT),
      store.openAssignedAt(),
      store.listCanned(),
    ]);
  const [callbacks, phones, cutOff] = await Promise.all([
    store.loadOpenCallbacks(),
    store.openVisitorPhones(),
    store.openCutOffs(),
  ]);
  return createState({
    conversations,
    departments,
    agents: routingAgents,
    sites: siteRouting(config),
    settings: { ...config.routing, dispositions: config.dispositions.map((d) => d.id) },
    handleTimes,
    assignedAt,
    canned,
    callbacks,
    phones,
    cutOff,
    now,
  });
}
