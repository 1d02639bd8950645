import type { ArticleHit, ArticleView } from '@switchboard/shared';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createSession,
  loadSessionFeatures,
  type Session,
  type Timers,
} from '../../src/client/session.js';
import { createMemoryStorage } from '../../src/client/storage.js';
import { type ChatStore, createChatStore, loadStoreFeatures } from '../../src/store/chat-store.js';
import { SEARCH_DEBOUNCE_MS, SUGGEST_DEBOUNCE_MS } from '../../src/store/faq.js';
import {
  AT,
  ack,
  created,
  createFakeRelay,
  type FakeRelay,
  settle,
  visitorMessage,
  welcome,
} from '../fake-relay.js';

// The callback and FAQ commands, and the store's FAQ part, are lazy chunks the app prefetches at
// idle: loaded before the tests.
beforeAll(async () => {
  await loadSessionFeatures();
  await loadStoreFeatures();
});

/** Timers the test moves by hand. */
function manualClock() {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let next = 0;
  const clock: Timers = {
    setTimeout(fn, ms) {
      const id = ++next;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout(id) {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  return {
    clock,
    advance(ms: number) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.fn();
    },
  };
}

const hit = (id: string, title = id): ArticleHit => ({ id, title, snippet: `About ${id}` });
const article = (id: string, html = '<p>Body</p>'): ArticleView => ({
  id,
  title: `Title of ${id}`,
  html,
  tags: [],
  locale: 'en',
  updatedAt: AT,
});

let relay: FakeRelay;
let session: Session;
let store: ChatStore;
let time: ReturnType<typeof manualClock>;
let ids = 0;

async function start(conversation: Parameters<typeof welcome>[0] = null) {
  relay = createFakeRelay();
  time = manualClock();
  session = createSession({
    transport: relay.transport,
    storage: createMemoryStorage(),
    siteId: 'demo',
    newId: () => `client-${++ids}`,
    context: () => ({ locale: 'en-GB' }),
  });
  store = createChatStore(session, time.clock);
  session.start();
  relay.open();
  relay.take('session.hello').reply(welcome(conversation));
  await settle();
}

const searches = () => relay.pending.filter((r) => r.frame.type === 'faq.search');

describe('FAQ search', () => {
  beforeEach(() => start());

  it('asks once the visitor stops typing for 200 ms, in their locale', async () => {
    store.search('re');
    time.advance(100);
    store.search('ref');
    time.advance(SEARCH_DEBOUNCE_MS - 1);
    expect(searches()).toHaveLength(0);
    time.advance(1);
    expect(searches()).toHaveLength(1);
    expect(relay.take('faq.search').frame).toEqual({
      type: 'faq.search',
      query: 'ref',
      locale: 'en-GB',
    });
  });

  it('ignores an answer to an older query', async () => {
    store.search('ret');
    time.advance(SEARCH_DEBOUNCE_MS);
    const older = relay.take('faq.search');
    store.search('refund');
    time.advance(SEARCH_DEBOUNCE_MS);
    const newer = relay.take('faq.search');
    newer.reply({ type: 'faq.results', query: 'refund', results: [hit('refunds')] });
    await settle();
    older.reply({ type: 'faq.results', query: 'ret', results: [hit('returns')] });
    await settle();
    expect(store.getState().faq.results?.map((r) => r.id)).toEqual(['refunds']);
    expect(store.getState().faq.query).toBe('refund');
  });

  it('an empty box clears the results and asks nothing', async () => {
    store.search('   ');
    time.advance(SEARCH_DEBOUNCE_MS);
    expect(searches()).toHaveLength(0);
    expect(store.getState().faq.results).toBeNull();
  });
});

describe('suggestions while typing a first message', () => {
  it('asks for 3 suggestions after 300 ms once there are 4 characters', async () => {
    await start();
    store.suggest('ref');
    time.advance(SUGGEST_DEBOUNCE_MS);
    expect(searches()).toHaveLength(0);
    store.suggest('refu');
    time.advance(SUGGEST_DEBOUNCE_MS);
    const request = relay.take('faq.search');
    expect(request.frame).toMatchObject({ query: 'refu', purpose: 'suggest', limit: 3 });
    request.reply({
      type: 'faq.results',
      query: 'refu',
      results: [hit('a'), hit('b'), hit('c'), hit('d')],
    });
    await settle();
    expect(store.getState().faq.suggestions.map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });

  it('never asks while a conversation is open', async () => {
    await start({ id: 'c-1', events: [created(), visitorMessage(2, 'x', 'Hi')] });
    store.suggest('where is my order');
    time.advance(SUGGEST_DEBOUNCE_MS);
    expect(searches()).toHaveLength(0);
    expect(store.getState().faq.suggestions).toEqual([]);
  });

  it('hides them once the first message is sent', async () => {
    await start();
    store.suggest('refund please');
    time.advance(SUGGEST_DEBOUNCE_MS);
    relay.take('faq.search').reply({ type: 'faq.results', query: 'x', results: [hit('a')] });
    await settle();
    expect(store.getState().faq.suggestions).toHaveLength(1);
    store.send('refund please');
    expect(store.getState().faq.suggestions).toEqual([]);
  });
});

describe('the article carried into the chat', () => {
  it('goes with the first message only', async () => {
    await start();
    store.openArticle('returns', 'suggestion');
    const open = relay.take('article.open');
    expect(open.frame).toEqual({
      type: 'article.open',
      articleId: 'returns',
      source: 'suggestion',
    });
    open.reply({ type: 'faq.article', article: article('returns') });
    await settle();
    expect(store.getState().faq.article?.view?.title).toBe('Title of returns');
    store.chatAboutArticle();
    expect(store.getState().faq.article).toBeNull();

    store.send('It did not help');
    await settle();
    const first = relay.take('chat.send');
    expect(first.frame).toMatchObject({ text: 'It did not help', articleId: 'returns' });
    first.reply(ack(first.frame.clientId, 'c-9', 2));
    await settle();
    store.send('Still there?');
    await settle();
    const second = relay.take('chat.send');
    expect(second.frame.conversationId).toBe('c-9');
    expect(second.frame).not.toHaveProperty('articleId');
  });

  it('is not carried when no chat was asked for', async () => {
    await start();
    store.openArticle('returns', 'search');
    relay.take('article.open').reply({ type: 'faq.article', article: article('returns') });
    await settle();
    store.closeArticle();
    store.send('Hello');
    await settle();
    expect(relay.take('chat.send').frame).not.toHaveProperty('articleId');
  });

  it('sends "Was this helpful?" answers as article.feedback', async () => {
    await start();
    store.openArticle('returns', 'search');
    relay.take('article.open').reply({ type: 'faq.article', article: article('returns') });
    await settle();
    store.articleFeedback(false);
    expect(relay.take('article.feedback').frame).toEqual({
      type: 'article.feedback',
      articleId: 'returns',
      helpful: false,
    });
    expect(store.getState().faq.article?.feedback).toBe(false);
  });
});
