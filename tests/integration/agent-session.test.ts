import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_TOKEN_TTL_MS, createTokenSigner } from '../../packages/server/src/index.js';
import {
  agentSocket,
  closeAllSockets,
  connected,
  DEMO_LOGIN,
  login,
  request,
  waitForFrame,
} from './helpers/clients.js';
import { startRelay, type TestRelay } from './helpers/relay.js';

// An agent token is checked at the handshake; an open socket must not outlive it either.

const SECRET = 'integration-test-secret-0123456789';
let relay: TestRelay;

beforeAll(async () => {
  relay = await startRelay({ secret: SECRET });
});
afterAll(async () => {
  closeAllSockets();
  await relay.close();
});

describe('agent token expiry on an open socket', () => {
  it('tells the console TOKEN_EXPIRED and closes the socket when the token runs out', async () => {
    const { agent } = await login(relay.url, DEMO_LOGIN);
    // A genuine token (same secret) that was issued almost 12 hours ago: 1.5 s left.
    const signer = createTokenSigner(Buffer.from(SECRET, 'utf8'));
    const { token } = signer.signAgent(agent.id, Date.now() - AGENT_TOKEN_TTL_MS + 1_500);
    const socket = await connected(agentSocket(relay.url, { token }));
    const welcome = await request(socket, { type: 'agent.hello' });
    expect(welcome.type).toBe('agent.welcome');

    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const expired = await waitForFrame(socket, (f) => f.type === 'error', 5_000);
    expect(expired).toMatchObject({ type: 'error', code: 'TOKEN_EXPIRED' });
    expect(await closed).toBe('io server disconnect');

    // And it cannot come back with that token.
    const again = agentSocket(relay.url, { token });
    await expect(connected(again)).rejects.toMatchObject({ message: 'TOKEN_EXPIRED' });
  });

  it('leaves a socket with a fresh token alone', async () => {
    const { token } = await login(relay.url, DEMO_LOGIN);
    const socket = await connected(agentSocket(relay.url, { token }));
    await request(socket, { type: 'agent.hello' });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(socket.connected).toBe(true);
    expect((await request(socket, { type: 'presence.set', presence: 'away' })).type).toBe('ok');
  });
});
