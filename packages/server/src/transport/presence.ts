import type { AgentActor, Command } from '../core/types.js';
import type { Engine } from '../engine/engine.js';

/** Sockets that said hello, per visitor and per agent: routing hears of the first in, last out. */
export interface Presence {
  /** A visitor socket in (+1) or out (-1): `visitor.connect` / `visitor.disconnect` on 0 <-> 1. */
  visitor(visitorId: string, delta: 1 | -1): Promise<void> | undefined;
  /** An agent socket in (+1) or out (-1): `agent.connect` / `agent.disconnect` on 0 <-> 1. */
  agent(agent: AgentActor, delta: 1 | -1): Promise<void> | undefined;
  /**
   * Everyone with a socket here, as the commands that count them in: a cluster node says them
   * again to a new owner of the routing core.
   */
  present(): Command[];
}

const quietly = () => undefined;

/** Socket counts per visitor and per agent, telling the engine when someone comes or goes. */
export function createPresence(engine: Pick<Engine, 'dispatch'>): Presence {
  const visitorSockets = new Map<string, number>();
  const agentSockets = new Map<string, number>();
  const agents = new Map<string, AgentActor>();
  /** Count a socket in (+1) or out (-1); dispatch `connect` / `disconnect` on 0 <-> 1. */
  function change(
    counts: Map<string, number>,
    id: string,
    delta: 1 | -1,
    command: (kind: 'connect' | 'disconnect') => Command,
  ): Promise<void> | undefined {
    const before = counts.get(id) ?? 0;
    const after = before + delta;
    if (after <= 0) counts.delete(id);
    else counts.set(id, after);
    if (before === 0 && after === 1) return engine.dispatch(command('connect'), quietly);
    if (before === 1 && after === 0) return engine.dispatch(command('disconnect'), quietly);
    return undefined;
  }
  return {
    visitor: (visitorId, delta) =>
      change(visitorSockets, visitorId, delta, (kind) => ({
        type: `visitor.${kind}`,
        visitorId,
      })),
    agent(agent, delta) {
      agents.set(agent.id, agent);
      const told = change(agentSockets, agent.id, delta, (kind) => ({
        type: `agent.${kind}`,
        agent,
      }));
      if (!agentSockets.has(agent.id)) agents.delete(agent.id);
      return told;
    },
    present: () => [
      ...[...visitorSockets.keys()].map(
        (visitorId): Command => ({
          type: 'visitor.connect',
          visitorId,
        }),
      ),
      ...[...agents.values()].map((agent): Command => ({ type: 'agent.connect', agent })),
    ],
  };
}
