import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  AgentWelcome,
  ArticlesList,
  ChatAck,
  ConversationEventFrame,
  ConversationEvents,
  ErrorFrame,
  FaqResults,
  InboxUpsert,
  SiteAppearance,
} from '@switchboard/shared';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeState } from '../../packages/server/src/cluster/codec.js';
import type { ClusterNode } from '../../packages/server/src/cluster/node.js';
import {
  freshDatabaseUrl,
  type PostgresServer,
  startPostgres,
} from '../../packages/server/test/helpers/postgres.js';
import { type RedisServer, startRedis } from '../../packages/server/test/helpers/redis.js';
import {
  agentSession,
  clientId,
  closeAllSockets,
  type Frame,
  request,
  visitorSession,
  waitForFrame,
} from './helpers/clients.js';
import { priya } from './helpers/demo-agents.js';
import { startRelay, type TestRelay } from './helpers/relay.js';

// Three relay nodes in this process on one PostgreSQL and one Redis: a visitor on one node, the
// agent on another, a supervisor on the third, as behind a load balancer.

let postgres: PostgresServer;
let redis: RedisServer;
let nodes: TestRelay[] = [];
let databaseUrl: string;
const dataDir = mkdtempSync(join(tmpdir(), 'sb-cluster-'));
const SECRET = 'cluster-test-secret-0123456789abcdef';

const engineOf = (node: TestRelay) => node.relay.cluster as ClusterNode;

async function startNode(id: string, databaseUrl: string): Promise<TestRelay> {
  return startRelay({
    dataDir,
    secret: SECRET,
    storage: { url: databaseUrl },
    // A long lease: n1 renews it every 3.3 s, so it does not notice the intruder below by
    // renewing before its next write does.
    cluster: { redisUrl: redis.url, nodeId: id, leaseTtlMs: 10_000 },
    limits: { messagesPerVisitorPerMinute: 8 },
  });
}

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  databaseUrl = await freshDatabaseUrl(postgres.url);
  // The first takes the lease; the others follow it.
  nodes = [await startNode('n1', databaseUrl)];
  nodes.push(await startNode('n2', databaseUrl), await startNode('n3', databaseUrl));
}, 60_000);

afterAll(async () => {
  closeAllSockets();
  for (const node of nodes.reverse()) await node.close().catch(() => undefined);
  await Promise.all([postgres?.destroy(), redis?.destroy()]);
  rmSync(dataDir, { recursive: true, force: true });
});

const isMessage = (conversationId: string, text: string) => (f: Frame) =>
  f.type === 'conversation.event' &&
  (f as ConversationEventFrame).conversationId === conversationId &&
  (f as ConversationEventFrame).event.type === 'message.created' &&
  (f as { event: { text: string } }).event.text === text;

describe('a cluster of three nodes', () => {
  it('routes a visitor on one node to an agent on another, with a supervisor on the third', async () => {
    const [one, two, three] = nodes as [TestRelay, TestRelay, TestRelay];
    const agent = await agentSession(two.url);
    const supervisor = await agentSession(three.url, priya);
    const visitor = await visitorSession(one.url);

    const ack = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'Do the Ridgeline tents come in green?',
    });
    expect(ack.type).toBe('chat.ack');
    const conversationId = ack.conversationId;
    // The agent on node 2 is offered it, the supervisor on node 3 sees it in the inbox.
    await waitForFrame<InboxUpsert>(
      agent.socket,
      (f) => f.type === 'inbox.upsert' && f.conversation.id === conversationId,
    );
    await waitForFrame<InboxUpsert>(
      supervisor.socket,
      (f) => f.type === 'inbox.upsert' && f.conversation.id === conversationId,
    );
    const accepted = await request(agent.socket, { type: 'offer.accept', conversationId });
    expect(accepted.type).not.toBe('error');
    await request(agent.socket, { type: 'conversation.open', conversationId, afterSeq: 0 });
    const reply = await request(agent.socket, {
      type: 'chat.send',
      conversationId,
      clientId: clientId(),
      text: 'Yes, in moss green.',
    });
    expect(reply.type).toBe('chat.ack');
    await waitForFrame(visitor.socket, isMessage(conversationId, 'Yes, in moss green.'));

    // Every node's copy of the routing core is the owner's.
    await Promise.all(nodes.map((n) => engineOf(n).idle()));
    await new Promise((r) => setTimeout(r, 200));
    const states = nodes.map((n) => encodeState(engineOf(n).state));
    expect(states[1]).toBe(states[0]);
    expect(states[2]).toBe(states[0]);
  });

  it("labels each node's /metrics with its name, and one node says it owns the core", async () => {
    const owners: number[] = [];
    for (const [i, node] of nodes.entries()) {
      const body = await (await fetch(`${node.url}/metrics`)).text();
      expect(body).toMatch(new RegExp(`switchboard_connections\\{[^}]*node="n${i + 1}"`));
      const owner = /switchboard_cluster_owner\{node="n\d"\} (\d)/.exec(body);
      owners.push(Number(owner?.[1]));
    }
    expect(owners.sort()).toEqual([0, 0, 1]);
  });

  it('holds a visitor to their message limit across nodes', async () => {
    const [one, , three] = nodes as [TestRelay, TestRelay, TestRelay];
    const first = await visitorSession(one.url);
    // The same visitor (their token) on another node, as after a reconnect through the balancer.
    const second = await visitorSession(three.url, { token: first.welcome.token });
    const answers: string[] = [];
    let conversationId: string | undefined;
    for (const [i, socket] of [
      first.socket,
      first.socket,
      first.socket,
      first.socket,
      first.socket,
    ].entries()) {
      const answer = await request<ChatAck | ErrorFrame>(socket, {
        type: 'chat.send',
        clientId: clientId(),
        text: `question ${i + 1}`,
        ...(conversationId ? { conversationId } : {}),
      });
      if (answer.type === 'chat.ack') conversationId = answer.conversationId;
      answers.push(answer.type === 'error' ? answer.code : answer.type);
    }
    // The other node hears of those five within a fraction of a second.
    await new Promise((resolve) => setTimeout(resolve, 600));
    for (let i = 6; i <= 10; i++) {
      const answer = await request<ChatAck | ErrorFrame>(second.socket, {
        type: 'chat.send',
        clientId: clientId(),
        text: `question ${i}`,
        conversationId,
      });
      answers.push(answer.type === 'error' ? answer.code : answer.type);
    }
    // 8 a minute in all: node 3 lets 3 more through, not 5.
    expect(answers.filter((a) => a === 'chat.ack')).toHaveLength(8);
    expect(answers.slice(-2)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('an article saved on one node is found by visitors on the others, and watchers there get the list', async () => {
    const [one, two, three] = nodes as [TestRelay, TestRelay, TestRelay];
    const editor = await agentSession(three.url, priya);
    const watcher = await agentSession(two.url, priya);
    await request(watcher.socket, { type: 'articles.get' });
    const { socket: visitor } = await visitorSession(one.url);
    const search = () =>
      request<FaqResults>(visitor, { type: 'faq.search', query: 'hammock' }).then((r) =>
        r.results.map((a) => a.id),
      );
    expect(await search()).toEqual([]);
    const article = {
      id: 'hammock-care',
      title: 'Caring for your hammock',
      body: 'Dry the **hammock** before you pack it.',
      tags: ['hammock'],
      departmentId: 'tech',
      locale: 'en',
      published: true,
    };
    expect(await request(editor.socket, { type: 'article.save', article })).toEqual({ type: 'ok' });
    await waitForFrame<ArticlesList>(
      watcher.socket,
      (f) => f.type === 'articles.list' && f.articles.some((a) => a.id === 'hammock-care'),
    );
    const deadline = Date.now() + 5_000;
    while ((await search()).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await search()).toEqual(['hammock-care']);
  });

  it("a site's appearance changed on one node: open widgets on another hear it, new ones get it", async () => {
    const [one, , three] = nodes as [TestRelay, TestRelay, TestRelay];
    const open = await visitorSession(one.url);
    const supervisor = await agentSession(three.url, priya);
    const current = (supervisor.welcome as AgentWelcome).sites?.find((s) => s.siteId === 'demo');
    const next: SiteAppearance = { ...current!, color: '#aa3300' };
    const updated = waitForFrame(open.socket, (f) => f.type === 'site.updated');
    expect(await request(supervisor.socket, { type: 'site.save', site: next })).toEqual({
      type: 'ok',
    });
    expect(await updated).toMatchObject({ site: { id: 'demo', color: '#aa3300' } });
    const deadline = Date.now() + 5_000;
    let color = (await visitorSession(one.url)).welcome.site.color;
    while (color !== '#aa3300' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      color = (await visitorSession(one.url)).welcome.site.color;
    }
    expect(color).toBe('#aa3300');
  });

  it("refuses the owner's write once the lease moved on (the fence), and the owner steps down", async () => {
    const [one, two] = nodes as [TestRelay, TestRelay, TestRelay];
    expect(engineOf(one).owner).toBe(true);
    const agent = await agentSession(two.url);
    const visitor = await visitorSession(one.url);
    // Another node took the lease while n1 was not looking (as after a pause): epoch + 1. It
    // lapses in 2 s, so n2 or n3 then takes over for real.
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(
      `UPDATE leases SET holder = 'intruder', epoch = epoch + 1,
         expires_at = now() + interval '2 seconds' WHERE name = 'core'`,
    );
    await admin.end();
    const text = 'Can I change my delivery address?';
    const id = clientId();
    const refused = await request<ErrorFrame>(visitor.socket, {
      type: 'chat.send',
      clientId: id,
      text,
    });
    expect(refused).toMatchObject({ type: 'error', code: 'UNAVAILABLE' });
    expect(engineOf(one).owner).toBe(false);
    // The visitor's widget sends it again; it lands once, through the new owner.
    let ack: ChatAck | ErrorFrame = refused;
    const deadline = Date.now() + 15_000;
    while (ack.type !== 'chat.ack' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      ack = await request<ChatAck | ErrorFrame>(
        visitor.socket,
        { type: 'chat.send', clientId: id, text },
        15_000,
      );
    }
    expect(ack).toMatchObject({ type: 'chat.ack', clientId: id });
    expect(nodes.some((n) => engineOf(n).owner)).toBe(true);
    const conversationId = (ack as ChatAck).conversationId;
    await waitForFrame<InboxUpsert>(
      agent.socket,
      (f) => f.type === 'inbox.upsert' && f.conversation.id === conversationId,
    );
    const events = await request<ConversationEvents>(agent.socket, {
      type: 'conversation.sync',
      conversationId,
      afterSeq: 0,
    });
    expect(
      events.type === 'conversation.events' &&
        events.events.filter((e) => e.type === 'message.created' && e.clientId === id),
    ).toHaveLength(1);
  });
});
