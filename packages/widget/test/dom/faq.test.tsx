import type { ArticleHit, ArticleView, SessionWelcome } from '@switchboard/shared';
import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mount, type WidgetHandle } from '../../src/app/mount.js';
import { createMemoryStorage } from '../../src/client/storage.js';
import { loadChatViews } from '../../src/views/lazy-views.js';
import {
  AT,
  callbackSite,
  created,
  createFakeRelay,
  type FakeRelay,
  settle,
  visitorMessage,
  welcome,
} from '../fake-relay.js';

let relay: FakeRelay;
let widget: WidgetHandle;
let ui: ReturnType<typeof within>;
const LOAD = { timeout: 10_000 };

const hit = (id: string, title: string): ArticleHit => ({ id, title, snippet: `All about ${id}` });
const article = (id: string, title: string, html: string): ArticleView => ({
  id,
  title,
  html,
  tags: [],
  locale: 'en',
  updatedAt: AT,
});

function mountWidget(queue: unknown[][] = []) {
  widget = mount({
    relayUrl: 'https://relay.example',
    siteId: 'demo',
    transport: relay.transport,
    storage: createMemoryStorage(),
    queue,
  });
  ui = within(widget.shadowRoot.lastElementChild as HTMLElement);
}

async function mountOpen(frame: SessionWelcome = welcome()) {
  mountWidget();
  relay.open();
  relay.take('session.hello').reply(frame);
  await settle();
  fireEvent.click(ui.getByRole('button', { name: 'Open chat' }));
  await settle();
}

/** Answer the next request of this type once the (debounced) session sends it. */
async function answer(
  type: 'faq.search' | 'article.open' | 'callback.availability',
  reply: Record<string, unknown>,
) {
  await waitFor(() => relay.take(type).reply(reply), { timeout: 2_000 });
  await settle();
}

// The secondary views are a lazy chunk the app prefetches when the browser is idle after it
// mounts; here it is already in, as it is by the time a visitor uses them.
beforeAll(async () => {
  await loadChatViews();
});

beforeEach(() => {
  relay = createFakeRelay();
});
afterEach(() => widget?.destroy());

describe('help search', () => {
  it('shows results as the visitor types: a list of titles with snippets', async () => {
    await mountOpen();
    const box = ui.getByRole('searchbox', { name: 'Search help articles' });
    fireEvent.input(box, { target: { value: 'refund' } });
    await answer('faq.search', {
      type: 'faq.results',
      query: 'refund',
      results: [hit('refunds', 'When will I get my refund?'), hit('returns', 'Return an item')],
    });
    const list = ui.getByRole('list', { name: 'Help articles' });
    expect(within(list).getAllByRole('button')).toHaveLength(2);
    expect(within(list).getByText('All about refunds')).toBeTruthy();

    fireEvent.click(within(list).getByRole('button', { name: /When will I get my refund\?/ }));
    expect(relay.take('article.open').frame).toEqual({
      type: 'article.open',
      articleId: 'refunds',
      source: 'search',
    });
  });

  it('opens an article from the results, takes "Yes", thanks the visitor', async () => {
    await mountOpen();
    fireEvent.input(ui.getByRole('searchbox', { name: 'Search help articles' }), {
      target: { value: 'refund' },
    });
    await answer('faq.search', {
      type: 'faq.results',
      query: 'refund',
      results: [hit('refunds', 'When will I get my refund?')],
    });
    fireEvent.click(ui.getByRole('button', { name: /When will I get my refund\?/ }));
    await answer('article.open', {
      type: 'faq.article',
      article: article('refunds', 'When will I get my refund?', '<p>Within <b>5 days</b>.</p>'),
    });
    await ui.findByRole('heading', { name: 'When will I get my refund?' }, LOAD);
    expect(ui.getByText('5 days')).toBeTruthy();
    fireEvent.click(ui.getByRole('button', { name: 'Yes' }));
    expect(relay.take('article.feedback').frame).toEqual({
      type: 'article.feedback',
      articleId: 'refunds',
      helpful: true,
    });
    expect(ui.getByText('Thanks for your feedback')).toBeTruthy();
    expect(ui.queryByRole('button', { name: 'Yes' })).toBeNull();

    fireEvent.click(ui.getByRole('button', { name: 'Back to results' }));
    expect(ui.getByRole('list', { name: 'Help articles' })).toBeTruthy();
    expect(ui.queryByRole('heading', { name: 'When will I get my refund?' })).toBeNull();
  });

  it('says so when nothing matches', async () => {
    await mountOpen();
    fireEvent.input(ui.getByRole('searchbox', { name: 'Search help articles' }), {
      target: { value: 'xylophone' },
    });
    await answer('faq.search', { type: 'faq.results', query: 'xylophone', results: [] });
    expect(ui.getByText('No articles found for “xylophone”.')).toBeTruthy();
    expect(ui.queryByRole('list', { name: 'Help articles' })).toBeNull();
  });

  it('is behind "Help" in the header once a conversation is open', async () => {
    await mountOpen(welcome({ id: 'c-1', events: [created(), visitorMessage(2, 'x', 'Hi')] }));
    expect(ui.queryByRole('searchbox', { name: 'Search help articles' })).toBeNull();
    fireEvent.click(ui.getByRole('button', { name: 'Help' }));
    expect(ui.getByRole('searchbox', { name: 'Search help articles' })).toBeTruthy();
    expect(ui.queryByRole('textbox', { name: 'Message' })).toBeNull();
    fireEvent.click(ui.getByRole('button', { name: 'Back to chat' }));
    expect(ui.getByRole('textbox', { name: 'Message' })).toBeTruthy();
  });
});

describe('an article', () => {
  it('never runs markup from its html: no script elements, no handlers; links open a new tab', async () => {
    const w = window as unknown as { pwned?: number };
    await mountOpen();
    widget.showArticle('evil');
    await answer('article.open', {
      type: 'faq.article',
      article: article(
        'evil',
        '<img src=x onerror=alert(1)>',
        '<p>Hi</p><img src="x" onerror="window.pwned=1"><script>window.pwned=2</script>' +
          '<a href="javascript:window.pwned=3">bad</a><a href="https://example.com">ok</a>' +
          '<svg onload="window.pwned=4"></svg><iframe src="https://evil.example"></iframe>',
      ),
    });
    await ui.findByRole('heading', { name: '<img src=x onerror=alert(1)>' }, LOAD);
    await settle();
    const root = widget.shadowRoot;
    expect(root.querySelectorAll('script, iframe')).toHaveLength(0);
    for (const el of Array.from(root.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) expect(attr.name).not.toMatch(/^on/i);
    }
    expect(ui.getByText('bad').getAttribute('href')).toBeNull();
    const ok = ui.getByRole('link', { name: 'ok' });
    expect(ok.getAttribute('target')).toBe('_blank');
    expect(ok.getAttribute('rel')).toContain('noopener');
    expect(w.pwned).toBeUndefined();
  });

  it('"Chat with us" opens the composer and the first message carries the article', async () => {
    await mountOpen(welcome(null, 'token-1', callbackSite()));
    widget.showArticle('returns');
    await answer('article.open', {
      type: 'faq.article',
      article: article('returns', 'Return an item', '<p>Send it back.</p>'),
    });
    await ui.findByRole('heading', { name: 'Return an item' }, LOAD);
    expect(ui.getByRole('button', { name: 'Call me back' })).toBeTruthy();
    fireEvent.click(ui.getByRole('button', { name: 'Chat with us' }));
    const message = ui.getByRole('textbox', { name: 'Message' });
    await waitFor(() => expect(widget.shadowRoot.activeElement).toBe(message));
    fireEvent.input(message, { target: { value: 'It arrived broken' } });
    fireEvent.click(ui.getByRole('button', { name: 'Send' }));
    await settle();
    expect(relay.take('chat.send').frame).toMatchObject({
      text: 'It arrived broken',
      articleId: 'returns',
    });
  });

  it('"Call me back" opens the callback form with the article named in the note', async () => {
    await mountOpen(welcome(null, 'token-1', callbackSite()));
    widget.showArticle('returns');
    await answer('article.open', {
      type: 'faq.article',
      article: article('returns', 'Return an item', '<p>Send it back.</p>'),
    });
    await ui.findByRole('heading', { name: 'Return an item' }, LOAD);
    fireEvent.click(ui.getByRole('button', { name: 'Call me back' }));
    await ui.findByRole('heading', { name: 'Request a call back' }, LOAD);
    // The agent sees which article the visitor came from, in the callback's note.
    await answer('callback.availability', {
      type: 'callback.slots',
      departmentId: 'orders',
      departmentName: 'Orders',
      asap: true,
      slots: [],
    });
    const note = ui.getByRole('textbox', {
      name: /Anything we should know/,
    }) as HTMLTextAreaElement;
    expect(note.value).toContain('Return an item');
  });
});

describe('suggestions', () => {
  it('appear while typing a first message and open the article', async () => {
    await mountOpen();
    const message = ui.getByRole('textbox', { name: 'Message' });
    fireEvent.input(message, { target: { value: 'where is my parcel' } });
    await waitFor(
      () => {
        const request = relay.take('faq.search');
        expect(request.frame).toMatchObject({
          query: 'where is my parcel',
          purpose: 'suggest',
          limit: 3,
        });
        request.reply({
          type: 'faq.results',
          query: 'where is my parcel',
          results: [hit('track', 'Track your order'), hit('late', 'My order is late')],
        });
      },
      { timeout: 2_000 },
    );
    const list = await ui.findByRole('list', { name: 'Suggested articles' });
    fireEvent.click(within(list).getByRole('button', { name: 'Track your order' }));
    expect(relay.take('article.open').frame).toEqual({
      type: 'article.open',
      articleId: 'track',
      source: 'suggestion',
    });
  });

  it('are hidden once the conversation has started', async () => {
    await mountOpen();
    const message = ui.getByRole('textbox', { name: 'Message' });
    fireEvent.input(message, { target: { value: 'where is my parcel' } });
    await answer('faq.search', {
      type: 'faq.results',
      query: 'where is my parcel',
      results: [hit('track', 'Track your order')],
    });
    expect(ui.getByRole('list', { name: 'Suggested articles' })).toBeTruthy();
    fireEvent.click(ui.getByRole('button', { name: 'Send' }));
    await settle();
    expect(ui.queryByRole('list', { name: 'Suggested articles' })).toBeNull();
  });
});

describe('host-page API', () => {
  it('Switchboard("search") queued before load opens the panel on the results', async () => {
    mountWidget([['search', 'refund']]);
    await settle();
    expect(relay.emitted).toEqual([]);
    relay.open();
    relay.take('session.hello').reply(welcome());
    await answer('faq.search', {
      type: 'faq.results',
      query: 'refund',
      results: [hit('refunds', 'When will I get my refund?')],
    });
    const box = ui.getByRole('searchbox', { name: 'Search help articles' }) as HTMLInputElement;
    expect(box.value).toBe('refund');
    expect(ui.getByRole('list', { name: 'Help articles' })).toBeTruthy();
  });

  it('Switchboard("showArticle") queued before load opens the article (source api)', async () => {
    mountWidget([['showArticle', 'returns']]);
    relay.open();
    relay.take('session.hello').reply(welcome());
    await settle();
    expect(relay.take('article.open').frame).toEqual({
      type: 'article.open',
      articleId: 'returns',
      source: 'api',
    });
  });
});
