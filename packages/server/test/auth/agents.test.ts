import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAgentDirectory } from '../../src/auth/agents.js';
import { hashPassword } from '../../src/auth/password.js';
import { createTokenSigner } from '../../src/auth/tokens.js';
import { DEMO_AGENT } from '../../src/demo/agents.js';
import { createMemoryStore } from '../../src/store/memory.js';

const signer = createTokenSigner(randomBytes(32));
const now = 1_700_000_000_000;

describe('agent directory', () => {
  it('seeds the demo agent when none is configured', async () => {
    const store = createMemoryStore();
    const agents = createAgentDirectory({ store, signer, configured: [] });
    expect(await agents.sync()).toEqual({ demoActive: true });
    const login = await agents.login(DEMO_AGENT.email, DEMO_AGENT.password, now);
    expect(login?.agent).toMatchObject({
      name: 'Maya Chen',
      email: 'agent@example.com',
      role: 'agent',
    });
    expect(await agents.login(DEMO_AGENT.email, 'wrong', now)).toBeNull();
    expect(await agents.login('nobody@example.com', DEMO_AGENT.password, now)).toBeNull();
    const me = await agents.authenticate(login!.token, now + 1);
    expect(me).toEqual({ ok: true, agent: login!.agent, expiresAt: expect.any(Number) });
  });

  it('disables the demo agent once agents are configured, keeping ids across restarts', async () => {
    const store = createMemoryStore();
    await createAgentDirectory({ store, signer, configured: [] }).sync();
    const demoLogin = await createAgentDirectory({ store, signer, configured: [] }).login(
      DEMO_AGENT.email,
      DEMO_AGENT.password,
      now,
    );
    const configured = [
      {
        email: 'Sam@Fernhill.example',
        name: 'Sam',
        role: 'supervisor' as const,
        passwordHash: await hashPassword('s3cret pass', { N: 1024, r: 8, p: 1 }),
      },
    ];
    const agents = createAgentDirectory({ store, signer, configured });
    expect(await agents.sync()).toEqual({ demoActive: false });
    expect(await agents.login(DEMO_AGENT.email, DEMO_AGENT.password, now)).toBeNull();
    // A token issued to the demo agent no longer opens anything.
    expect(await agents.authenticate(demoLogin!.token, now + 1)).toEqual({
      ok: false,
      code: 'INVALID_TOKEN',
    });
    const sam = await agents.login('sam@fernhill.example', 's3cret pass', now);
    expect(sam?.agent).toMatchObject({ email: 'sam@fernhill.example', role: 'supervisor' });

    await createAgentDirectory({ store, signer, configured }).sync();
    const again = await agents.login('SAM@fernhill.example', 's3cret pass', now);
    expect(again?.agent.id).toBe(sam?.agent.id);
  });

  it('refuses expired and forged tokens', async () => {
    const store = createMemoryStore();
    const agents = createAgentDirectory({ store, signer, configured: [] });
    await agents.sync();
    const login = await agents.login(DEMO_AGENT.email, DEMO_AGENT.password, now);
    expect(await agents.authenticate(login!.token, login!.expiresAt + 1)).toEqual({
      ok: false,
      code: 'TOKEN_EXPIRED',
    });
    const other = createTokenSigner(randomBytes(32)).signAgent(login!.agent.id, now).token;
    expect(await agents.authenticate(other, now)).toEqual({ ok: false, code: 'INVALID_TOKEN' });
  });
});
