import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentWelcome, SiteAppearance } from '@switchboard/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_THEME, DEMO_TRIGGERS } from '../../src/demo/site.js';
import {
  agentSession,
  closeAllSockets,
  request,
  visitorSession,
  waitForFrame,
} from '../helpers/clients.js';
import { startRelay, type TestRelay } from '../helpers/relay.js';

afterEach(closeAllSockets);

const SUPERVISOR = { email: 'supervisor@example.com', password: 'switchboard-demo' };

describe('site appearance on a real relay', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-appearance-'));
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startRelay({ dataDir });
  });
  afterAll(async () => {
    await relay.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("tells the widget the demo site's theme and proactive greeting", async () => {
    const { welcome } = await visitorSession(relay.url);
    expect(welcome.site.theme).toEqual(DEMO_THEME);
    expect(welcome.site.triggers).toEqual(DEMO_TRIGGERS);
    expect(welcome.site.color).toBe('#1f6f5c');
  });

  it('lets a supervisor change it: pushed to agents and open widgets, kept over a restart', async () => {
    const visitor = await visitorSession(relay.url);
    const supervisor = await agentSession(relay.url, SUPERVISOR);
    const watcher = await agentSession(relay.url);
    const current = (supervisor.welcome as AgentWelcome).sites?.find((s) => s.siteId === 'demo');
    expect(current).toBeDefined();
    const next: SiteAppearance = {
      ...current!,
      color: '#aa3300',
      theme: { ...current!.theme, position: 'left', mode: 'dark', launcherLabel: 'Help' },
      triggers: [{ id: 'pricing', message: 'Need a hand?', afterSec: 5, urlPattern: '/pricing*' }],
    };
    const updated = waitForFrame(visitor.socket, (f) => f.type === 'site.updated');
    const changed = waitForFrame(watcher.socket, (f) => f.type === 'sites.changed');
    // A plain agent may not.
    expect(await request(watcher.socket, { type: 'site.save', site: next })).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      await request(supervisor.socket, { type: 'site.save', site: { ...next, siteId: 'nope' } }),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(await request(supervisor.socket, { type: 'site.save', site: next })).toEqual({
      type: 'ok',
    });
    expect(await updated).toMatchObject({
      site: { id: 'demo', color: '#aa3300', theme: { position: 'left', mode: 'dark' } },
    });
    expect(await changed).toMatchObject({ sites: [{ siteId: 'demo', color: '#aa3300' }] });
    // Pre-chat and callbacks still come from the config.
    expect(((await updated) as { site: { callback?: unknown } }).site.callback).toBeDefined();

    await relay.close();
    relay = await startRelay({ dataDir });
    const again = await visitorSession(relay.url);
    expect(again.welcome.site).toMatchObject({
      color: '#aa3300',
      theme: { position: 'left', launcherLabel: 'Help' },
      triggers: [{ id: 'pricing' }],
    });
  });
});
