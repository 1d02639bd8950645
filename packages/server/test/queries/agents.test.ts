import { describe, expect, it } from 'vitest';
import { createAgentQueries } from '../../src/queries/agents.js';
import type { AgentRecord } from '../../src/store/types.js';
import { useSqliteStore } from './fixtures.js';

const db = useSqliteStore();

const agent = (id: string, email: string, disabled = false): AgentRecord => ({
  id,
  email,
  name: id,
  role: 'agent',
  passwordHash: 'hash',
  disabled,
  createdAt: 1,
});

describe('agent queries on SQLite', () => {
  it('finds an agent who may sign in by email, whatever its case, and never a disabled one', async () => {
    await db.store.saveAgent(agent('agt_maya', 'maya@example.com'));
    await db.store.saveAgent(agent('agt_gone', 'gone@example.com', true));
    const agents = createAgentQueries(db.store);
    expect(await agents.activeByEmail('Maya@Example.com')).toMatchObject({ id: 'agt_maya' });
    expect(await agents.activeByEmail('gone@example.com')).toBeNull();
    expect(await agents.activeByEmail('nobody@example.com')).toBeNull();
  });
});
