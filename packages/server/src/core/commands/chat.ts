// Chat commands: visitor and agent messages (a first visitor message opens the conversation),
// notes, typing and closing.
import type { ConversationSummary, Routing } from '@switchboard/shared';
import type { Draft } from '../draft.js';
import { priorityFor } from '../priority.js';
import type { ClientIdRecord } from '../records.js';
import type {
  AgentMessage,
  CloseConversation,
  SendNote,
  Typing,
  VisitorMessage,
} from '../types.js';
import { rememberPhone } from './callback-write.js';
import { findOwn, forActor, forAgent } from './find.js';
import { actorKey, type Outcome, ok, refOf } from './outcome.js';

/** Where a new conversation goes: the page's department, the topic's, the site's default, the first. */
function routingFor(draft: Draft, command: VisitorMessage): Routing | undefined {
  const site = draft.base.sites.get(command.visitor.siteId);
  const topic = site?.topics.find((t) => t.id === command.prechat?.topic);
  const known = (id: string | undefined) => (id && draft.departments.has(id) ? id : undefined);
  const departmentId =
    known(command.departmentId) ??
    known(topic?.departmentId) ??
    known(site?.defaultDepartmentId) ??
    draft.departments.keys().next().value;
  if (departmentId === undefined) return undefined;
  const department = draft.departments.get(departmentId)!;
  return {
    departmentId,
    skills: [...new Set([...department.skills, ...(topic?.skills ?? [])])],
    // The server decides: the site's rules on a verified visitor's attributes, never the visitor.
    priority: priorityFor(site?.priorityRules, command.profile),
  };
}

export function visitorMessage(draft: Draft, command: VisitorMessage): Outcome {
  if (command.duplicate) return { frame: command.duplicate };
  const { visitor } = command;
  let conversation: ConversationSummary | null = null;
  if (command.conversationId !== undefined) {
    const found = findOwn(draft, command.conversationId, visitor, command.stored);
    if (!found.ok) return { frame: found.error };
    conversation = found.conversation;
  } else {
    const openId = draft.openByVisitor.get(visitor.id);
    conversation = (openId && draft.open.get(openId)) || null;
  }
  const target = conversation ?? { id: draft.ctx.newId('cnv'), siteId: visitor.siteId };
  let name = conversation?.visitor.name ?? visitor.name;
  if (!conversation) {
    const routing = routingFor(draft, command);
    const { prechat } = command;
    name = prechat?.name ?? visitor.name;
    const email = prechat?.email ?? command.profile?.email;
    draft.emit(target, {
      type: 'conversation.created',
      visitor: { ...command.profile, id: visitor.id, name, ...(email ? { email } : {}) },
      context: command.context,
      ...(routing ? { routing } : {}),
      ...(prechat?.topic ? { topic: prechat.topic } : {}),
      ...(command.article ? { article: command.article } : {}),
    });
    // Kept for a callback if the chat is cut off (in the store, never in the log or the logs).
    if (prechat?.phone) rememberPhone(draft, visitor.id, prechat.phone);
  }
  return message(draft, target, actorKey(visitor), command.clientId, {
    type: 'message.created',
    id: draft.ctx.newId('msg'),
    clientId: command.clientId,
    author: { role: 'visitor', id: visitor.id, name },
    text: command.text,
  });
}

/** Write a message or note and answer with its ack, remembering the sender's clientId. */
function message(
  draft: Draft,
  target: { id: string; siteId: string },
  actor: string,
  clientId: string,
  event: Parameters<Draft['emit']>[1] & { type: 'message.created' | 'note.created'; id: string },
): Outcome {
  const summary = draft.emit(target, event);
  const record: ClientIdRecord = {
    actor,
    clientId,
    conversationId: target.id,
    messageId: event.id,
    seq: summary.lastSeq,
    at: draft.now,
  };
  const { actor: _actor, ...ack } = record;
  return { frame: { type: 'chat.ack', ...ack }, sender: record };
}

export function agentMessage(draft: Draft, command: AgentMessage): Outcome {
  if (command.duplicate) return { frame: command.duplicate };
  const { agent } = command;
  const found = forAgent(draft, 'chat.send', agent, command.conversationId, command.stored);
  if (!found.ok) return { frame: found.error };
  const { conversation } = found;
  // Replying takes a waiting conversation: the agent chose it, even past their capacity.
  if (conversation.status === 'waiting') draft.assign(conversation, refOf(agent));
  return message(draft, conversation, actorKey(agent), command.clientId, {
    type: 'message.created',
    id: draft.ctx.newId('msg'),
    clientId: command.clientId,
    author: { role: 'agent', id: agent.id, name: agent.name },
    text: command.text,
  });
}

export function note(draft: Draft, command: SendNote): Outcome {
  if (command.duplicate) return { frame: command.duplicate };
  const { agent } = command;
  const kind = command.kind === 'whisper' ? 'note.send:whisper' : 'note.send';
  const found = forAgent(draft, kind, agent, command.conversationId, command.stored);
  if (!found.ok) return { frame: found.error };
  return message(draft, found.conversation, actorKey(agent), command.clientId, {
    type: 'note.created',
    id: draft.ctx.newId('note'),
    clientId: command.clientId,
    author: { role: 'agent', id: agent.id, name: agent.name },
    kind: command.kind,
    text: command.text,
  });
}

export function close(draft: Draft, command: CloseConversation): Outcome {
  const found = forActor(
    draft,
    'conversation.close',
    command.by,
    command.conversationId,
    command.stored,
  );
  if (!found.ok) return { frame: found.error };
  const { conversation } = found;
  const { by } = command;
  // A visitor who gives up before an answer abandons the queue (unless they left a message).
  const abandoned =
    by.role === 'visitor' && conversation.status === 'waiting' && conversation.mode !== 'message';
  draft.close(conversation, {
    type: 'conversation.closed',
    by: { role: by.role, id: by.id, name: by.name },
    ...(abandoned
      ? {
          reason: 'abandoned' as const,
          waitMs: Math.max(0, draft.now - (conversation.queuedAt ?? conversation.createdAt)),
        }
      : {}),
  });
  return ok;
}

export function typing(draft: Draft, command: Typing): Outcome {
  const found = forActor(draft, 'chat.typing', command.by, command.conversationId, command.stored);
  if (!found.ok) return { frame: found.error };
  const { conversation } = found;
  const { by } = command;
  draft.sends.push({
    type: 'send',
    to:
      by.role === 'visitor'
        ? { kind: 'followers', conversationId: conversation.id }
        : { kind: 'visitor', visitorId: conversation.visitor.id },
    frame: {
      type: 'typing',
      conversationId: conversation.id,
      role: by.role,
      name: by.name,
      typing: command.typing,
    },
  });
  return ok;
}
