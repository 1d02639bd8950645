import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_AGENT, DEMO_AGENTS } from '../../src/demo/agents.js';
import { startRelay, type TestRelay } from '../helpers/relay.js';

/** A pino logger that keeps its lines as objects. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}

describe('agent sign-in, per account', () => {
  let relay: TestRelay;
  let lines: Record<string, unknown>[];
  beforeEach(async () => {
    const captured = capturingLogger();
    lines = captured.lines;
    // One trusted proxy, so each attempt can come from its own address.
    relay = await startRelay({ trustProxy: 1 }, { logger: captured.logger });
  });
  afterEach(() => relay.close());

  const attempt = (address: string, email: string, password: string) =>
    fetch(`${relay.url}/api/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ email, password }),
    });

  it('signs in with the demo credentials, as before', async () => {
    const response = await attempt('10.9.0.1', DEMO_AGENT.email, DEMO_AGENT.password);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ agent: { email: DEMO_AGENT.email } });
  });

  it('makes an account wait after 5 wrong passwords, whichever addresses they came from', async () => {
    // Five addresses, one guess each: no address comes near its own limit.
    for (let i = 1; i <= 5; i++) {
      expect((await attempt(`10.9.1.${i}`, DEMO_AGENT.email, `guess-${i}`)).status).toBe(401);
    }
    // A sixth address, even with the right password, is told to wait: the account is backing off.
    const refused = await attempt('10.9.1.6', DEMO_AGENT.email, DEMO_AGENT.password);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBe(1);
    expect(await refused.json()).toEqual({
      error: { code: 'RATE_LIMITED', message: expect.any(String) },
    });
    // Another account is not held up.
    const other = DEMO_AGENTS[1]!;
    expect((await attempt('10.9.1.6', other.email, other.password)).status).toBe(200);
    // After the wait the right password gets in and starts the account over.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await attempt('10.9.1.7', DEMO_AGENT.email, DEMO_AGENT.password)).status).toBe(200);
    expect((await attempt('10.9.1.8', DEMO_AGENT.email, 'guess')).status).toBe(401);
  });

  it('logs each refused sign-in at warn with the agent and the address', async () => {
    await attempt('10.9.2.1', DEMO_AGENT.email.toUpperCase(), 'wrong');
    const refused = lines.filter((l) => l.msg === 'agent sign-in refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      level: 40,
      agentId: expect.stringMatching(/^agt_/),
      email: DEMO_AGENT.email,
      address: '10.9.2.1',
      failures: 1,
    });
    expect(JSON.stringify(refused[0])).not.toContain('wrong');
  });

  it('names an unknown account by a short tag, never by what was typed', async () => {
    const typed = 'not-an-account@example.com';
    await attempt('10.9.3.1', typed, 'wrong');
    await attempt('10.9.3.2', typed, 'wrong');
    const refused = lines.filter((l) => l.msg === 'agent sign-in refused');
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatchObject({
      level: 40,
      account: 'unknown',
      emailTag: expect.stringMatching(/^[0-9a-f]{12}$/),
      address: '10.9.3.1',
    });
    // The same email, the same tag: attempts on one name can be followed in the log.
    expect(refused[1]?.emailTag).toBe(refused[0]?.emailTag);
    expect(JSON.stringify(lines)).not.toContain(typed);
  });

  it('backs off unknown accounts alike, so the answers never tell which emails exist', async () => {
    for (let i = 1; i <= 5; i++) {
      expect((await attempt(`10.9.4.${i}`, 'ghost@example.com', 'x')).status).toBe(401);
    }
    expect((await attempt('10.9.4.6', 'ghost@example.com', 'x')).status).toBe(429);
  });
});
