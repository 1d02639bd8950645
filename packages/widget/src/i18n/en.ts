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
};
