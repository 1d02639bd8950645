import {
  type AgentRef,
  type ConversationSummary,
  type ErrorFrame,
  errorFrame,
  forVisitor,
  type Routing,
} from '@switchboard/shared';
import { isTimeZone } from './business-hours.js';
import {
  cancelCallback,
  claimCallback,
  createCallback,
  recordOutcome,
  rememberPhone,
  requestCallback,
  rescheduleCallback,
} from './callbacks.js';
import { Draft } from './draft.js';
import { type DepartmentStats, departmentStats, queueUpdate } from './estimate.js';
import { profileOf } from './identify.js';
import {
  type AgentConversationCommand,
  agentRole,
  conversationForAgent,
  type ForAgent,
} from './permissions.js';
import { priorityFor } from './priority.js';
import { submitSurvey, wrapUp } from './quality.js';
import type { ClientIdRecord } from './records.js';
import { hasSkills, route } from './routing.js';
import { agentRouting, load } from './state.js';
import { expire, trackDeadlines } from './timers.js';
import type {
  Actor,
  AgentActor,
  AgentMessage,
  AgentRouting,
  AssignConversation,
  CloseConversation,
  Command,
  CoreContext,
  CoreState,
  Effect,
  Reduction,
  ReplyEffect,
  SendNote,
  Target,
  TransferConversation,
  Typing,
  UpdateVisitor,
  VisitorActor,
  VisitorMessage,
} from './types.js';

export { createState, emptyState, stateFromConversations } from './state.js';

/**
 * The key a sender's clientIds are kept under: `visitor:<id>` or `agent:<id>`.
 * @example actorKey({ role: 'agent', id: 'agt_1', name: 'Maya' }) // 'agent:agt_1'
 */
export function actorKey(actor: Pick<Actor, 'role' | 'id'>): string {
  return `${actor.role}:${actor.id}`;
}

/** What the executor must read from the store before reducing `command`. */
export interface NeededLookups {
  /** Look for a stored message with this sender's clientId. */
  clientId?: { actor: string; clientId: string };
  /** Read this conversation's stored summary: it is named but not open. */
  conversationId?: string;
  /** Look for a callback made by a request with this sender's clientId. */
  callbackClientId?: { actor: string; clientId: string };
  /** Read this callback from the store: it is named but not open. */
  callbackId?: string;
}

/**
 * The store reads `command` needs, so `reduce` can stay pure.
 * @example const needed = lookupsFor(state, command)
 */
export function lookupsFor(state: CoreState, command: Command): NeededLookups {
  const needed: NeededLookups = {};
  if (command.type === 'visitor.message') {
    needed.clientId = { actor: actorKey(command.visitor), clientId: command.clientId };
  } else if (command.type === 'agent.message' || command.type === 'note.send') {
    needed.clientId = { actor: actorKey(command.agent), clientId: command.clientId };
  }
  if (command.conversationId !== undefined && !state.open.has(command.conversationId)) {
    needed.conversationId = command.conversationId;
  }
  if (command.type === 'callback.request') {
    needed.callbackClientId = { actor: actorKey(command.visitor), clientId: command.clientId };
  }
  if (
    'callbackId' in command &&
    command.callbackId !== undefined &&
    !state.callbacks.has(command.callbackId)
  ) {
    needed.callbackId = command.callbackId;
  }
  return needed;
}

/** A command's answer, and the clientId to remember with the message it wrote. */
interface Outcome {
  frame: ReplyEffect['frame'];
  sender?: ClientIdRecord;
}

const ok: Outcome = { frame: { type: 'ok' } };
const fail = (code: Parameters<typeof errorFrame>[0], message?: string): Outcome => ({
  frame: errorFrame(code, message),
});

/**
 * Apply one command: returns the next state and the effects to run, in order (persist and write
 * first, then pushes, then the reply). What fell due by `ctx.now` runs first (expired offers, ended
 * grace periods, abandoned waits); routing runs after every command. Pure: the clock and ids come
 * from `ctx`, store facts from the command's lookups. A refused command changes nothing.
 * @example const { state: next, effects } = reduce(state, command, { now: Date.now(), newId })
 */
export function reduce(state: CoreState, command: Command, ctx: CoreContext): Reduction {
  const draft = new Draft(state, ctx);
  expire(draft);
  const outcome = handle(draft, command);
  route(draft);
  queueStatuses(draft);
  trackDeadlines(draft);
  return finish(draft, outcome);
}

function handle(draft: Draft, command: Command): Outcome {
  switch (command.type) {
    case 'visitor.message':
      return visitorMessage(draft, command);
    case 'agent.message':
      return agentMessage(draft, command);
    case 'conversation.close':
      return close(draft, command);
    case 'typing':
      return typing(draft, command);
    case 'agent.connect':
    case 'agent.disconnect': {
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
    case 'presence.set': {
      const agent = ensureAgent(draft, command.agent);
      if (command.presence !== 'online') withdrawOffers(draft, agent.id);
      draft.patchAgent(agent.id, {
        presence: command.presence,
        idleSince:
          command.presence === 'online' && agent.presence !== 'online'
            ? draft.now
            : agent.idleSince,
      });
      draft.writes.push({
        type: 'write',
        write: { kind: 'presence', agentId: agent.id, presence: command.presence },
      });
      return ok;
    }
    case 'offer.accept':
    case 'offer.decline': {
      const found = forAgent(draft, command.type, command.agent, command.conversationId, null);
      if (!found.ok) return { frame: found.error };
      const { conversation } = found;
      // The table let only the agent it is offered to through.
      if (command.type === 'offer.accept') draft.assign(conversation, conversation.offer!.agent);
      else draft.unoffer(conversation, 'declined');
      return ok;
    }
    case 'conversation.assign':
      return assign(draft, command);
    case 'conversation.transfer':
      return transfer(draft, command);
    case 'conversation.join': {
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
    case 'note.send':
      return note(draft, command);
    case 'conversation.defer': {
      const found = findOwn(draft, command.conversationId, command.visitor, command.stored);
      if (!found.ok) return { frame: found.error };
      const { conversation } = found;
      if (conversation.status === 'waiting' && conversation.mode !== 'message') {
        draft.emit(conversation, { type: 'conversation.deferred' });
      }
      return ok;
    }
    case 'visitor.connect':
    case 'visitor.disconnect':
      draft.mutated = true;
      draft.visitors.set(
        command.visitorId,
        command.type === 'visitor.connect'
          ? { connected: true }
          : { connected: false, goneSince: draft.now },
      );
      return ok;
    case 'department.save': {
      if (!isSupervisor(draft, command.agent)) return fail('FORBIDDEN');
      const { department } = command;
      if (!isTimeZone(department.timeZone)) {
        return {
          frame: errorFrame('BAD_FRAME', `Unknown time zone "${department.timeZone}".`, [
            { path: 'department.timeZone', message: 'must be an IANA time zone' },
          ]),
        };
      }
      draft.departments.set(department.id, department);
      draft.writes.push({ type: 'write', write: { kind: 'department', department } });
      draft.sends.push({
        type: 'send',
        to: { kind: 'agents' },
        frame: { type: 'departments.changed', departments: [...draft.departments.values()] },
      });
      return ok;
    }
    case 'canned.save':
    case 'canned.delete': {
      if (!isSupervisor(draft, command.agent)) return fail('FORBIDDEN');
      if (command.type === 'canned.save') {
        draft.canned.set(command.canned.id, command.canned);
        draft.writes.push({
          type: 'write',
          write: { kind: 'canned.save', canned: command.canned },
        });
      } else {
        draft.canned.delete(command.id);
        draft.writes.push({ type: 'write', write: { kind: 'canned.delete', id: command.id } });
      }
      draft.sends.push({
        type: 'send',
        to: { kind: 'agents' },
        frame: { type: 'canned.changed', canned: [...draft.canned.values()] },
      });
      return ok;
    }
    case 'callback.request':
      return requestCallback(draft, command);
    case 'callback.cancel':
      return cancelCallback(draft, command);
    case 'callback.reschedule':
      return rescheduleCallback(draft, command);
    case 'callback.claim':
    case 'callback.release':
      return claimCallback(draft, command);
    case 'callback.outcome':
      return recordOutcome(draft, command);
    case 'callback.create':
      return createCallback(draft, command);
    case 'visitor.profile':
      return updateVisitor(draft, command);
    case 'conversation.wrapup':
      return wrapUp(draft, command);
    case 'survey.submit':
      return submitSurvey(draft, command);
    case 'tick':
      return ok;
  }
}

const refOf = (agent: Pick<AgentActor, 'id' | 'name'>): AgentRef => ({
  id: agent.id,
  name: agent.name,
});

const isSupervisor = (draft: Draft, actor: AgentActor) =>
  draft.agent(actor.id)?.role === 'supervisor';

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

type Found = { ok: true; conversation: ConversationSummary } | { ok: false; error: ErrorFrame };

/**
 * The visitor's own open conversation `id`; else the error to answer with. Visitors only: what an
 * agent may do on a conversation is decided by {@link forAgent}.
 */
function findOwn(
  draft: Draft,
  id: string,
  visitor: VisitorActor,
  stored: ConversationSummary | null | undefined,
): Found {
  const mine = (s: ConversationSummary) =>
    s.visitor.id === visitor.id && s.siteId === visitor.siteId;
  const open = draft.open.get(id);
  if (open && mine(open)) return { ok: true, conversation: open };
  // Someone else's conversation and a missing one get the same answer.
  if (!open && stored && stored.status === 'closed' && mine(stored)) {
    return { ok: false, error: errorFrame('CONVERSATION_CLOSED') };
  }
  return { ok: false, error: errorFrame('NOT_FOUND') };
}

/**
 * The conversation an agent command names, if the permission table lets this agent do it there
 * (see `permissions.ts`); else the refusal.
 */
function forAgent(
  draft: Draft,
  command: AgentConversationCommand,
  agent: AgentActor,
  id: string,
  stored: ConversationSummary | null | undefined,
): ForAgent {
  return conversationForAgent(
    command,
    agentRole(draft.agents, agent.id),
    draft.open.get(id),
    stored,
  );
}

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

function visitorMessage(draft: Draft, command: VisitorMessage): Outcome {
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

/**
 * Store a visitor's profile and log it in their open conversation; an anonymous visitor's open
 * conversation moves to the verified visitor they proved to be, when that one has none open.
 */
function updateVisitor(draft: Draft, command: UpdateVisitor): Outcome {
  const { visitor, movedFrom } = command;
  draft.writes.push({ type: 'write', write: { kind: 'visitor', visitor } });
  let openId = draft.openByVisitor.get(visitor.id);
  if (openId === undefined && movedFrom !== undefined && movedFrom !== visitor.id) {
    openId = draft.openByVisitor.get(movedFrom);
    if (openId !== undefined) {
      // The conversation's visitor changes with the event below; presence and phone follow it.
      draft.openByVisitor.delete(movedFrom);
      const presence = draft.visitors.get(movedFrom);
      if (presence) draft.visitors.set(visitor.id, presence);
      const phone = draft.phones.get(movedFrom);
      if (phone !== undefined && !draft.phones.has(visitor.id)) draft.phones.set(visitor.id, phone);
    }
  }
  const conversation = openId !== undefined ? draft.open.get(openId) : undefined;
  if (conversation) {
    draft.emit(conversation, { type: 'visitor.updated', visitor: profileOf(visitor) });
  }
  return ok;
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

function agentMessage(draft: Draft, command: AgentMessage): Outcome {
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

function note(draft: Draft, command: SendNote): Outcome {
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

/** The conversation a close or typing from a visitor (their own) or an agent (by the table) names. */
function forActor(
  draft: Draft,
  command: 'conversation.close' | 'chat.typing',
  by: Actor,
  id: string,
  stored: ConversationSummary | null | undefined,
): Found {
  return by.role === 'visitor'
    ? findOwn(draft, id, by, stored)
    : forAgent(draft, command, by, id, stored);
}

function close(draft: Draft, command: CloseConversation): Outcome {
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

function typing(draft: Draft, command: Typing): Outcome {
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

function assign(draft: Draft, command: AssignConversation): Outcome {
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

function transfer(draft: Draft, command: TransferConversation): Outcome {
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

/**
 * Push `queue.status` to each waiting visitor whose status changed (and a last one once taken).
 * A status reads the department's numbers and the place in line, so only these are recomputed:
 * a whole queue when its department's numbers changed since the last push (`queueStats`), else
 * from the first place where the queue differs from the last state's (a conversation joining at
 * the back costs one status, not one per waiting visitor); and the conversations this command
 * touched that left a queue.
 */
function queueStatuses(draft: Draft): void {
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

/** Events that change an inbox line's preview and time only, not where it is listed. */
const LINE_ONLY = new Set(['message.created', 'note.created']);

/**
 * Who needs a conversation's new summary: every inbox, unless the command only added messages to
 * a chat that stays with its agent. That one goes to the agents who hold it (the assignee, those
 * who joined) and to supervisors; followers fold the events into their line themselves. Other
 * agents see the chat move in "Team" when it changes hands or closes: a message costs a few
 * socket writes, not one per signed-in agent.
 */
function inboxesFor(draft: Draft, summary: ConversationSummary): Target {
  const touched = draft.touched.get(summary.id);
  const lineOnly =
    summary.status === 'active' &&
    touched?.before?.status === 'active' &&
    touched.before.agent?.id === summary.agent?.id &&
    touched.events.every((e) => LINE_ONLY.has(e.type));
  if (!lineOnly) return { kind: 'agents' };
  const agentIds = new Set<string>();
  if (summary.agent) agentIds.add(summary.agent.id);
  for (const participant of summary.participants ?? []) agentIds.add(participant.id);
  for (const agent of draft.agents.values())
    if (agent.role === 'supervisor') agentIds.add(agent.id);
  return { kind: 'inboxes', agentIds: [...agentIds] };
}

/**
 * The effects of a command, in order: persist each touched conversation and the settings written
 * (the shell stores them in one transaction), push each event to the visitor (their redacted copy)
 * and to followers, the new summaries to every inbox, other pushes, then the answer.
 */
function finish(draft: Draft, outcome: Outcome): Reduction {
  if (!draft.changed && draft.sends.length === 0) {
    return { state: draft.base, effects: [{ type: 'reply', frame: outcome.frame }] };
  }
  const effects: Effect[] = [];
  const summaries: ConversationSummary[] = [];
  for (const [id, touched] of draft.touched) {
    const summary = draft.summary(id)!;
    summaries.push(summary);
    effects.push({
      type: 'persist',
      conversation: summary,
      events: touched.events,
      ...(outcome.sender?.conversationId === id ? { clientId: outcome.sender } : {}),
    });
  }
  effects.push(...draft.writes);
  for (const [id, touched] of draft.touched) {
    const visitorId = draft.summary(id)!.visitor.id;
    for (const event of touched.events) {
      effects.push({
        type: 'send',
        to: { kind: 'visitor', visitorId },
        frame: { type: 'conversation.event', conversationId: id, event: forVisitor(event) },
      });
      effects.push({
        type: 'send',
        to: { kind: 'followers', conversationId: id },
        frame: { type: 'conversation.event', conversationId: id, event },
      });
    }
  }
  for (const summary of summaries) {
    effects.push({
      type: 'send',
      to: inboxesFor(draft, summary),
      frame: { type: 'inbox.upsert', conversation: summary },
    });
  }
  effects.push(...draft.sends);
  effects.push({ type: 'reply', frame: outcome.frame });
  return { state: draft.changed ? draft.freeze() : draft.base, effects };
}
