// The session's plain types that its lazy commands (session-features.ts) share with it: kept apart
// so that chunk depends on no module that loads it.
import type {
  CallbackRequest,
  CallbackSlots,
  CallbackView,
  ConversationEvent,
  ConversationSummary,
  ErrorCode,
  VisitorIdentify,
  VisitorUpdate,
} from '@switchboard/shared';

/** The conversation the session holds: its applied log, contiguous from seq 1 to `lastSeq`. */
export interface ConversationState {
  id: string;
  summary: ConversationSummary | null;
  events: ConversationEvent[];
  lastSeq: number;
  closed: boolean;
  /** The visitor chose "Leave a message" (the relay said `ok`, or the log holds `conversation.deferred`). */
  deferred: boolean;
}

/** Why a callback command failed: the relay's code, or `OFFLINE` when it got no answer. */
export interface CallbackError {
  code: ErrorCode | 'OFFLINE';
  message: string;
}

/** The outcome of a callback request, cancel or reschedule. */
export type CallbackResult =
  | { ok: true; callback: CallbackView }
  | { ok: false; error: CallbackError };

/** The outcome of asking which callback slots can be booked. */
export type SlotsResult = { ok: true; slots: CallbackSlots } | { ok: false; error: CallbackError };

/** What a survey is about: a closed conversation or a completed callback of the visitor's. */
export type SurveyTarget = { conversationId: string } | { callbackId: string };

/** The outcome of a survey answer (`OFFLINE`: it got no answer and may be sent again). */
export type SurveyResult = { ok: true } | { ok: false; error: CallbackError };

/** What the visitor fills in to be called back; the session adds `clientId` (and the page's department). */
export type CallbackRequestInput = Omit<CallbackRequest, 'type' | 'clientId'>;

/** What the page chose for routing, sent with the first message of every new conversation. */
export interface PageRouting {
  /** A department id; wins over the pre-chat topic. */
  departmentId?: string;
  /** 0 to 10; higher goes first. */
  priority?: number;
}

/** What `identify` sends (the `visitor.identify` frame without `type` and `resume`). */
export type IdentifyInput = Omit<VisitorIdentify, 'type' | 'resume'>;

/** What `update` sends (the `visitor.update` frame without `type`). */
export type UpdateInput = Omit<VisitorUpdate, 'type'>;
