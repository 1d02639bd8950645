// What the chat store shows its views, as plain types: a leaf module, so the store's lazy parts
// (callback-form.ts, prechat.ts, survey.ts) and the views use them without importing the store.
import type { CallbackView, SiteInfo, WidgetTheme } from '@switchboard/shared';
import type { SessionStatus } from '../client/session.js';
import type { SurveyTarget } from '../client/session-types.js';
import type { FaqState } from './faq.js';

/** The connection as views see it (the session's status). */
export type ConnectionStatus = SessionStatus;

/** One line of the message list, ready to render. */
export type ChatItem =
  | {
      kind: 'message';
      key: string;
      own: boolean;
      authorName: string;
      text: string;
      at: number;
      /** Shown under own messages: pending, failed, or the last delivered one. */
      status: 'sending' | 'sent' | 'failed' | null;
      clientId: string;
    }
  | { kind: 'joined'; key: string; name: string }
  /** Moved to another agent or department: `to` is its name (a handover note is never shown). */
  | { kind: 'transferred'; key: string; to: string }
  /** The agent's connection was lost for good: back in the queue. */
  | { kind: 'requeued'; key: string }
  | { kind: 'ended'; key: string };

/** Where a waiting visitor stands: shown in the status card. */
export interface QueueView {
  /** 1 is next in line. */
  position: number;
  /** null: no estimate can be made, so no wait line. */
  estimatedWaitSec: number | null;
}

/**
 * Other ways to get help, offered while waiting. `reason` picks the text: `closed` (outside
 * opening hours; `nextOpenAt` when known), `offline` (no agent online), `busy` (a long wait).
 */
export interface AlternativesView {
  reason: 'closed' | 'offline' | 'busy';
  nextOpenAt: number | null;
  message: boolean;
  faq: boolean;
  callback: boolean;
}

/** A pre-chat field name. */
export type PrechatField = 'name' | 'email' | 'phone' | 'topic';

/**
 * Turns a typed phone number into E.164, or null when it is not a real number (the lazy phone
 * module's `toE164`, bound to a country).
 */
export type PhoneCheck = (value: string) => string | null;

/** The site's callback settings, when it offers callbacks. */
export type CallbackSettings = NonNullable<SiteInfo['callback']>;

/**
 * The callback form to show: a new request (from "Call me back", or from the queue card, then
 * prefilled from the pre-chat answers and linked to the conversation), or a new time for one.
 */
export type CallbackFormRequest =
  | {
      mode: 'request';
      name?: string;
      topic?: string;
      conversationId?: string;
      /** The help article the visitor came from: named in the note, so the agent sees it. */
      article?: { id: string; title: string };
      /** Prefilled by the page (`Switchboard('requestCallback', { prefill })`). */
      phone?: string;
      note?: string;
    }
  | { mode: 'reschedule'; callback: CallbackView };

/** Why a pre-chat answer blocks sending: left empty though required, or not a valid email. */
export type PrechatErrors = Partial<Record<PrechatField, 'required' | 'invalid'>>;

/** The pre-chat form to show: the site's fields in order, and the topics to pick from. */
export type PrechatForm = NonNullable<SiteInfo['prechat']>;

/** What views can hand to the host page: the visitor picked another way to get help. */
export interface AlternativeChoice {
  kind: 'faq' | 'callback';
  conversationId: string;
}

/**
 * The bubble next to the closed launcher: an agent's message that arrived while the panel was
 * closed, or a proactive greeting. Clicking it opens the panel; its close button dismisses it.
 */
export type AttentionBubble =
  | { kind: 'message'; key: string; author: string; text: string }
  | { kind: 'greeting'; key: string; text: string };

/**
 * The CSAT and CES survey card after a finished contact: a closed conversation (not one abandoned
 * in the queue) or a completed callback (`reference` set). One question at a time: CSAT, then
 * CES, then an optional comment, then thanks. `failed`: an answer got no answer; "Retry" resends.
 */
export interface SurveyView {
  target: SurveyTarget;
  /** The callback's reference, for a callback survey. */
  reference: string | null;
  step: 'csat' | 'ces' | 'comment' | 'thanks';
  csat: number | null;
  ces: number | null;
  failed: boolean;
}

/** Everything the views need, as plain data. */
export interface ChatViewState {
  open: boolean;
  unread: number;
  connection: ConnectionStatus;
  siteName: string | null;
  greeting: string | null;
  color: string;
  /** The site's placement and look; null: the widget's defaults. */
  theme: WidgetTheme | null;
  /** The preview or greeting bubble by the closed launcher; null when none shows. */
  bubble: AttentionBubble | null;
  items: ChatItem[];
  /** Name of the agent typing right now, if any. */
  typingName: string | null;
  /** The conversation ended: the composer gives way to "Start a new conversation". */
  ended: boolean;
  /** The status card while waiting in line; null when not waiting (or after leaving a message). */
  queue: QueueView | null;
  /** Other ways to get help, while waiting and the relay offers them. */
  alternatives: AlternativesView | null;
  /** The visitor left a message and no agent has it yet: the thanks text replaces the queue card. */
  deferred: boolean;
  /** The pre-chat form, when the site has one, nothing is remembered and no conversation is open. */
  prechat: PrechatForm | null;
  /** The site's callback settings; null when it offers no callbacks (no "Call me back"). */
  callback: CallbackSettings | null;
  /** The topics a callback can be about (the pre-chat topics), possibly empty. */
  topics: PrechatForm['topics'];
  /** The callback shown in the card: the newest open one, else the newest; null when none. */
  callbackCard: CallbackView | null;
  /** The callback form, while it is open. */
  callbackForm: CallbackFormRequest | null;
  /** Help articles: search, suggestions, the open article. */
  faq: FaqState;
  /** The survey card at the end of the conversation (or of a completed callback); null: none. */
  survey: SurveyView | null;
}
