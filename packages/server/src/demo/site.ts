import { fileURLToPath } from 'node:url';

// The built-in demo: a fictional shop ("Fernhill Outfitters") the relay serves when no site, agent or
// department is configured, so the widget and the console work out of the box.

/** The site every relay serves when none is configured, so the demo page works out of the box. */
export const DEMO_SITE = {
  id: 'demo',
  name: 'Fernhill Outfitters',
  greeting:
    'Hi! Questions about an order, a return or our gear? We usually reply in a few minutes.',
  color: '#1f6f5c',
  origins: [] as string[],
} as const;

/** The demo site's look: bottom right, a labelled launcher, following the visitor's system. */
export const DEMO_THEME = {
  position: 'right',
  offsetX: 20,
  offsetY: 20,
  launcherLabel: 'Chat with us',
  mode: 'auto',
  sound: false,
} as const;

/** The demo site's proactive greeting: after 15 s on the home page. */
export const DEMO_TRIGGERS = [
  {
    id: 'home-sizing',
    message: "Hi! Questions about sizing or delivery? We're here.",
    afterSec: 15,
    urlPattern: '/',
  },
] as const;

/** The demo site's callback settings: consent line, Germany, weekdays 09:00-17:00 Berlin time. */
export const DEMO_CALLBACK = {
  consentText:
    "Fernhill Outfitters may call you on this number about your request. We won't use it for anything else.",
  defaultCountry: 'DE',
} as const;

/** The demo's departments (agents by email; resolved to ids at start-up). Always open. */
export const DEMO_DEPARTMENTS = [
  {
    id: 'orders',
    name: 'Orders',
    skills: [],
    agentIds: ['agent@example.com', 'tech@example.com', 'supervisor@example.com'],
    timeZone: 'Europe/Berlin',
    hours: [],
    holidays: [],
    strategy: 'longest-idle',
    offerTimeoutSec: 30,
    autoAccept: false,
  },
  {
    id: 'tech',
    name: 'Technical support',
    skills: ['tech'],
    agentIds: ['tech@example.com', 'supervisor@example.com'],
    timeZone: 'Europe/Berlin',
    hours: [],
    holidays: [],
    strategy: 'longest-idle',
    offerTimeoutSec: 30,
    autoAccept: false,
  },
] as const;

/** The demo site's pre-chat form: an optional name and topic; the topic picks the department. */
export const DEMO_PRECHAT = {
  fields: [
    { name: 'name', required: false },
    { name: 'topic', required: false },
  ],
  topics: [
    { id: 'order', label: 'An order or delivery', departmentId: 'orders', skills: [] },
    { id: 'returns', label: 'Returns and refunds', departmentId: 'orders', skills: [] },
    {
      id: 'product',
      label: 'A product or technical question',
      departmentId: 'tech',
      skills: ['tech'],
    },
  ],
} as const;

/** Canned responses seeded into an empty store when none are configured. */
export const DEMO_CANNED = [
  {
    id: 'cr_refund',
    shortcut: 'refund',
    title: 'Refund timeline',
    text: 'Once the return reaches our warehouse we refund within 5 working days, to the original payment method. You will get an email when it is done.',
  },
  {
    id: 'cr_shipping',
    shortcut: 'shipping',
    title: 'Shipping times',
    text: 'Orders placed before 2 pm ship the same working day. Standard delivery takes 2 to 4 working days; you will get a tracking link by email as soon as the parcel leaves us.',
  },
  {
    id: 'cr_hello',
    shortcut: 'hello',
    title: 'Greeting',
    text: 'Hi, thanks for reaching out to Fernhill Outfitters! Let me have a look at that for you.',
  },
] as const;

/** The demo shop's help articles (`demo/articles` in the server package). */
export const DEMO_CONTENT_DIR = fileURLToPath(new URL('../../demo/articles', import.meta.url));
