import type { CannedResponse, Department, Presence, SiteAppearance } from '@switchboard/shared';
import type { AgentRecord, DirectoryStore } from '../types.js';
import { type Database, type Queryable, type Statement, statement } from './db.js';

interface AgentRow {
  id: string;
  email: string;
  name: string;
  role: 'agent' | 'supervisor';
  password_hash: string;
  disabled: boolean;
  created_at: number;
  presence: Presence;
}

const AGENT_COLUMNS = 'id, email, name, role, password_hash, disabled, created_at, presence';

/** The directory's statements: site appearances, agents, departments, canned replies. */
const stmt = {
  listAppearances: statement(
    'directory.appearances',
    'SELECT data FROM site_appearance ORDER BY site_id',
  ),
  saveAppearance: statement(
    'directory.saveAppearance',
    `INSERT INTO site_appearance (site_id, data) VALUES ($1, $2)
     ON CONFLICT (site_id) DO UPDATE SET data = excluded.data`,
  ),
  // `email` is COLLATE "C", so lower() folds ASCII letters only, as SQLite's NOCASE.
  listAgents: statement(
    'directory.agents',
    `SELECT ${AGENT_COLUMNS} FROM agents ORDER BY created_at, lower(email), id`,
  ),
  getAgent: statement('directory.agent', `SELECT ${AGENT_COLUMNS} FROM agents WHERE id = $1`),
  // The same expression as the unique index agents_email, so it finds the row through it.
  agentByEmail: statement(
    'directory.agentByEmail',
    `SELECT ${AGENT_COLUMNS} FROM agents WHERE lower(email) = lower($1::text COLLATE "C")`,
  ),
  setPresence: statement('directory.setPresence', 'UPDATE agents SET presence = $1 WHERE id = $2'),
  saveAgent: statement(
    'directory.saveAgent',
    `INSERT INTO agents (id, email, name, role, password_hash, disabled, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET email = excluded.email, name = excluded.name,
       role = excluded.role, password_hash = excluded.password_hash, disabled = excluded.disabled`,
  ),
  // `ord` is set by the insert only: the order first saved.
  listDepartments: statement('directory.departments', 'SELECT data FROM departments ORDER BY ord'),
  saveDepartment: statement(
    'directory.saveDepartment',
    `INSERT INTO departments (id, data) VALUES ($1, $2)
     ON CONFLICT (id) DO UPDATE SET data = excluded.data`,
  ),
  listCanned: statement('directory.canned', 'SELECT data FROM canned ORDER BY shortcut, id'),
  saveCanned: statement(
    'directory.saveCanned',
    `INSERT INTO canned (id, shortcut, data) VALUES ($1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET shortcut = excluded.shortcut, data = excluded.data`,
  ),
  deleteCanned: statement('directory.deleteCanned', 'DELETE FROM canned WHERE id = $1'),
};

const toAgent = (row: AgentRow): AgentRecord => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  passwordHash: row.password_hash,
  disabled: row.disabled,
  createdAt: row.created_at,
  presence: row.presence,
});

/** A command's directory writes, inside the caller's transaction. */
export interface DirectoryWrites {
  /** Throws for an unknown agent. */
  setPresence(tx: Queryable, agentId: string, presence: Presence): Promise<void>;
  saveDepartment(tx: Queryable, department: Department): Promise<void>;
  saveCanned(tx: Queryable, canned: CannedResponse): Promise<void>;
  deleteCanned(tx: Queryable, id: string): Promise<void>;
}

const directoryWrites: DirectoryWrites = {
  setPresence: async (tx, agentId, presence) => {
    if ((await tx.count(stmt.setPresence, [presence, agentId])) !== 1) {
      throw new Error(`unknown agent ${agentId}`);
    }
  },
  saveDepartment: async (tx, d) =>
    void (await tx.count(stmt.saveDepartment, [d.id, JSON.stringify(d)])),
  saveCanned: async (tx, c) =>
    void (await tx.count(stmt.saveCanned, [c.id, c.shortcut, JSON.stringify(c)])),
  deleteCanned: async (tx, id) => void (await tx.count(stmt.deleteCanned, [id])),
};

/**
 * The `DirectoryStore` port on PostgreSQL, and the writes of a command's directory changes.
 * @example const directory = createPostgresDirectory(db); await directory.store.listAgents()
 */
export function createPostgresDirectory(db: Database): {
  store: DirectoryStore;
  writes: DirectoryWrites;
} {
  return { store: directoryStore(db), writes: directoryWrites };
}

function directoryStore(db: Database): DirectoryStore {
  const documents = async <T>(s: Statement) =>
    (await db.rows<{ data: string }>(s)).map((row) => JSON.parse(row.data) as T);
  const agent = async (s: Statement, value: string) => {
    const [row] = await db.rows<AgentRow>(s, [value]);
    return row ? toAgent(row) : null;
  };
  return {
    listSiteAppearances: () => documents<SiteAppearance>(stmt.listAppearances),
    saveSiteAppearance: async (appearance) =>
      void (await db.count(stmt.saveAppearance, [appearance.siteId, JSON.stringify(appearance)])),
    listAgents: async () => (await db.rows<AgentRow>(stmt.listAgents)).map(toAgent),
    getAgent: (id) => agent(stmt.getAgent, id),
    findAgentByEmail: (email) => agent(stmt.agentByEmail, email),
    // Presence is the agent's own (saved by `write`); a config sync never changes it.
    saveAgent: async ({ presence: _presence, ...a }) =>
      void (await db.count(stmt.saveAgent, [
        a.id,
        a.email,
        a.name,
        a.role,
        a.passwordHash,
        a.disabled,
        a.createdAt,
      ])),
    listDepartments: () => documents<Department>(stmt.listDepartments),
    // One statement: the pool runs it as its own transaction.
    saveDepartment: (department) => directoryWrites.saveDepartment(db, department),
    listCanned: () => documents<CannedResponse>(stmt.listCanned),
    saveCanned: (canned) => directoryWrites.saveCanned(db, canned),
  };
}
