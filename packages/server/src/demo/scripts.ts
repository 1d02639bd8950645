/** A kind of demo chat: where it is routed, how it may be wrapped up, and what is said. */
export interface Topic {
  id: 'order' | 'returns' | 'product';
  departmentId: string;
  dispositions: string[];
  /** Visitor lines; the first four can open a chat. */
  visitor: string[];
  agent: string[];
}

/** The demo shop's chat topics with the lines visitors and agents say. */
export const TOPICS: Topic[] = [
  {
    id: 'order',
    departmentId: 'orders',
    dispositions: ['order-status', 'billing', 'other'],
    visitor: [
      'Hi, where is my order?',
      'The tracking page has not changed for two days.',
      'Can I still change the delivery address?',
      'Thanks, that helps.',
      'Was I charged twice for the same order?',
    ],
    agent: [
      'Hi! Let me look that up for you.',
      'Your parcel left our warehouse yesterday and should arrive tomorrow.',
      'I have updated the address on the order.',
      'I can see a single charge; the second one is a pending authorisation that will drop off.',
      'Anything else I can help with?',
    ],
  },
  {
    id: 'returns',
    departmentId: 'orders',
    dispositions: ['return-refund', 'complaint', 'other'],
    visitor: [
      'I would like to return a jacket, it is too small.',
      'How long does a refund take?',
      'Can I exchange the boots for a bigger size?',
      'The zip on my backpack broke after a week.',
      'Great, thank you!',
    ],
    agent: [
      'Sorry it did not fit! I have sent you a prepaid return label.',
      'Refunds reach your account 3 to 5 working days after the return arrives.',
      'Yes, I have reserved the next size up for you.',
      'I am sorry about that; we will replace it free of charge.',
      'Happy to help. Have a great day!',
    ],
  },
  {
    id: 'product',
    departmentId: 'tech',
    dispositions: ['product-question', 'technical-issue', 'other'],
    visitor: [
      'Does the trail runner come in half sizes?',
      'Is the rain shell fully waterproof?',
      'How do I reset the headlamp?',
      'Which sleeping bag is warm enough for 0 degrees?',
      'Perfect, thanks.',
    ],
    agent: [
      'It does: sizes 38 to 47 with half sizes.',
      'Yes, it has taped seams and a 20k membrane.',
      'Hold the button for 5 seconds until it blinks twice.',
      'The Alpine 800 is rated comfortable down to -2 degrees.',
      'Glad I could help!',
    ],
  },
];

/** Queries the demo shop's articles do not answer: they show as content gaps. */
export const GAP_QUERIES = [
  'ski rental',
  'klarna',
  'layaway',
  'afterpay',
  'engraving',
  'kayak',
  'snowboard',
  'wholesale',
];

/** How much more often these demo articles are looked for than the rest. */
export const POPULAR: Readonly<Record<string, number>> = {
  'order-status': 6,
  'track-parcel': 5,
  'start-a-return': 4,
  'returns-policy': 4,
  'refund-timing': 3,
  'shipping-costs': 3,
  'exchange-size': 2,
  'boot-sizing': 2,
  'delivery-times': 2,
  'promo-codes': 2,
};
