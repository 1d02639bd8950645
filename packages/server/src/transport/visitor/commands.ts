import {
  type ArticleHit,
  type ConversationEvent,
  type ConversationSummary,
  type Department,
  errorFrame,
  forVisitor,
  type ServerToVisitor,
  summaryForVisitor,
  type VisitorContext,
  type VisitorProfile,
  type VisitorToServer,
} from '@switchboard/shared';
import type { Availability } from '../../core/slots.js';
import type { Command, VisitorActor } from '../../core/types.js';
import { parsePhone } from '../../policy/phone.js';
import { compact } from '../compact.js';

// The visitor's frames as engine commands, and the answers as frames: pure, no socket, no store.

/** The visitor frame of type `K`. */
export type VisitorFrame<K extends VisitorToServer['type']> = Extract<VisitorToServer, { type: K }>;
type CommandOf<K extends Command['type']> = Extract<Command, { type: K }>;
type Prechat = NonNullable<VisitorFrame<'chat.send'>['prechat']>;

/** A visitor's `chat.send` as the command, with what the session knows of them. */
export function visitorMessage(
  frame: VisitorFrame<'chat.send'>,
  visitor: VisitorActor,
  session: {
    context: VisitorContext;
    profile: VisitorProfile;
    /** The pre-chat answers, their phone number as E.164. */
    prechat?: Prechat | undefined;
    /** The published article the visitor was reading. */
    article?: { id: string; title: string } | undefined;
  },
): CommandOf<'visitor.message'> {
  return {
    type: 'visitor.message',
    visitor,
    clientId: frame.clientId,
    text: frame.text,
    ...(frame.conversationId !== undefined ? { conversationId: frame.conversationId } : {}),
    context: session.context,
    ...(session.prechat ? { prechat: session.prechat } : {}),
    ...(frame.departmentId !== undefined ? { departmentId: frame.departmentId } : {}),
    ...(session.article ? { article: session.article } : {}),
    profile: session.profile,
  };
}

/** The pre-chat answers with their phone number as E.164, or the `INVALID_PHONE` answer. */
export function prechatWithPhone(
  prechat: Prechat | undefined,
  country: string | undefined,
): { ok: true; prechat: Prechat | undefined } | { ok: false; error: ServerToVisitor } {
  if (prechat?.phone === undefined) return { ok: true, prechat };
  const phone = parsePhone(prechat.phone, country);
  if (!phone.ok) {
    return {
      ok: false,
      error: errorFrame('INVALID_PHONE', undefined, [
        { path: 'prechat.phone', message: phone.message },
      ]),
    };
  }
  return { ok: true, prechat: { ...prechat, phone: phone.e164 } };
}

/** `conversation.defer`: the visitor will come back later. */
export const deferCommand = (
  frame: VisitorFrame<'conversation.defer'>,
  visitor: VisitorActor,
): Command => ({ type: 'conversation.defer', visitor, conversationId: frame.conversationId });

/** `callback.request`, its number checked (E.164). */
export function callbackRequestCommand(
  frame: VisitorFrame<'callback.request'>,
  visitor: VisitorActor,
  phone: string,
  context: VisitorContext,
): CommandOf<'callback.request'> {
  return {
    type: 'callback.request',
    visitor,
    clientId: frame.clientId,
    name: frame.name,
    phone,
    window: frame.window,
    context,
    ...(frame.topic !== undefined ? { topic: frame.topic } : {}),
    ...(frame.departmentId !== undefined ? { departmentId: frame.departmentId } : {}),
    ...(frame.note !== undefined ? { note: frame.note } : {}),
    ...(frame.conversationId !== undefined ? { conversationId: frame.conversationId } : {}),
  };
}

export const callbackCancelCommand = (
  frame: VisitorFrame<'callback.cancel'>,
  by: VisitorActor,
): Command => ({ type: 'callback.cancel', by, callbackId: frame.callbackId });

export const callbackRescheduleCommand = (
  frame: VisitorFrame<'callback.reschedule'>,
  by: VisitorActor,
): Command => ({
  type: 'callback.reschedule',
  by,
  callbackId: frame.callbackId,
  window: frame.window,
});

/** `survey.submit`: the answers given (no holes for the ones left out). */
export const surveyCommand = (frame: VisitorFrame<'survey.submit'>, visitor: VisitorActor) =>
  compact({
    type: 'survey.submit' as const,
    visitor,
    conversationId: frame.conversationId,
    callbackId: frame.callbackId,
    csat: frame.csat,
    ces: frame.ces,
    comment: frame.comment,
  });

/** One batch of a conversation's events. */
export interface Backlog {
  events: ConversationEvent[];
  more: boolean;
}

/**
 * The `session.welcome` answer: the visitor's copies of the conversation (agents-only events
 * redacted, no offers in the summary) and callbacks only when there are some.
 */
export function welcomeFrame(parts: {
  profile: VisitorProfile;
  token: string;
  site: Extract<ServerToVisitor, { type: 'session.welcome' }>['site'];
  callbacks: NonNullable<Extract<ServerToVisitor, { type: 'session.welcome' }>['callbacks']>;
  summary: ConversationSummary | null | undefined;
  backlog: Backlog | null;
}): ServerToVisitor {
  const { summary, backlog, callbacks } = parts;
  return {
    type: 'session.welcome',
    visitor: parts.profile,
    token: parts.token,
    site: parts.site,
    ...(callbacks.length > 0 ? { callbacks } : {}),
    conversation:
      summary && backlog
        ? {
            summary: summaryForVisitor(summary),
            events: backlog.events.map(forVisitor),
            more: backlog.more,
          }
        : null,
  };
}

/** `conversation.events` for a visitor: their copies of the summary and events. */
export const visitorEventsFrame = (
  summary: ConversationSummary,
  backlog: Backlog,
): ServerToVisitor => ({
  type: 'conversation.events',
  conversation: summaryForVisitor(summary),
  events: backlog.events.map(forVisitor),
  more: backlog.more,
});

/** `callback.slots`: the department a callback would go to, and when it could be. */
export const slotsFrame = (
  department: Pick<Department, 'id' | 'name'>,
  availability: Pick<Availability, 'asap' | 'slots'>,
): ServerToVisitor => ({
  type: 'callback.slots',
  departmentId: department.id,
  departmentName: department.name,
  asap: availability.asap,
  slots: availability.slots,
});

/** `faq.results` for one search. */
export const faqResultsFrame = (query: string, results: ArticleHit[]): ServerToVisitor => ({
  type: 'faq.results',
  query,
  results,
});

/** `faq.article` for an article found, else `NOT_FOUND`. */
export const articleFrame = (
  article: Extract<ServerToVisitor, { type: 'faq.article' }>['article'] | null | undefined,
): ServerToVisitor => (article ? { type: 'faq.article', article } : errorFrame('NOT_FOUND'));

/** `ok` when the thing was there, else `NOT_FOUND`. */
export const foundFrame = (found: boolean): ServerToVisitor =>
  found ? { type: 'ok' } : errorFrame('NOT_FOUND');
