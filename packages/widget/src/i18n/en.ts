/**
 * Every piece of text the widget shows, in one typed catalog. Views take their strings from a
 * catalog passed as a prop, never from literals, so adding a language is adding a file.
 * @example const strings: Catalog = en; strings.typing('Ada') // "Ada is typing…"
 */
export interface Catalog {
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
  /** Accessible name of the bubble by the closed launcher (an agent's message or a greeting). */
  bubbleLabel: string;
  /** The preview bubble's author line. */
  bubbleFrom: (name: string) => string;
  /** The bubble's close button. */
  dismiss: string;
  /** A line in the conversation: moved to another agent or department (by name). */
  transferred: (to: string) => string;
  /** A line in the conversation: the agent's connection stayed lost, back in the queue. */
  requeued: string;
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
  /** The "Call me back" button (home of the panel, or the header) — the callback form's entry. */
  callMeBack: string;
  /** Heading of the callback form. */
  callbackTitle: string;
  /** The callback note prefilled when the form is opened from a help article. */
  aboutArticle: (title: string) => string;
  /** Heading of the slot picker for "Change time". */
  rescheduleTitle: string;
  back: string;
  loading: string;
  loadFailed: string;
  tryAgain: string;
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
  /** The header button that opens the help search while a conversation is open. */
  help: string;
  /** Accessible name of the help search box. */
  searchHelp: string;
  /** Accessible name of the search results list. */
  helpArticles: string;
  noArticles: (query: string) => string;
  /** Leaves the help search for the conversation. */
  backToChat: string;
  /** Accessible name of the suggestions shown above the composer. */
  suggestedArticles: string;
  backToResults: string;
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

/** English, the default catalog. */
export const en: Catalog = {
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
  bubbleLabel: 'New message',
  bubbleFrom: (name) => `${name} wrote`,
  dismiss: 'Dismiss',
  transferred: (to) => `You've been transferred to ${to}.`,
  requeued: "Your agent was disconnected. You're back in line.",
  queueStatus: 'Your place in line',
  queuePosition: (position) => `You're number ${position} in line`,
  waitMinutes: (minutes) =>
    minutes === 1 ? 'Estimated wait: about 1 minute' : `Estimated wait: about ${minutes} minutes`,
  waitUnderMinute: 'Estimated wait: less than a minute',
  noAgents: 'No one is available right now.',
  closedNow: "We're closed right now.",
  closedUntil: (when) => `We're closed right now. We open again ${when} (your time).`,
  busy: "It's busier than usual.",
  leaveMessage: 'Leave a message',
  browseFaq: 'Browse help articles',
  requestCallback: 'Request a call back',
  deferredThanks: "Thanks! We'll reply here as soon as we can — you can close this window.",
  prechatName: 'Your name',
  prechatEmail: 'Email',
  prechatTopic: 'What can we help you with?',
  nameRequired: 'Please tell us your name.',
  emailRequired: 'Please enter your email address.',
  emailInvalid: 'Please enter an email address like name@example.com.',
  topicRequired: 'Please choose a topic.',
  phone: 'Phone number',
  phoneRequired: 'Please enter your phone number.',
  phoneInvalid: (example) => `Enter a valid phone number for the selected country, e.g. ${example}`,
  prechatPhoneInvalid: (example) => `Please enter a phone number we can call, e.g. ${example}`,
  callMeBack: 'Call me back',
  callbackTitle: 'Request a call back',
  aboutArticle: (title) => `About the help article “${title}”: `,
  rescheduleTitle: 'Pick a new time',
  back: 'Back',
  loading: 'Loading…',
  loadFailed: "This didn't load. Check your connection.",
  tryAgain: 'Try again',
  country: 'Country',
  topic: 'Topic',
  topicNone: 'Something else',
  when: 'When should we call?',
  asap: 'As soon as possible',
  pickTime: 'Pick a time',
  availableTimes: 'Available times (your time)',
  noSlots: 'No times are free in the next 7 days.',
  slotRequired: 'Please pick a time.',
  slotTaken: 'That time was just taken. Please pick another one.',
  note: 'Anything we should know? (optional)',
  consentRequired: 'Please agree, so that we may call you.',
  requestCall: 'Request call',
  saveTime: 'Save new time',
  requesting: 'Sending…',
  rateLimited: "You've sent several requests in a short time. Please try again in a few minutes.",
  callbackOffline: "You're offline. Please try again when the connection is back.",
  callbackFailed: "We couldn't send this. Please try again.",
  callbackConfirmed: "We'll call you",
  callbackReference: (reference) => `Reference ${reference}`,
  callbackNumber: (masked) => `On ${masked}`,
  done: 'Done',
  callbackCard: 'Your callback',
  callbackStatus: {
    scheduled: 'Scheduled',
    calling: "We're calling you now",
    completed: 'Completed',
    missed: "We couldn't reach you",
    cancelled: 'Cancelled',
  },
  cancelCallback: 'Cancel callback',
  changeTime: 'Change time',
  help: 'Help',
  searchHelp: 'Search help articles',
  helpArticles: 'Help articles',
  noArticles: (query) => `No articles found for “${query}”.`,
  backToChat: 'Back to chat',
  suggestedArticles: 'Suggested articles',
  backToResults: 'Back to results',
  articleMissing: "This article isn't available.",
  wasHelpful: 'Was this helpful?',
  yes: 'Yes',
  no: 'No',
  feedbackThanks: 'Thanks for your feedback',
  stillNeedHelp: 'Still need help?',
  chatWithUs: 'Chat with us',
  surveyCard: 'Your feedback',
  csatQuestion: 'How satisfied are you with the help you got?',
  csatChoices: [
    '1 of 5: Very dissatisfied',
    '2 of 5: Dissatisfied',
    '3 of 5: Neutral',
    '4 of 5: Satisfied',
    '5 of 5: Very satisfied',
  ],
  cesQuestion: 'How easy was it to get help?',
  cesChoices: [
    '1: Very difficult',
    '2: Difficult',
    '3: Somewhat difficult',
    '4: Neither easy nor difficult',
    '5: Somewhat easy',
    '6: Easy',
    '7: Very easy',
  ],
  surveyComment: 'Anything else you want to tell us? (optional)',
  notNow: 'Not now',
};
