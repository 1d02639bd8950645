/**
 * Every string the console shows, in one catalog, so views hold no prose and a translation is one
 * more file of the same shape.
 * @example <button>{en.signIn.submit}</button>
 */
export const en = {
  product: 'Switchboard',
  signIn: {
    title: 'Sign in to the agent console',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    unreachable: 'Could not reach the relay. Check your connection and try again.',
    unexpected: 'The relay sent an unexpected answer. Try again in a moment.',
    expired: 'Your session has expired. Sign in again.',
    invalid: 'Your session is no longer valid. Sign in again.',
    protocol: 'This console is out of date with the relay. Reload the page.',
  },
  topBar: {
    signOut: 'Sign out',
    signedInAs: (name: string) => `Signed in as ${name}`,
    connection: {
      connecting: 'Connecting…',
      online: 'Online',
      reconnecting: 'Reconnecting…',
      offline: 'Offline',
    },
  },
  inbox: {
    region: 'Inbox',
    label: 'Conversations',
    filters: 'Filter conversations',
    filter: { all: 'All', waiting: 'Waiting', active: 'Active', closed: 'Closed' },
    empty: {
      all: 'No conversations yet. New chats appear here.',
      waiting: 'Nobody is waiting.',
      active: 'No active conversations.',
      closed: 'No closed conversations.',
    },
    noMessage: 'No messages yet',
    you: 'You: ',
    unread: 'New messages',
    withAgent: (name: string) => `with ${name}`,
    withYou: 'with you',
  },
  status: { waiting: 'Waiting', active: 'Active', closed: 'Closed' },
  conversation: {
    none: 'Select a conversation from the inbox.',
    loading: 'Loading conversation…',
    messages: 'Messages',
    close: 'Close conversation',
    ended: 'This conversation has ended.',
    typing: (name: string) => `${name} is typing…`,
    sending: 'Sending…',
    sent: 'Sent',
    notSent: 'Not sent',
    started: (name: string) => `${name} started the conversation`,
    joined: (name: string) => `${name} joined the conversation`,
    closedBy: (name: string) => `${name} ended the conversation`,
    closedBySystem: 'The conversation was closed',
    reply: 'Reply',
    replyHint: 'Enter to send, Shift+Enter for a new line',
    send: 'Send',
    tooLong: (max: number) => `Messages can be at most ${max} characters.`,
  },
  context: {
    label: 'Visitor details',
    title: 'Visitor',
    name: 'Name',
    email: 'Email',
    page: 'Page',
    pageTitle: 'Page title',
    browser: 'Browser',
    locale: 'Locale',
    timeZone: 'Time zone',
    localTime: (time: string) => `${time} local time`,
    started: 'Started',
    unknown: 'Unknown',
  },
  time: { justNow: 'just now' },
} as const;

/** The shape of a catalog; another language implements the same. */
export type Strings = typeof en;
