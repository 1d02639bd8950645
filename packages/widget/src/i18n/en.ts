/**
 * The text of the widget's first load: launcher, panel, messages, composer, status lines (the
 * strings of the lazily loaded views are in {@link ViewCatalog}). Views take their strings from a
 * catalog passed as a prop, never from literals, so adding a language is adding a file.
 * @example const strings: CoreCatalog = en; strings.typing('Ada') // "Ada is typing…"
 */
export interface CoreCatalog {
  /** Launcher's accessible name while the panel is closed. */
  openChat: string;
  /** Launcher's accessible name while the panel is open. */
  closeChat: string;
  /** The header button that folds the panel away (needed when it is full-screen). */
  minimize: string;
  /** Panel title when the relay has not told us the site's name yet. */
  defaultTitle: string;
  /** Shown above an empty conversation when the site has no greeting. */
  defaultGreeting: string;
  replyTime: string;
  connecting: string;
  reconnecting: string;
  unavailable: string;
  messages: string;
  message: string;
  placeholder: string;
  send: string;
  sending: string;
  sent: string;
  failed: string;
  retry: string;
  you: string;
  ended: string;
  startNew: string;
  joined: (name: string) => string;
  typing: (name: string) => string;
  charsLeft: (count: number) => string;
  unread: (count: number) => string;
  /** Launcher's accessible name when the site gives it a visible label (keeps "open chat" in it). */
  launcherNamed: (label: string) => string;
  /** A line in the conversation: moved to another agent or department (by name). */
  transferred: (to: string) => string;
  /** A line in the conversation: the agent's connection stayed lost, back in the queue. */
  requeued: string;
  /** The "Call me back" button (home of the panel, or the header) — the callback form's entry. */
  callMeBack: string;
  /** Heading of the callback form. */
  callbackTitle: string;
  back: string;
  loading: string;
  loadFailed: string;
  tryAgain: string;
  /** The header button that opens the help search while a conversation is open. */
  help: string;
  /** Leaves the help search for the conversation. */
  backToChat: string;
  /** Accessible name of the suggestions shown above the composer. */
  suggestedArticles: string;
  backToResults: string;
}

/**
 * The text of the lazily loaded views (pre-chat form, queue and callback cards, callback form,
 * help search and articles, bubble, survey). English's is `en-views.ts`, loaded with those views.
 */
export interface ViewCatalog {
  /** Accessible name of the bubble by the closed launcher (an agent's message or a greeting). */
  bubbleLabel: string;
  /** The preview bubble's author line. */
  bubbleFrom: (name: string) => string;
  /** The bubble's close button. */
  dismiss: string;
  /** Accessible name of the status card shown while waiting. */
  queueStatus: string;
  queuePosition: (position: number) => string;
  /** The wait, rounded up to whole minutes (1 or more). */
  waitMinutes: (minutes: number) => string;
  waitUnderMinute: string;
  noAgents: string;
  closedNow: string;
  /** `when` is the next opening, formatted as weekday and time in the visitor's time zone. */
  closedUntil: (when: string) => string;
  busy: string;
  leaveMessage: string;
  browseFaq: string;
  requestCallback: string;
  /** Shown after "Leave a message", instead of the place in line. */
  deferredThanks: string;
  prechatName: string;
  prechatEmail: string;
  prechatTopic: string;
  nameRequired: string;
  emailRequired: string;
  emailInvalid: string;
  topicRequired: string;
  /** Pre-chat "Phone number" field (also the callback form's). */
  phone: string;
  phoneRequired: string;
  /** A number that is not real for the country; `example` is one that is, as written there. */
  phoneInvalid: (example: string) => string;
  /** The pre-chat phone field has no country select: the example is international. */
  prechatPhoneInvalid: (example: string) => string;
  /** The callback note prefilled when the form is opened from a help article. */
  aboutArticle: (title: string) => string;
  /** Heading of the slot picker for "Change time". */
  rescheduleTitle: string;
  country: string;
  topic: string;
  /** The empty option of the callback form's topic select. */
  topicNone: string;
  when: string;
  asap: string;
  pickTime: string;
  /** Accessible name of the list of slot groups (one per day). */
  availableTimes: string;
  noSlots: string;
  slotRequired: string;
  slotTaken: string;
  note: string;
  consentRequired: string;
  requestCall: string;
  saveTime: string;
  /** The callback request is on its way (the button's text meanwhile). */
  requesting: string;
  rateLimited: string;
  callbackOffline: string;
  callbackFailed: string;
  /** Confirmation heading after a request. */
  callbackConfirmed: string;
  callbackReference: (reference: string) => string;
  /** The number we will call, masked by the relay. */
  callbackNumber: (masked: string) => string;
  done: string;
  /** Accessible name of the callback status card. */
  callbackCard: string;
  callbackStatus: Record<'scheduled' | 'calling' | 'completed' | 'missed' | 'cancelled', string>;
  cancelCallback: string;
  changeTime: string;
  /** Accessible name of the help search box. */
  searchHelp: string;
  /** Accessible name of the search results list. */
  helpArticles: string;
  noArticles: (query: string) => string;
  articleMissing: string;
  wasHelpful: string;
  yes: string;
  no: string;
  feedbackThanks: string;
  stillNeedHelp: string;
  chatWithUs: string;
  /** Accessible name of the survey card after a finished chat or callback. */
  surveyCard: string;
  csatQuestion: string;
  /** The CSAT radios' names, 1 to 5 ("<n> of 5: <label>"); the ends' labels show under the row. */
  csatChoices: string[];
  cesQuestion: string;
  /** The CES radios' names, 1 to 7 ("<n>: <label>"). */
  cesChoices: string[];
  /** The survey's optional comment box. */
  surveyComment: string;
  /** Hides the survey for good. */
  notNow: string;
}

/**
 * Every piece of text the widget shows, in one typed catalog: what each language file but English
 * exports (English splits it into `en` and `enViews`, so the first load carries only `en`).
 * @example const strings: Catalog = de; strings.typing('Ada') // "Ada schreibt…"
 */
export type Catalog = CoreCatalog & ViewCatalog;

/** English, the default catalog: its first-load part (the views' part is `enViews`, en-views.ts). */
export const en: CoreCatalog = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  minimize: 'Minimize chat',
  defaultTitle: 'Chat',
  defaultGreeting: 'Hi! How can we help you today?',
  replyTime: 'We usually reply in a few minutes',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  unavailable: 'Chat is unavailable right now.',
  messages: 'Messages',
  message: 'Message',
  placeholder: 'Write a message…',
  send: 'Send',
  sending: 'Sending…',
  sent: 'Sent',
  failed: 'Not sent',
  retry: 'Retry',
  you: 'You',
  ended: 'This conversation has ended.',
  startNew: 'Start a new conversation',
  joined: (name) => `${name} joined the conversation`,
  typing: (name) => `${name} is typing…`,
  charsLeft: (count) => (count === 1 ? '1 character left' : `${count} characters left`),
  unread: (count) => (count === 1 ? '1 unread message' : `${count} unread messages`),
  launcherNamed: (label) => `${label} – open chat`,
  transferred: (to) => `You've been transferred to ${to}.`,
  requeued: "Your agent was disconnected. You're back in line.",
  callMeBack: 'Call me back',
  callbackTitle: 'Request a call back',
  back: 'Back',
  loading: 'Loading…',
  loadFailed: "This didn't load. Check your connection.",
  tryAgain: 'Try again',
  help: 'Help',
  backToChat: 'Back to chat',
  suggestedArticles: 'Suggested articles',
  backToResults: 'Back to results',
};
