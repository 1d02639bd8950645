import type {
  ArticlesList,
  ConversationEventFrame,
  ErrorFrame,
  FaqArticle,
  FaqMetricsFrame,
  FaqResults,
} from '@switchboard/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  agentSession,
  clientId,
  closeAllSockets,
  request,
  visitorSession,
  waitForFrame,
} from './helpers/clients.js';
import { maya, priya } from './helpers/demo-agents.js';
import { startRelay, type TestRelay } from './helpers/relay.js';

let relay: TestRelay;
let clock = Date.now();
beforeAll(async () => {
  relay = await startRelay({}, { now: () => clock });
});
afterEach(closeAllSockets);
afterAll(() => relay.close());

const search = (socket: Parameters<typeof request>[0], query: string, extra = {}) =>
  request<FaqResults>(socket, { type: 'faq.search', query, ...extra });

describe('the FAQ for visitors', () => {
  it('searches the demo articles: misspelt, prefix, limited suggestions, nothing', async () => {
    const { socket } = await visitorSession(relay.url);
    const misspelt = await search(socket, 'retrun');
    expect(misspelt.type).toBe('faq.results');
    expect(misspelt.results[0]).toMatchObject({ id: 'returns-policy', departmentId: 'orders' });
    expect(misspelt.results[0]!.snippet.length).toBeLessThanOrEqual(200);
    expect(misspelt.results[0]!.snippet).not.toMatch(/[<>*#]/);
    expect((await search(socket, 'canc')).results[0]?.id).toBe('cancel-order');
    expect((await search(socket, 'order')).results.length).toBeLessThanOrEqual(8);
    const suggested = await search(socket, 'order', { purpose: 'suggest', limit: 10 });
    expect(suggested.results.length).toBe(3);
    expect(await search(socket, 'xylophone')).toEqual({
      type: 'faq.results',
      query: 'xylophone',
      results: [],
    });
  });

  it('opens an article as sanitised HTML, refuses unknown ones, records feedback', async () => {
    const { socket } = await visitorSession(relay.url);
    const opened = await request<FaqArticle>(socket, {
      type: 'article.open',
      articleId: 'returns-policy',
      source: 'search',
    });
    expect(opened.type).toBe('faq.article');
    expect(opened.article.title).toBe('What is your return policy?');
    expect(opened.article.html).toContain('<strong>');
    expect(opened.article.html).not.toMatch(/<script|\son\w+=/i);
    expect(
      await request<ErrorFrame>(socket, { type: 'article.open', articleId: 'no-such-article' }),
    ).toMatchObject({ type: 'error', code: 'NOT_FOUND' });
    for (const helpful of [true, false]) {
      expect(
        await request(socket, { type: 'article.feedback', articleId: 'returns-policy', helpful }),
      ).toEqual({ type: 'ok' });
    }
    expect(
      await request(socket, { type: 'article.feedback', articleId: 'nope', helpful: true }),
    ).toMatchObject({ type: 'error', code: 'NOT_FOUND' });
  });

  it('carries the article into the conversation the visitor starts from it', async () => {
    const { socket } = await visitorSession(relay.url);
    const ack = await request(socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'My return label does not print',
      articleId: 'start-a-return',
    });
    expect(ack.type).toBe('chat.ack');
    const frame = await waitForFrame<ConversationEventFrame>(
      socket,
      (f) => f.type === 'conversation.event' && f.event.type === 'conversation.created',
    );
    expect(frame.event).toMatchObject({ article: { id: 'start-a-return' } });
  });
});

describe('the FAQ for supervisors', () => {
  it('is closed to agents, except the preview, which strips script', async () => {
    const m = await agentSession(relay.url, maya);
    expect(await request(m.socket, { type: 'articles.get' })).toMatchObject({
      type: 'error',
      code: 'FORBIDDEN',
    });
    expect(await request(m.socket, { type: 'faq.metrics.get' })).toMatchObject({
      code: 'FORBIDDEN',
    });
    const preview = await request(m.socket, {
      type: 'article.render',
      body: '**hi** <script>alert(1)</script> [x](javascript:alert(1))',
    });
    expect(preview).toEqual({
      type: 'article.preview',
      html: '<p><strong>hi</strong> &lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1))</p>\n',
    });
  });

  it('creates, edits and deletes articles: visitors find them at once, watchers get the list', async () => {
    const p = await agentSession(relay.url, priya);
    const listed = await request<ArticlesList>(p.socket, { type: 'articles.get' });
    expect(listed.articles.length).toBeGreaterThanOrEqual(26);
    const { socket: visitor } = await visitorSession(relay.url);
    expect((await search(visitor, 'kayak')).results).toEqual([]);
    const article = {
      id: 'kayak-storage',
      title: 'Storing your kayak',
      body: 'Keep the **kayak** out of the sun.',
      tags: ['kayak'],
      departmentId: 'tech',
      locale: 'en',
      published: true,
    };
    expect(await request(p.socket, { type: 'article.save', article })).toEqual({ type: 'ok' });
    const pushed = await waitForFrame<ArticlesList>(
      p.socket,
      (f) => f.type === 'articles.list' && f.articles.some((a) => a.id === 'kayak-storage'),
    );
    expect(pushed.articles.find((a) => a.id === 'kayak-storage')).toMatchObject({
      source: 'console',
    });
    expect((await search(visitor, 'kayak')).results.map((r) => r.id)).toEqual(['kayak-storage']);
    await request(p.socket, { type: 'article.save', article: { ...article, published: false } });
    expect((await search(visitor, 'kayak')).results).toEqual([]);
    expect(
      await request(visitor, { type: 'article.open', articleId: 'kayak-storage' }),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(await request(p.socket, { type: 'article.delete', articleId: 'gift-cards' })).toEqual({
      type: 'ok',
    });
    expect((await search(visitor, 'gift card')).results.map((r) => r.id)).not.toContain(
      'gift-cards',
    );
    expect(
      await request(p.socket, { type: 'article.delete', articleId: 'never-was' }),
    ).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reports searches, content gaps, helpfulness and deflection', async () => {
    clock += 1_000;
    const from = clock;
    const stayed = await visitorSession(relay.url);
    const chatted = await visitorSession(relay.url);
    await search(stayed.socket, 'Teleport ');
    await search(chatted.socket, 'teleport');
    await search(chatted.socket, 'zzz-unknown');
    await search(stayed.socket, 'refund', { purpose: 'suggest' });
    for (const v of [stayed, chatted]) {
      await request(v.socket, {
        type: 'article.open',
        articleId: 'refund-timing',
        source: 'suggestion',
      });
    }
    await request(stayed.socket, {
      type: 'article.feedback',
      articleId: 'refund-timing',
      helpful: true,
    });
    clock += 60_000;
    await request(chatted.socket, { type: 'chat.send', clientId: clientId(), text: 'Refund?' });
    clock += 1_000;
    const p = await agentSession(relay.url, priya);
    const { metrics } = await request<FaqMetricsFrame>(p.socket, {
      type: 'faq.metrics.get',
      from,
      to: clock + 1,
    });
    expect(metrics.searches).toBe(3);
    expect(metrics.noResult).toEqual([
      { query: 'teleport', count: 2 },
      { query: 'zzz-unknown', count: 1 },
    ]);
    expect(metrics.articles).toEqual([
      { id: 'refund-timing', title: expect.any(String), views: 2, helpful: 1, notHelpful: 0 },
    ]);
    expect(metrics.deflection).toEqual({ opened: 2, deflected: 1, rate: 0.5 });
  });
});
