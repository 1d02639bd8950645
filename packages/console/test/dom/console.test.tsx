import type { AgentToServer, ConversationEvent, ConversationSummary } from '@switchboard/shared';
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { flush } from './support/fake-transport.js';
import { agentMessage, created, summary, T0, visitorMessage, welcome } from './support/fixtures.js';
import { renderConsole } from './support/render-console.js';

/** A fake relay holding one conversation's log; replies are acked at the next seq. */
function relayWith(conversation: ConversationSummary, log: ConversationEvent[], hold = false) {
  const sends: Array<() => void> = [];
  const respond = (frame: AgentToServer): unknown => {
    switch (frame.type) {
      case 'agent.hello':
        return welcome([conversation]);
      case 'conversation.open':
      case 'conversation.sync':
        return {
          type: 'conversation.events',
          conversation,
          events: log.filter((e) => e.seq > frame.afterSeq),
          more: false,
        };
      case 'chat.send': {
        const ack = {
          type: 'chat.ack',
          clientId: frame.clientId,
          conversationId: frame.conversationId,
          messageId: 'm_new',
          seq: log.length + 1,
          at: T0 + 120_000,
        };
        if (!hold) return ack;
        return new Promise((resolve) => sends.push(() => resolve(ack)));
      }
      default:
        return { type: 'ok' };
    }
  };
  return {
    respond,
    releaseSends: () => {
      for (const release of sends.splice(0)) release();
    },
  };
}

async function connect(view: ReturnType<typeof renderConsole>) {
  await act(async () => {
    view.transport.connect();
    await flush(10);
  });
}

const inbox = () => screen.getByRole('list', { name: 'Conversations' });

describe('inbox', () => {
  it('shows a waiting conversation with its preview and time, and updates on upsert', async () => {
    const view = renderConsole({ respond: relayWith(summary(), []).respond });
    await connect(view);
    const item = within(inbox()).getByRole('button', { name: /Ada Lovelace/ });
    expect(item.textContent).toContain('Waiting');
    expect(item.textContent).toContain('Do these run large?');
    expect(item.textContent).toContain('1 min. ago');
    expect(within(item).getByText('New messages')).toBeTruthy();
    expect(document.title).toBe('(1) Switchboard');

    await act(async () => {
      view.transport.push({
        type: 'inbox.upsert',
        conversation: summary({
          lastSeq: 3,
          preview: { text: 'Hello, anyone there?', role: 'visitor', at: T0 + 5000 },
        }),
      });
    });
    expect(item.textContent).toContain('Hello, anyone there?');
    expect(within(inbox()).getAllByRole('button', { name: /Ada Lovelace/ })).toHaveLength(1);
  });

  it('puts waiting conversations first and filters by status', async () => {
    const conversations = [
      summary({ id: 'c_a', status: 'active', visitor: { id: 'v2', name: 'Bea Active' } }),
      summary({ id: 'c_w', visitor: { id: 'v3', name: 'Will Waiting' } }),
      summary({ id: 'c_c', status: 'closed', visitor: { id: 'v4', name: 'Cleo Closed' } }),
    ];
    const view = renderConsole({ respond: () => welcome(conversations) });
    await connect(view);
    const names = () =>
      within(inbox())
        .queryAllByRole('button')
        .map((b) => b.textContent ?? '')
        .filter((text) => text !== 'Take');
    expect(names()[0]).toContain('Will Waiting');
    expect(names()[2]).toContain('Cleo Closed');
    fireEvent.click(screen.getByRole('button', { name: /^Closed/ }));
    expect(names()).toHaveLength(1);
    expect(names()[0]).toContain('Cleo Closed');
  });
});

describe('conversation', () => {
  const log = [created(1), visitorMessage(2, 'Do these run large?')];

  async function openAda(hold = false, conversation = summary()) {
    const relay = relayWith(conversation, log, hold);
    const view = renderConsole({ respond: relay.respond });
    await connect(view);
    await act(async () => {
      fireEvent.click(within(inbox()).getByRole('button', { name: /Ada Lovelace/ }));
      await flush(10);
    });
    return { view, relay };
  }

  it('opening shows the messages and the visitor context', async () => {
    const { view } = await openAda();
    expect(view.transport.of('conversation.open')).toEqual([
      { type: 'conversation.open', conversationId: 'c_1', afterSeq: 0 },
    ]);
    expect(window.location.hash).toBe('#/c/c_1');
    const messages = screen.getByRole('log', { name: 'Messages' });
    expect(messages.getAttribute('aria-live')).toBe('polite');
    expect(within(messages).getByText('Do these run large?')).toBeTruthy();
    expect(within(messages).getByText('Ada Lovelace started the conversation')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Ada Lovelace' })).toBeTruthy();

    const context = screen.getByRole('complementary', { name: 'Visitor details' });
    expect(within(context).getByText('Chrome 131 on macOS')).toBeTruthy();
    expect(within(context).getByText('en-GB')).toBeTruthy();
    expect(within(context).getByText(/Europe\/London/)).toBeTruthy();
    const link = within(context).getByRole('link', { name: /shop\.example\.com\/boots/ });
    expect(link.getAttribute('href')).toBe('https://shop.example.com/boots/trail-runner?size=42');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('renders visitor text as text, never as HTML, and never links a javascript: URL', async () => {
    const evil = '<img src=x onerror="alert(1)">';
    const relay = relayWith(
      summary({ context: { url: 'javascript:alert(1)', userAgent: 'curl/8' } }),
      [created(1), visitorMessage(2, evil)],
    );
    const view = renderConsole({ respond: relay.respond });
    await connect(view);
    await act(async () => {
      fireEvent.click(within(inbox()).getByRole('button', { name: /Ada Lovelace/ }));
      await flush(10);
    });
    const messages = screen.getByRole('log', { name: 'Messages' });
    expect(within(messages).getByText(evil)).toBeTruthy();
    expect(messages.querySelector('img')).toBeNull();
    const context = screen.getByRole('complementary', { name: 'Visitor details' });
    expect(within(context).queryByRole('link')).toBeNull();
  });

  it('reopens the conversation in the URL hash after a reload', async () => {
    window.location.hash = '#/c/c_1';
    const view = renderConsole({ respond: relayWith(summary(), log).respond });
    await connect(view);
    expect(view.transport.of('conversation.open')).toHaveLength(1);
    expect(screen.getByRole('heading', { name: 'Ada Lovelace' })).toBeTruthy();
  });

  it('replying shows the message as Sending… then Sent, once', async () => {
    const { view, relay } = await openAda(true);
    const reply = screen.getByRole('textbox', { name: 'Reply' });
    fireEvent.input(reply, { target: { value: 'They run half a size large.' } });
    expect(view.transport.of('chat.typing')).toEqual([
      { type: 'chat.typing', conversationId: 'c_1', typing: true },
    ]);
    await act(async () => {
      fireEvent.keyDown(reply, { key: 'Enter' });
    });
    const messages = screen.getByRole('log', { name: 'Messages' });
    expect(within(messages).getByText('They run half a size large.')).toBeTruthy();
    expect(within(messages).getByText('Sending…')).toBeTruthy();
    expect((reply as HTMLTextAreaElement).value).toBe('');
    expect(view.transport.of('chat.typing').at(-1)?.typing).toBe(false);
    expect(view.transport.of('chat.send')).toMatchObject([
      { conversationId: 'c_1', clientId: 'k1', text: 'They run half a size large.' },
    ]);

    await act(async () => {
      relay.releaseSends();
      await flush(10);
    });
    expect(within(messages).queryByText('Sending…')).toBeNull();
    expect(within(messages).getByText('Sent')).toBeTruthy();

    await act(async () => {
      view.transport.push({
        type: 'conversation.event',
        conversationId: 'c_1',
        event: agentMessage(3, 'They run half a size large.', 'k1'),
      });
    });
    expect(within(messages).getAllByText('They run half a size large.')).toHaveLength(1);
    expect(within(messages).getByText('Grace Hopper')).toBeTruthy();
  });

  it('Shift+Enter does not send', async () => {
    const { view } = await openAda();
    const reply = screen.getByRole('textbox', { name: 'Reply' });
    fireEvent.input(reply, { target: { value: 'line one' } });
    fireEvent.keyDown(reply, { key: 'Enter', shiftKey: true });
    expect(view.transport.of('chat.send')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await act(() => flush(10));
    expect(view.transport.of('chat.send')).toHaveLength(1);
  });

  it('shows the visitor typing', async () => {
    const { view } = await openAda();
    await act(async () => {
      view.transport.push({
        type: 'typing',
        conversationId: 'c_1',
        role: 'visitor',
        name: 'Ada Lovelace',
        typing: true,
      });
    });
    expect(screen.getByText('Ada Lovelace is typing…')).toBeTruthy();
    await act(async () => {
      view.transport.push({
        type: 'typing',
        conversationId: 'c_1',
        role: 'visitor',
        name: 'Ada Lovelace',
        typing: false,
      });
    });
    expect(screen.queryByText('Ada Lovelace is typing…')).toBeNull();
  });

  it('Close conversation asks the relay; a closed conversation hides the composer', async () => {
    const { view } = await openAda();
    expect(screen.getByRole('textbox', { name: 'Reply' })).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Close conversation' }));
      await flush(10);
    });
    expect(view.transport.of('conversation.close')).toEqual([
      { type: 'conversation.close', conversationId: 'c_1' },
    ]);
    await act(async () => {
      view.transport.push({
        type: 'conversation.event',
        conversationId: 'c_1',
        event: {
          type: 'conversation.closed',
          seq: 3,
          at: T0 + 9000,
          by: { role: 'agent', id: 'a_grace', name: 'Grace Hopper' },
        },
      });
    });
    expect(screen.getByText('This conversation has ended.')).toBeTruthy();
    expect(screen.getByText('Grace Hopper ended the conversation')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Reply' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Close conversation' })).toBeNull();
  });
});
