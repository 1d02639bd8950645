import type {
  AgentToServer,
  ConversationEvent,
  ConversationSummary,
  VisitorProfile,
} from '@switchboard/shared';
import { act, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { flush } from './support/fake-transport.js';
import { summary, T0, visitorMessage, welcome } from './support/fixtures.js';
import { renderConsole } from './support/render-console.js';

const ANONYMOUS: VisitorProfile = { id: 'v_1', name: 'Visitor 4821' };

const ADA: VisitorProfile = {
  id: 'v_1',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  phone: '+4930123456',
  userId: 'user_1815',
  verified: true,
  attributes: {
    plan: 'Business',
    orders: 12,
    newsletter: false,
    note: '<img src=x onerror="alert(1)">',
  },
};

/** Open conversation c_1 of a visitor through `#/c/c_1`, with a two-event log. */
async function openWith(visitor: VisitorProfile) {
  const conversation: ConversationSummary = summary({ visitor, status: 'active', lastSeq: 2 });
  const log: ConversationEvent[] = [
    {
      type: 'conversation.created',
      seq: 1,
      at: T0,
      visitor,
      context: conversation.context,
    },
    visitorMessage(2, 'Do these run large?'),
  ];
  window.location.hash = '#/c/c_1';
  const view = renderConsole({
    respond: (frame: AgentToServer) => {
      switch (frame.type) {
        case 'agent.hello':
          return welcome([conversation]);
        case 'conversation.open':
          return { type: 'conversation.events', conversation, events: log, more: false };
        case 'customer.history':
          return { type: 'customer.conversations', visitorId: 'v_1', conversations: [] };
        default:
          return { type: 'ok' };
      }
    },
  });
  await act(async () => {
    view.transport.connect();
    await flush(10);
  });
  return view;
}

const panel = () => screen.getByRole('complementary', { name: 'Visitor details' });
const messages = () => screen.getByRole('log', { name: 'Messages' });
const inbox = () => screen.getByRole('list', { name: 'Conversations' });

describe('who the visitor is', () => {
  it('shows nothing about identity for an anonymous visitor', async () => {
    await openWith(ANONYMOUS);
    expect(within(panel()).getByText('Visitor 4821')).toBeTruthy();
    expect(within(panel()).queryByText('Verified')).toBeNull();
    expect(within(panel()).queryByText('Unverified')).toBeNull();
    expect(within(panel()).queryByText('User ID')).toBeNull();
    expect(within(panel()).queryByText('Attributes')).toBeNull();
  });

  it('marks a verified visitor and lists their details and attributes as text', async () => {
    await openWith(ADA);
    const context = panel();
    const badge = within(context).getByText('Verified');
    const holder = badge.parentElement as HTMLElement;
    expect(holder.getAttribute('title')).toBe('Identity verified by the site');
    expect(
      document.getElementById(holder.getAttribute('aria-describedby') ?? '')?.textContent,
    ).toBe('Identity verified by the site');
    expect(within(context).getByText('user_1815')).toBeTruthy();
    expect(within(context).getByText('ada@example.com')).toBeTruthy();
    expect(within(context).getByText('+49 30 123 456')).toBeTruthy();

    const list = within(context).getByText('plan').closest('dl') as HTMLElement;
    const title = document.getElementById(list.getAttribute('aria-labelledby') ?? '');
    expect(title?.textContent).toBe('Attributes');
    const terms = within(list)
      .getAllByRole('term')
      .map((t) => t.textContent);
    expect(terms).toEqual(['plan', 'orders', 'newsletter', 'note']);
    const values = within(list)
      .getAllByRole('definition')
      .map((d) => d.textContent);
    expect(values).toEqual(['Business', '12', 'No', '<img src=x onerror="alert(1)">']);
    expect(context.querySelector('img')).toBeNull();
  });

  it('says Unverified when the user id came without proof', async () => {
    await openWith({ ...ADA, verified: false, attributes: {} });
    expect(within(panel()).getByText('Unverified')).toBeTruthy();
    expect(within(panel()).queryByText('Verified')).toBeNull();
    expect(within(panel()).getByText('user_1815')).toBeTruthy();
    expect(within(panel()).queryByText('Attributes')).toBeNull();
  });

  it('logs visitor.updated as a system line and follows it in the panel and the inbox', async () => {
    const view = await openWith(ANONYMOUS);
    expect(within(inbox()).getByRole('button', { name: /Visitor 4821/ })).toBeTruthy();

    await act(async () => {
      view.transport.push({
        type: 'conversation.event',
        conversationId: 'c_1',
        event: { type: 'visitor.updated', seq: 3, at: T0 + 3000, visitor: ADA },
      });
      await flush();
    });
    expect(within(messages()).getByText('Visitor identified as Ada Lovelace')).toBeTruthy();
    expect(within(panel()).getByText('Verified')).toBeTruthy();
    expect(within(panel()).getByText('user_1815')).toBeTruthy();
    expect(within(inbox()).getByRole('button', { name: /Ada Lovelace/ })).toBeTruthy();
    expect(within(inbox()).queryByRole('button', { name: /Visitor 4821/ })).toBeNull();
    expect(screen.getByRole('heading', { name: 'Ada Lovelace' })).toBeTruthy();

    // Same user, new details: not an identification.
    await act(async () => {
      view.transport.push({
        type: 'conversation.event',
        conversationId: 'c_1',
        event: {
          type: 'visitor.updated',
          seq: 4,
          at: T0 + 4000,
          visitor: { ...ADA, attributes: { plan: 'Enterprise' } },
        },
      });
      await flush();
    });
    expect(within(messages()).getByText('Visitor details updated')).toBeTruthy();
    expect(within(panel()).getByText('Enterprise')).toBeTruthy();
    expect(within(panel()).queryByText('Business')).toBeNull();
  });
});
