import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freshDatabaseUrl,
  type PostgresServer,
  startPostgres,
} from '../../packages/server/test/helpers/postgres.js';
import { type RedisServer, startRedis } from '../../packages/server/test/helpers/redis.js';
import { type LocalCluster, startCluster } from '../integration/helpers/cluster.js';
import { launchChromium, SCREENSHOTS } from './helpers/browser.js';
import { inboxItem, signIn } from './helpers/console.js';
import { visitorSays } from './helpers/widget.js';

// The cross-node journey in Chromium: three relay processes on one PostgreSQL and one Redis; the
// visitor's widget talks to node 1, the agent's console to node 2, the supervisor's to node 3.
// What each sees is what one relay would show them.

let postgres: PostgresServer;
let redis: RedisServer;
let cluster: LocalCluster;
let browser: Browser;
let visitor: Page;
let agent: Page;
let supervisor: Page;

const urlOf = (id: string) => cluster.live.get(id)!.url;

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  cluster = await startCluster({
    databaseUrl: await freshDatabaseUrl(postgres.url),
    redisUrl: redis.url,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await cluster?.stop();
  await Promise.all([postgres?.destroy(), redis?.destroy()]);
});

describe('a cluster in Chromium', () => {
  it('a visitor on node 1 chats with an agent on node 2 while a supervisor on node 3 watches', async () => {
    agent = await signIn(browser, urlOf('n2'), 'agent@example.com', 'switchboard-demo');
    supervisor = await signIn(browser, urlOf('n3'), 'supervisor@example.com', 'switchboard-demo');
    visitor = await visitorSays(browser, urlOf('n1'), 'Do the Ridgeline tents come in green?');

    // The agent on node 2 sees it arrive, opens it and answers; typing shows on the other node.
    const item = inboxItem(agent, 'Do the Ridgeline tents come in green?');
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(1);
    await item.click();
    await expect
      .poll(() => agent.getByRole('log').getByText('Do the Ridgeline tents come in green?').count())
      .toBe(1);
    const reply = agent.getByRole('textbox', { name: 'Reply' });
    await reply.click();
    await reply.pressSequentially('Let me look', { delay: 20 });
    await expect
      .poll(() => visitor.getByText('Maya Chen is typing').count(), { timeout: 10_000 })
      .toBe(1);
    await reply.fill('Yes: moss green and sand, both in stock.');
    await agent.getByRole('button', { name: 'Send' }).click();
    const visitorLog = visitor.getByRole('dialog').getByRole('log');
    await expect
      .poll(
        () =>
          visitorLog.getByText('Yes: moss green and sand, both in stock.', { exact: true }).count(),
        { timeout: 10_000 },
      )
      .toBe(1);

    // The supervisor on node 3 sees the conversation with Maya on it, and both messages.
    const watched = inboxItem(supervisor, 'Yes: moss green and sand, both in stock.');
    await expect.poll(() => watched.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => watched.textContent()).toContain('Maya Chen');
    await watched.click();
    const log = supervisor.getByRole('log');
    await expect
      .poll(() => log.getByText('Do the Ridgeline tents come in green?').count(), {
        timeout: 10_000,
      })
      .toBe(1);
    await expect
      .poll(() => log.getByText('Yes: moss green and sand, both in stock.').count())
      .toBe(1);

    // The visitor writes again: the agent and the supervisor both see it, once.
    const message = visitor.getByRole('textbox', { name: 'Message' });
    await message.fill('Great, I will take the moss green one.');
    await message.press('Enter');
    for (const page of [agent, supervisor]) {
      await expect
        .poll(
          () => page.getByRole('log').getByText('Great, I will take the moss green one.').count(),
          { timeout: 10_000 },
        )
        .toBe(1);
    }
    await visitor.screenshot({ path: `${SCREENSHOTS}cluster-widget-node1.png` });
    await agent.screenshot({ path: `${SCREENSHOTS}cluster-console-node2.png` });
    await supervisor.screenshot({ path: `${SCREENSHOTS}cluster-supervisor-node3.png` });
  });
});
