import type { AgentProfile, LoginResponse, Presence } from '@switchboard/shared';
import type { AgentConfig } from '../config.js';
import { DEMO_AGENTS } from '../demo/agents.js';
import { newId } from '../ids.js';
import type { AgentRecord, Store } from '../store/types.js';
import { hashPassword, verifyPassword } from './password.js';
import type { TokenSigner } from './tokens.js';

/** An agent as the directory needs it from the config. */
export type AgentInput = Pick<AgentConfig, 'email' | 'name' | 'passwordHash' | 'role'> &
  Partial<Pick<AgentConfig, 'capacity' | 'skills'>>;

/** An enabled agent with what routing needs: capacity, skills and saved presence. */
export interface RoutingAgent {
  id: string;
  email: string;
  name: string;
  role: 'agent' | 'supervisor';
  capacity: number;
  skills: string[];
  presence: Presence;
}

/** Sign-in and token checks for agents. */
export interface AgentDirectory {
  /**
   * Make the stored agents match the config: the configured ones are enabled (by email, keeping
   * their ids), every other one is disabled. With none configured, only the demo agent is enabled.
   */
  sync(): Promise<{ demoActive: boolean }>;
  /** The enabled agents (after `sync`), with capacity, skills and saved presence. */
  routingAgents(): Promise<RoutingAgent[]>;
  /** The id of the enabled agent with this email (any case), or null: for sign-in logs. */
  idForEmail(email: string): Promise<string | null>;
  /** A token for this email and password, or null when they do not match an enabled agent. */
  login(email: string, password: string, now: number): Promise<LoginResponse | null>;
  /** The agent a token belongs to, or the code to refuse it with. */
  authenticate(
    token: string,
    now: number,
  ): Promise<
    | { ok: true; agent: AgentProfile; expiresAt: number }
    | { ok: false; code: 'INVALID_TOKEN' | 'TOKEN_EXPIRED' }
  >;
}

const profile = (agent: AgentRecord): AgentProfile => ({
  id: agent.id,
  name: agent.name,
  email: agent.email,
  role: agent.role,
});

/**
 * @example const agents = createAgentDirectory({ store, signer, configured: config.agents })
 */
export function createAgentDirectory(options: {
  store: Store;
  signer: TokenSigner;
  configured: readonly AgentInput[];
  now?: () => number;
}): AgentDirectory {
  const { store, signer, configured } = options;
  const now = options.now ?? Date.now;
  // Compared against when the email is unknown, so a wrong email costs as long as a wrong password.
  let decoy: Promise<string> | undefined;

  /** Enable the agent with this email, keeping the id it had, so past events still name it. */
  async function upsert(wanted: Omit<AgentRecord, 'id' | 'createdAt' | 'disabled'>) {
    const existing = await store.findAgentByEmail(wanted.email);
    const id = existing?.id ?? newId('agt');
    await store.saveAgent({
      ...wanted,
      id,
      disabled: false,
      createdAt: existing?.createdAt ?? now(),
    });
    return id;
  }

  return {
    async sync() {
      const enabled = new Set<string>();
      if (configured.length > 0) {
        for (const agent of configured) {
          const { email, name, role, passwordHash } = agent;
          enabled.add(await upsert({ email: email.toLowerCase(), name, role, passwordHash }));
        }
      } else {
        for (const demo of DEMO_AGENTS) {
          const existing = await store.findAgentByEmail(demo.email);
          const keep = existing && (await verifyPassword(demo.password, existing.passwordHash));
          enabled.add(
            await upsert({
              email: demo.email,
              name: demo.name,
              role: demo.role,
              passwordHash: keep ? existing.passwordHash : await hashPassword(demo.password),
            }),
          );
        }
      }
      for (const agent of await store.listAgents()) {
        if (!enabled.has(agent.id) && !agent.disabled) {
          await store.saveAgent({ ...agent, disabled: true });
        }
      }
      return { demoActive: configured.length === 0 };
    },

    async routingAgents() {
      const settings = new Map<string, { capacity?: number; skills?: readonly string[] }>(
        (configured.length > 0 ? configured : DEMO_AGENTS).map((a) => [a.email.toLowerCase(), a]),
      );
      return (await store.listAgents())
        .filter((agent) => !agent.disabled)
        .map((agent) => {
          const extra = settings.get(agent.email.toLowerCase());
          return {
            id: agent.id,
            email: agent.email,
            name: agent.name,
            role: agent.role,
            capacity: extra?.capacity ?? 3,
            skills: [...(extra?.skills ?? [])],
            presence: agent.presence ?? 'online',
          };
        });
    },

    async idForEmail(email) {
      const agent = await store.findAgentByEmail(email.trim().toLowerCase());
      return agent && !agent.disabled ? agent.id : null;
    },

    async login(email, password, at) {
      const agent = await store.findAgentByEmail(email.trim().toLowerCase());
      if (!agent || agent.disabled) {
        decoy ??= hashPassword('decoy password');
        await verifyPassword(password, await decoy);
        return null;
      }
      if (!(await verifyPassword(password, agent.passwordHash))) return null;
      const { token, expiresAt } = signer.signAgent(agent.id, at);
      return { token, expiresAt, agent: profile(agent) };
    },

    async authenticate(token, at) {
      const verified = signer.verifyAgent(token, at);
      if (!verified.ok) return verified;
      const agent = await store.getAgent(verified.claims.agentId);
      // A token of an agent since removed from the config no longer opens anything.
      if (!agent || agent.disabled) return { ok: false, code: 'INVALID_TOKEN' };
      return { ok: true, agent: profile(agent), expiresAt: verified.claims.expiresAt };
    },
  };
}
