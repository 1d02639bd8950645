import type { Department } from '@switchboard/shared';
import { reduce } from '../../src/core/reduce.js';
import { type AgentSetup, createState } from '../../src/core/state.js';
import type {
  AgentActor,
  Command,
  CoreContext,
  CoreState,
  Effect,
  SiteRouting,
  VisitorActor,
} from '../../src/core/types.js';

/** A department with the defaults of the config. */
export function department(id: string, extra: Partial<Department> = {}): Department {
  return {
    id,
    name: id[0]!.toUpperCase() + id.slice(1),
    skills: [],
    agentIds: [],
    timeZone: 'UTC',
    hours: [],
    holidays: [],
    strategy: 'longest-idle',
    offerTimeoutSec: 30,
    autoAccept: false,
    ...extra,
  };
}

export const actor = (id: string): AgentActor => ({ role: 'agent', id, name: id });
export const visitorOf = (n: number): VisitorActor => ({
  role: 'visitor',
  id: `vis_${n}`,
  name: `Visitor ${n}`,
  siteId: 'demo',
});

/** A routing world: agents and departments, a clock, predictable ids, and the effects seen. */
export function world(options: {
  agents: AgentSetup[];
  departments: Department[];
  now?: number;
  settings?: NonNullable<Parameters<typeof createState>[0]>['settings'];
  /** Changes to the `demo` site (callbacks, say). */
  site?: Partial<SiteRouting>;
}) {
  let now = options.now ?? 1_000_000;
  let counter = 0;
  let state: CoreState = createState({
    agents: options.agents,
    departments: options.departments,
    sites: [
      {
        id: 'demo',
        defaultDepartmentId: options.departments[0]?.id,
        waitThresholdSec: 240,
        topics: [{ id: 'product', label: 'Product', departmentId: 'tech', skills: ['tech'] }],
        alternatives: [],
        ...options.site,
      },
    ],
    settings: options.settings,
    now,
  });
  let references = 0;
  const ctx = (): CoreContext => ({
    now,
    newId: (p) => `${p}_${++counter}`,
    newReference: () => `CB-${String(++references).padStart(4, '0')}`,
  });
  let last: Effect[] = [];
  const api = {
    get state() {
      return state;
    },
    get effects() {
      return last;
    },
    get now() {
      return now;
    },
    advance(ms: number) {
      now += ms;
    },
    run(command: Command) {
      ({ state, effects: last } = reduce(state, command, ctx()));
      return last.find((e) => e.type === 'reply')?.frame;
    },
    connect(...ids: string[]) {
      for (const id of ids) api.run({ type: 'agent.connect', agent: actor(id) });
    },
    /** A visitor (connected) writes their first message; returns the conversation id. */
    arrive(n: number, extra: Partial<Extract<Command, { type: 'visitor.message' }>> = {}) {
      api.run({ type: 'visitor.connect', visitorId: `vis_${n}` });
      const ack = api.run({
        type: 'visitor.message',
        visitor: visitorOf(n),
        clientId: `c${n}-${++counter}`,
        text: 'Hello',
        context: {},
        ...extra,
      });
      if (ack?.type !== 'chat.ack') throw new Error(`not acked: ${JSON.stringify(ack)}`);
      return ack.conversationId;
    },
    /** Who holds each conversation: `agent` (assigned), `agent?` (offered), or null. */
    holder(conversationId: string) {
      const c = state.open.get(conversationId);
      if (!c) return 'closed';
      if (c.status === 'active') return c.agent?.id ?? null;
      return c.offer ? `${c.offer.agent.id}?` : null;
    },
    events() {
      return last.flatMap((e) => (e.type === 'persist' ? e.events.map((ev) => ev.type) : []));
    },
  };
  return api;
}
