// An agent's connection and presence, which routing reads.
import type { Draft } from '../draft.js';
import { agentRouting } from '../state.js';
import type { AgentActor, AgentConnection, AgentRouting, SetPresence } from '../types.js';
import { type Outcome, ok } from './outcome.js';

/** `agent.connect` and `agent.disconnect`: a console came or went (a grace period on leaving). */
export function connectAgent(draft: Draft, command: AgentConnection): Outcome {
  const agent = ensureAgent(draft, command.agent);
  if (command.type === 'agent.connect') {
    const returning = agent.connected || agent.graceUntil !== undefined;
    draft.setAgent({
      ...agent,
      connected: true,
      graceUntil: undefined,
      idleSince: returning ? agent.idleSince : draft.now,
    });
  } else {
    withdrawOffers(draft, agent.id);
    draft.patchAgent(agent.id, {
      connected: false,
      graceUntil: draft.now + draft.base.settings.disconnectGraceSec * 1000,
    });
  }
  return ok;
}

/** `presence.set`: online, away or offline; offers pending to an agent going away are withdrawn. */
export function setPresence(draft: Draft, command: SetPresence): Outcome {
  const agent = ensureAgent(draft, command.agent);
  if (command.presence !== 'online') withdrawOffers(draft, agent.id);
  draft.patchAgent(agent.id, {
    presence: command.presence,
    idleSince:
      command.presence === 'online' && agent.presence !== 'online' ? draft.now : agent.idleSince,
  });
  draft.writes.push({
    type: 'write',
    write: { kind: 'presence', agentId: agent.id, presence: command.presence },
  });
  return ok;
}

/** The agent's routing record, made (not connected, default capacity) if the core has none. */
function ensureAgent(draft: Draft, actor: AgentActor): AgentRouting {
  const found = draft.agent(actor.id);
  if (found) return found;
  const made = agentRouting({ id: actor.id, name: actor.name, role: 'agent' }, draft.now);
  draft.setAgent(made);
  return made;
}

/** Withdraw every offer pending to this agent (they went away or lost their console). */
function withdrawOffers(draft: Draft, agentId: string): void {
  for (const id of draft.agent(agentId)?.offers ?? []) {
    const conversation = draft.open.get(id);
    if (conversation?.offer?.agent.id === agentId) draft.unoffer(conversation, 'withdrawn');
    else draft.releaseAgent(agentId, id);
  }
}
