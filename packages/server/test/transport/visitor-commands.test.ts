import {
  type ConversationEvent,
  type ConversationSummary,
  decodeVisitorToServer,
  type VisitorToServer,
} from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import type { Command, VisitorActor } from '../../src/core/types.js';
import { sharedCommand } from '../../src/transport/commands.js';
import {
  articleFrame,
  callbackCancelCommand,
  callbackRequestCommand,
  callbackRescheduleCommand,
  deferCommand,
  foundFrame,
  prechatWithPhone,
  slotsFrame,
  surveyCommand,
  visitorEventsFrame,
  visitorMessage,
  welcomeFrame,
} from '../../src/transport/visitor/commands.js';

const visitor: VisitorActor = {
  role: 'visitor',
  id: 'vis_1',
  name: 'Visitor 0042',
  siteId: 'shop',
};
const context = { locale: 'de-DE', url: 'https://shop.example/cart' };
const profile = { id: 'vis_1', name: 'Visitor 0042' };
const window = { start: 1_800_000_000_000, end: 1_800_000_900_000 };

/** A frame as a widget sends it, checked against the protocol first. */
function frame<T extends VisitorToServer>(raw: T): T {
  const decoded = decodeVisitorToServer(raw);
  if (!decoded.ok) throw new Error(`not a visitor frame: ${JSON.stringify(decoded.error)}`);
  return decoded.value as T;
}

/** Each row: a decoded frame, its command for `visitor` (key order as stored). */
const rows: Array<[string, () => Command, Command]> = [
  [
    'chat.send, first message with department, pre-chat and article',
    () =>
      visitorMessage(
        frame({
          type: 'chat.send',
          clientId: 'c1',
          text: 'Hello',
          departmentId: 'sales',
          articleId: 'returns',
        }),
        visitor,
        {
          context,
          profile,
          prechat: { name: 'Ada', phone: '+493012345678' },
          article: { id: 'returns', title: 'Returns' },
        },
      ),
    {
      type: 'visitor.message',
      visitor,
      clientId: 'c1',
      text: 'Hello',
      context,
      prechat: { name: 'Ada', phone: '+493012345678' },
      departmentId: 'sales',
      article: { id: 'returns', title: 'Returns' },
      profile,
    },
  ],
  [
    'chat.send in an open conversation (no extras)',
    () =>
      visitorMessage(
        frame({ type: 'chat.send', clientId: 'c2', text: 'More', conversationId: 'cnv_1' }),
        visitor,
        { context, profile },
      ),
    {
      type: 'visitor.message',
      visitor,
      clientId: 'c2',
      text: 'More',
      conversationId: 'cnv_1',
      context,
      profile,
    },
  ],
  [
    'chat.typing',
    () =>
      sharedCommand(frame({ type: 'chat.typing', conversationId: 'cnv_1', typing: true }), visitor),
    { type: 'typing', by: visitor, conversationId: 'cnv_1', typing: true },
  ],
  [
    'conversation.close',
    () => sharedCommand(frame({ type: 'conversation.close', conversationId: 'cnv_1' }), visitor),
    { type: 'conversation.close', by: visitor, conversationId: 'cnv_1' },
  ],
  [
    'conversation.defer',
    () => deferCommand(frame({ type: 'conversation.defer', conversationId: 'cnv_1' }), visitor),
    { type: 'conversation.defer', visitor, conversationId: 'cnv_1' },
  ],
  [
    'callback.request with every optional field',
    () =>
      callbackRequestCommand(
        frame({
          type: 'callback.request',
          clientId: 'cb1',
          name: 'Ada',
          phone: '030 12345678',
          topic: 'billing',
          departmentId: 'sales',
          window,
          note: 'after lunch',
          consent: true,
          conversationId: 'cnv_1',
        }),
        visitor,
        '+493012345678',
        context,
      ),
    {
      type: 'callback.request',
      visitor,
      clientId: 'cb1',
      name: 'Ada',
      phone: '+493012345678',
      window,
      context,
      topic: 'billing',
      departmentId: 'sales',
      note: 'after lunch',
      conversationId: 'cnv_1',
    },
  ],
  [
    'callback.request as soon as possible, nothing optional',
    () =>
      callbackRequestCommand(
        frame({
          type: 'callback.request',
          clientId: 'cb2',
          name: 'Ada',
          phone: '+493012345678',
          window: null,
          consent: true,
        }),
        visitor,
        '+493012345678',
        context,
      ),
    {
      type: 'callback.request',
      visitor,
      clientId: 'cb2',
      name: 'Ada',
      phone: '+493012345678',
      window: null,
      context,
    },
  ],
  [
    'callback.cancel',
    () => callbackCancelCommand(frame({ type: 'callback.cancel', callbackId: 'cb_1' }), visitor),
    { type: 'callback.cancel', by: visitor, callbackId: 'cb_1' },
  ],
  [
    'callback.reschedule',
    () =>
      callbackRescheduleCommand(
        frame({ type: 'callback.reschedule', callbackId: 'cb_1', window }),
        visitor,
      ),
    { type: 'callback.reschedule', by: visitor, callbackId: 'cb_1', window },
  ],
  [
    'survey.submit about a chat (the unanswered questions left out)',
    () =>
      surveyCommand(frame({ type: 'survey.submit', conversationId: 'cnv_1', csat: 5 }), visitor),
    { type: 'survey.submit', visitor, conversationId: 'cnv_1', csat: 5 },
  ],
  [
    'survey.submit about a callback, every answer',
    () =>
      surveyCommand(
        frame({ type: 'survey.submit', callbackId: 'cb_1', csat: 2, ces: 6, comment: 'slow' }),
        visitor,
      ),
    { type: 'survey.submit', visitor, callbackId: 'cb_1', csat: 2, ces: 6, comment: 'slow' },
  ],
];

describe('visitor frame -> engine command', () => {
  it.each(rows)('%s', (_name, build, command) => {
    const built = build();
    expect(built).toEqual(command);
    // Byte-identical on the wire and in the log: the same keys in the same order, no holes.
    expect(JSON.stringify(built)).toBe(JSON.stringify(command));
  });
});

describe('the pre-chat phone number', () => {
  const cases: Array<[string, { phone?: string; name?: string } | undefined, unknown]> = [
    ['no pre-chat', undefined, { ok: true, prechat: undefined }],
    ['no number', { name: 'Ada' }, { ok: true, prechat: { name: 'Ada' } }],
    [
      'a number, as E.164',
      { name: 'Ada', phone: '+49 30 12345678' },
      { ok: true, prechat: { name: 'Ada', phone: '+493012345678' } },
    ],
    [
      'not a number',
      { phone: '+12' },
      {
        ok: false,
        error: expect.objectContaining({
          type: 'error',
          code: 'INVALID_PHONE',
          details: [expect.objectContaining({ path: 'prechat.phone' })],
        }),
      },
    ],
  ];
  it.each(cases)('%s', (_name, prechat, expected) => {
    expect(prechatWithPhone(prechat, 'DE')).toEqual(expected);
  });
});

const summary: ConversationSummary = {
  id: 'cnv_1',
  siteId: 'shop',
  status: 'waiting',
  visitor: profile,
  context,
  agent: null,
  createdAt: 1,
  updatedAt: 2,
  lastSeq: 2,
  preview: null,
  offer: { agent: { id: 'agt_1', name: 'Bo' }, expiresAt: 99 },
};
const message: ConversationEvent = {
  type: 'message.created',
  seq: 1,
  at: 1,
  id: 'msg_1',
  clientId: 'c1',
  author: { role: 'visitor', id: 'vis_1', name: 'Visitor 0042' },
  text: 'Hello',
} as ConversationEvent;
const note: ConversationEvent = {
  type: 'note.created',
  seq: 2,
  at: 2,
  id: 'nte_1',
  clientId: 'n1',
  author: { role: 'agent', id: 'agt_1', name: 'Bo' },
  kind: 'note',
  text: 'VIP',
} as ConversationEvent;
const site = { id: 'shop', name: 'Shop' } as Parameters<typeof welcomeFrame>[0]['site'];
const { offer: _offer, ...visitorSummary } = summary;

describe('result -> visitor frame', () => {
  const cases: Array<[string, () => unknown, unknown]> = [
    [
      'welcome with a conversation: the visitor copies (no offer, notes redacted)',
      () =>
        welcomeFrame({
          profile,
          token: 'tok',
          site,
          callbacks: [],
          summary,
          backlog: { events: [message, note], more: true },
        }),
      {
        type: 'session.welcome',
        visitor: profile,
        token: 'tok',
        site,
        conversation: {
          summary: visitorSummary,
          events: [message, { type: 'redacted', seq: 2, at: 2 }],
          more: true,
        },
      },
    ],
    [
      'welcome without a conversation, with callbacks',
      () =>
        welcomeFrame({
          profile,
          token: 'tok',
          site,
          callbacks: [{ id: 'cb_1' }] as never,
          summary: null,
          backlog: null,
        }),
      {
        type: 'session.welcome',
        visitor: profile,
        token: 'tok',
        site,
        callbacks: [{ id: 'cb_1' }],
        conversation: null,
      },
    ],
    [
      'conversation.events for a visitor',
      () => visitorEventsFrame(summary, { events: [note], more: false }),
      {
        type: 'conversation.events',
        conversation: visitorSummary,
        events: [{ type: 'redacted', seq: 2, at: 2 }],
        more: false,
      },
    ],
    [
      'callback.slots',
      () =>
        slotsFrame(
          { id: 'sales', name: 'Sales' },
          { asap: true, slots: [{ start: 1, end: 2 }] as never },
        ),
      {
        type: 'callback.slots',
        departmentId: 'sales',
        departmentName: 'Sales',
        asap: true,
        slots: [{ start: 1, end: 2 }],
      },
    ],
    [
      'an article found',
      () => articleFrame({ id: 'returns' } as never),
      { type: 'faq.article', article: { id: 'returns' } },
    ],
    [
      'an article not found',
      () => articleFrame(null),
      expect.objectContaining({ code: 'NOT_FOUND' }),
    ],
    ['feedback on an article found', () => foundFrame(true), { type: 'ok' }],
    [
      'feedback on no article',
      () => foundFrame(false),
      expect.objectContaining({ code: 'NOT_FOUND' }),
    ],
  ];
  it.each(cases)('%s', (_name, build, frame) => {
    const built = build();
    expect(built).toEqual(frame);
    if (!(frame as { asymmetricMatch?: unknown }).asymmetricMatch) {
      expect(JSON.stringify(built)).toBe(JSON.stringify(frame));
    }
  });
});
