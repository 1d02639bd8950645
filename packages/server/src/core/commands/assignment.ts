// Who has a conversation: answering an offer, assigning, transferring, joining, deferring.
import type { ConversationSummary } from '@switchboard/shared';
import type { Draft } from '../draft.js';
import { hasSkills } from '../routing.js';
import { load } from '../state.js';
import type {
  AgentRouting,
  AnswerOffer,
  AssignConversation,
  DeferConversation,
  JoinConversation,
  TransferConversation,
} from '../types.js';
import { findOwn, forAgent } from './find.js';
import { fail, type Outcome, ok, refOf } from './outcome.js';

/** `offer.accept` and `offer.decline`: the agent offered the conversation takes it or passes. */
export function answerOffer(draft: Draft, command: AnswerOffer): Outcome {
  const found = forAgent(draft, command.type, command.agent, command.conversationId, null);
  if (!found.ok) return { frame: found.error };
  const { conversation } = found;
  // The table let only the agent it is offered to through.
  if (command.type === 'offer.accept') draft.assign(conversation, conversation.offer!.agent);
  else draft.unoffer(conversation, 'declined');
  return ok;
}

/** `conversation.join`: an agent joins a conversation beside its agent. */
export function join(draft: Draft, command: JoinConversation): Outcome {
  const found = forAgent(
    draft,
    'conversation.join',
    command.agent,
    command.conversationId,
    command.stored,
  );
  if (!found.ok) return { frame: found.error };
  const { conversation } = found;
  const already =
    conversation.agent?.id === command.agent.id ||
    conversation.participants?.some((p) => p.id === command.agent.id);
  if (!already) {
    draft.emit(conversation, { type: 'conversation.joined', agent: refOf(command.agent) });
  }
  return ok;
}

/** `conversation.defer`: a waiting visitor leaves a message instead of waiting on. */
export function defer(draft: Draft, command: DeferConversation): Outcome {
  const found = findOwn(draft, command.conversationId, command.visitor, command.stored);
  if (!found.ok) return { frame: found.error };
  const { conversation } = found;
  if (conversation.status === 'waiting' && conversation.mode !== 'message') {
    draft.emit(conversation, { type: 'conversation.deferred' });
  }
  return ok;
}

/**
 * Whether `agent` may be given `conversation` by hand: online, connected, with the skills and a
 * free slot (an offer of this very conversation to them counts as theirs already).
 */
function canTake(agent: AgentRouting, conversation: ConversationSummary): boolean {
  if (agent.presence !== 'online' || !agent.connected) return false;
  if (!hasSkills(agent, conversation.routing?.skills ?? [])) return false;
  const own = conversation.offer?.agent.id === agent.id ? 1 : 0;
  return load(agent) - own < agent.capacity;
}

export function assign(draft: Draft, command: AssignConversation): Outcome {
  const { agent } = command;
  const forSomeoneElse = command.agentId !== agent.id;
  const found = forAgent(
    draft,
    forSomeoneElse ? 'conversation.assign:other' : 'conversation.assign',
    agent,
    command.conversationId,
    command.stored,
  );
  if (!found.ok) return { frame: found.error };
  const { conversation } = found;
  if (conversation.status === 'active' && conversation.agent?.id === command.agentId) return ok;
  const target = draft.agent(command.agentId);
  if (!target || !canTake(target, conversation)) return fail('AGENT_UNAVAILABLE');
  draft.assign(conversation, refOf(target), forSomeoneElse ? refOf(agent) : undefined);
  return ok;
}

export function transfer(draft: Draft, command: TransferConversation): Outcome {
  const { agent, to } = command;
  const found = forAgent(
    draft,
    'conversation.transfer',
    agent,
    command.conversationId,
    command.stored,
  );
  if (!found.ok) return { frame: found.error };
  let conversation = found.conversation;
  const note = command.note ? { note: command.note } : {};
  if (to.kind === 'agent') {
    const target = draft.agent(to.agentId);
    if (conversation.status === 'active' && conversation.agent?.id === to.agentId) return ok;
    if (!target || !canTake(target, conversation)) return fail('AGENT_UNAVAILABLE');
    if (conversation.offer && conversation.offer.agent.id !== target.id) {
      draft.unoffer(conversation, 'withdrawn');
      conversation = draft.open.get(conversation.id)!;
    }
    draft.emit(conversation, {
      type: 'conversation.transferred',
      by: refOf(agent),
      to: { kind: 'agent', agent: refOf(target) },
      ...note,
    });
    draft.assign(draft.open.get(conversation.id)!, refOf(target), refOf(agent));
    return ok;
  }
  const department = draft.departments.get(to.departmentId);
  if (!department) return fail('UNKNOWN_DEPARTMENT');
  if (conversation.offer) {
    draft.unoffer(conversation, 'withdrawn');
    conversation = draft.open.get(conversation.id)!;
  }
  draft.emit(conversation, {
    type: 'conversation.transferred',
    by: refOf(agent),
    to: { kind: 'department', departmentId: department.id, name: department.name },
    ...note,
  });
  draft.requeue(draft.open.get(conversation.id)!, department.id, 'transferred', department.skills);
  return ok;
}
