import type {
  AgentToServer,
  Article,
  ConversationEvent,
  ConversationSummary,
  FaqMetrics,
} from '@switchboard/shared';
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { SESSION_KEY } from '../../src/client/session-storage.js';
import { flush } from './support/fake-transport.js';
import { AGENT, routingWelcome, SUPERVISOR, summary, T0 } from './support/fixtures.js';
import { memoryStorage, renderConsole } from './support/render-console.js';

const DAY = 86_400_000;

const ARTICLES: Article[] = [
  {
    id: 'return-an-order',
    title: 'Return an order',
    body: '# Returns\n\nYou have **30 days**.',
    tags: ['returns'],
    departmentId: 'orders',
    locale: 'en',
    published: true,
    source: 'content',
    updatedAt: T0 - DAY,
  },
];

const METRICS: FaqMetrics = {
  from: T0 - 30 * DAY,
  to: T0,
  searches: 120,
  noResult: [
    { query: 'gift wrap', count: 7 },
    { query: 'crypto payment', count: 3 },
  ],
  articles: [
    { id: 'return-an-order', title: 'Return an order', views: 40, helpful: 9, notHelpful: 1 },
  ],
  deflection: { opened: 20, deflected: 5, rate: 0.25 },
};

interface RelayOptions {
  preview?: (body: string) => string;
  logs?: Record<string, ConversationEvent[]>;
  conversations?: ConversationSummary[];
  answer?: (frame: AgentToServer) => unknown;
}

function relay(options: RelayOptions = {}) {
  return (frame: AgentToServer): unknown => {
    const answered = options.answer?.(frame);
    if (answered !== undefined) return answered;
    switch (frame.type) {
      case 'agent.hello':
        return { ...routingWelcome(options.conversations ?? []), agent: SUPERVISOR };
      case 'articles.get':
        return { type: 'articles.list', articles: ARTICLES };
      case 'faq.metrics.get':
        return { type: 'faq.metrics', metrics: METRICS };
      case 'article.render':
        return {
          type: 'article.preview',
          html: options.preview?.(frame.body) ?? `<p>${frame.body}</p>`,
        };
      case 'conversation.open': {
        const conversation = (options.conversations ?? []).find(
          (c) => c.id === frame.conversationId,
        );
        return {
          type: 'conversation.events',
          conversation,
          events: options.logs?.[frame.conversationId] ?? [],
          more: false,
        };
      }
      case 'customer.history':
        return { type: 'customer.conversations', visitorId: frame.visitorId, conversations: [] };
      default:
        return { type: 'ok' };
    }
  };
}

function supervisorSession() {
  return memoryStorage({
    [SESSION_KEY]: JSON.stringify({
      token: 'tok-1',
      expiresAt: T0 + 8 * 3600_000,
      agent: SUPERVISOR,
    }),
  });
}

async function start(options: RelayOptions & { hash?: string } = {}) {
  window.location.hash = options.hash ?? '#/articles';
  const view = renderConsole({
    respond: relay(options),
    storage: supervisorSession(),
    now: () => T0,
  });
  await act(async () => {
    view.transport.connect();
    await flush(10);
  });
  // The view asks for articles and metrics once it is online: let those answers land.
  await act(async () => {
    await flush(10);
  });
  return view;
}

/** Let the preview's debounce run out and its answer arrive. */
async function waitForPreview() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 350));
    await flush(10);
  });
}

describe('help articles', () => {
  it('lists the articles, with an Articles link only supervisors get', async () => {
    const view = await start();
    expect(screen.getByRole('link', { name: 'Articles' }).getAttribute('aria-current')).toBe(
      'page',
    );
    const table = screen.getByRole('table', { name: 'Articles' });
    const row = within(table).getByRole('row', { name: /Return an order/ });
    expect(within(row).getByText('return-an-order')).toBeTruthy();
    expect(within(row).getByText('Orders')).toBeTruthy();
    expect(within(row).getByText('Content folder')).toBeTruthy();
    expect(view.transport.of('articles.get')).toHaveLength(1);
  });

  it('keeps agents out of #/articles', async () => {
    window.location.hash = '#/articles';
    const view = renderConsole({
      respond: (f) => (f.type === 'agent.hello' ? routingWelcome([]) : { type: 'ok' }),
      now: () => T0,
    });
    await act(async () => {
      view.transport.connect();
      await flush(10);
    });
    expect(screen.queryByRole('link', { name: 'Articles' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Articles' })).toBeNull();
    expect(view.transport.of('articles.get')).toHaveLength(0);
    expect(AGENT.role).toBe('agent');
  });

  it('sends article.save with the fields of a new article', async () => {
    const view = await start();
    fireEvent.click(screen.getByRole('button', { name: 'New article' }));
    expect(screen.getByRole('heading', { name: 'New article' })).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Title'), { target: { value: 'Reset your password' } });
    fireEvent.input(screen.getByLabelText('Article id'), { target: { value: 'reset-password' } });
    fireEvent.input(screen.getByLabelText('Tags'), {
      target: { value: 'account, password, , account' },
    });
    fireEvent.change(screen.getByLabelText('Department'), { target: { value: 'tech' } });
    fireEvent.input(screen.getByLabelText('Locale'), { target: { value: 'en-GB' } });
    fireEvent.click(screen.getByLabelText('Published'));
    fireEvent.input(screen.getByLabelText('Body (Markdown)'), {
      target: { value: 'Click **Forgot password**.' },
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
      await flush(10);
    });
    expect(view.transport.of('article.save')).toEqual([
      {
        type: 'article.save',
        article: {
          id: 'reset-password',
          title: 'Reset your password',
          body: 'Click **Forgot password**.',
          tags: ['account', 'password'],
          departmentId: 'tech',
          locale: 'en-GB',
          published: true,
        },
      },
    ]);
    expect(screen.getByText('Saved.').getAttribute('role')).toBe('status');
  });

  it('refuses a bad article id before sending, and shows the relay’s refusal in an alert', async () => {
    const view = await start({
      answer: (f) =>
        f.type === 'article.save'
          ? { type: 'error', code: 'FORBIDDEN', message: 'Only supervisors can do that.' }
          : undefined,
    });
    fireEvent.click(screen.getByRole('button', { name: 'New article' }));
    fireEvent.input(screen.getByLabelText('Title'), { target: { value: 'Gift cards' } });
    fireEvent.input(screen.getByLabelText('Article id'), { target: { value: 'Gift Cards!' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
      await flush();
    });
    expect(view.transport.of('article.save')).toHaveLength(0);
    expect(screen.getByLabelText('Article id').getAttribute('aria-invalid')).toBe('true');

    fireEvent.input(screen.getByLabelText('Article id'), { target: { value: 'gift-cards' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
      await flush(10);
    });
    expect(view.transport.of('article.save')).toHaveLength(1);
    expect(screen.getByRole('alert').textContent).toBe('Only supervisors can do that.');
  });

  it('edits an existing article and deletes it after an in-place confirmation', async () => {
    const view = await start();
    fireEvent.click(screen.getByRole('button', { name: 'Edit Return an order' }));
    expect(screen.getByRole('heading', { name: 'Edit article' })).toBeTruthy();
    expect(screen.queryByLabelText('Article id')).toBeNull();
    expect((screen.getByLabelText('Tags') as HTMLInputElement).value).toBe('returns');
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(view.transport.of('article.delete')).toHaveLength(0);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Yes, delete' }));
      await flush(10);
    });
    expect(view.transport.of('article.delete')).toEqual([
      { type: 'article.delete', articleId: 'return-an-order' },
    ]);
    expect(screen.queryByRole('heading', { name: 'Edit article' })).toBeNull();
  });

  it('previews the relay’s HTML once typing pauses', async () => {
    const view = await start({
      preview: () => '<h2>Returns</h2><p>You have <strong>30 days</strong>.</p>',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Edit Return an order' }));
    await waitForPreview();
    const preview = screen.getByRole('region', { name: 'Preview' });
    expect(within(preview).getByRole('heading', { name: 'Returns' })).toBeTruthy();
    expect(within(preview).getByText('30 days').tagName).toBe('STRONG');
    // Typing quickly asks once, for the latest text.
    const before = view.transport.of('article.render').length;
    const body = screen.getByLabelText('Body (Markdown)');
    fireEvent.input(body, { target: { value: 'a' } });
    fireEvent.input(body, { target: { value: 'ab' } });
    fireEvent.input(body, { target: { value: 'abc' } });
    await waitForPreview();
    const asked = view.transport.of('article.render').slice(before);
    expect(asked).toEqual([{ type: 'article.render', body: 'abc' }]);
  });

  it('never lets an event handler from the preview HTML into the page', async () => {
    const hits: string[] = [];
    (globalThis as { sbHit?: (s: string) => void }).sbHit = (s) => hits.push(s);
    await start({
      preview: () =>
        '<p>Hi</p><img src=x onerror="sbHit(\'img\')" alt="pic"><a href="javascript:sbHit(\'a\')" onclick="sbHit(\'click\')">link</a><script>sbHit("script")</script>',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Edit Return an order' }));
    await waitForPreview();
    const preview = screen.getByRole('region', { name: 'Preview' });
    expect(within(preview).getByText('Hi')).toBeTruthy();
    const content = preview.querySelector('.article-preview__content');
    expect(content?.innerHTML).not.toMatch(/onerror|onclick|javascript:|<script/i);
    const img = within(preview).getByRole('img', { name: 'pic' });
    img.dispatchEvent(new Event('error'));
    fireEvent.click(within(preview).getByText('link'));
    expect(hits).toEqual([]);
  });
});

describe('self-service metrics', () => {
  it('shows searches, the deflection rate and the content gaps for the last 30 days', async () => {
    const view = await start();
    const section = screen.getByRole('region', { name: 'Self-service' });
    expect(view.transport.of('faq.metrics.get')).toEqual([
      { type: 'faq.metrics.get', from: T0 - 30 * DAY, to: T0 },
    ]);
    expect(within(section).getByText('25%')).toBeTruthy();
    expect(within(section).getByText('20 opened → 5 deflected')).toBeTruthy();
    expect(within(section).getByText('120')).toBeTruthy();
    const gaps = within(section).getByRole('table', { name: 'Searches with no results' });
    expect(within(gaps).getByRole('row', { name: 'gift wrap 7' })).toBeTruthy();
    expect(within(gaps).getByRole('row', { name: 'crypto payment 3' })).toBeTruthy();
    const read = within(section).getByRole('table', { name: 'Articles read' });
    expect(within(read).getByRole('row', { name: 'Return an order 40 9 1 90%' })).toBeTruthy();
  });

  it('asks again for another range', async () => {
    const view = await start();
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Range'), { target: { value: '7' } });
      await flush(10);
    });
    expect(view.transport.of('faq.metrics.get').at(-1)).toEqual({
      type: 'faq.metrics.get',
      from: T0 - 7 * DAY,
      to: T0,
    });
  });
});

describe('the article in the conversation', () => {
  it('shows what the visitor was reading in the context panel and the first log line', async () => {
    const conversation = summary();
    const first: ConversationEvent = {
      type: 'conversation.created',
      seq: 1,
      at: T0,
      visitor: conversation.visitor,
      context: conversation.context,
      article: { id: 'return-an-order', title: 'Return an order' },
    };
    await start({
      hash: `#/c/${conversation.id}`,
      conversations: [conversation],
      logs: { [conversation.id]: [first] },
    });
    const context = screen.getByRole('complementary', { name: 'Visitor details' });
    expect(within(context).getByText('Was reading: Return an order')).toBeTruthy();
    expect(
      screen.getByText('Ada Lovelace started the conversation while reading “Return an order”'),
    ).toBeTruthy();
  });
});
