import type { CannedResponse, Department, Presence, SiteAppearance } from '@switchboard/shared';
import type Database from 'better-sqlite3';
import type { AgentRecord, DirectoryStore } from '../types.js';
import { run } from './run.js';

interface AgentRow {
  id: string;
  email: string;
  name: string;
  role: 'agent' | 'supervisor';
  password_hash: string;
  disabled: number;
  created_at: number;
  presence: Presence;
}

/** The directory's statements: site appearances, agents, departments, canned replies. */
function statements(db: Database.Database) {
  return {
    listAppearances: db.prepare<[], { data: string }>(
      'SELECT data FROM site_appearance ORDER BY site_id',
    ),
    saveAppearance: db.prepare<[string, string]>(
      `INSERT INTO site_appearance (site_id, data) VALUES (?, ?)
       ON CONFLICT (site_id) DO UPDATE SET data = excluded.data`,
    ),
    listAgents: db.prepare<[], AgentRow>('SELECT * FROM agents ORDER BY created_at, email'),
    getAgent: db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE id = ?'),
    agentByEmail: db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE email = ?'),
    setPresence: db.prepare<[Presence, string]>('UPDATE agents SET presence = ? WHERE id = ?'),
    saveAgent: db.prepare(
      `INSERT INTO agents (id, email, name, role, password_hash, disabled, created_at)
       VALUES (@id, @email, @name, @role, @passwordHash, @disabled, @createdAt)
       ON CONFLICT (id) DO UPDATE SET email = excluded.email, name = excluded.name,
         role = excluded.role, password_hash = excluded.password_hash, disabled = excluded.disabled`,
    ),
    listDepartments: db.prepare<[], { data: string }>(
      'SELECT data FROM departments ORDER BY rowid',
    ),
    saveDepartment: db.prepare<[string, string]>(
      'INSERT INTO departments (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data',
    ),
    listCanned: db.prepare<[], { data: string }>('SELECT data FROM canned ORDER BY shortcut'),
    saveCanned: db.prepare<[string, string, string]>(
      `INSERT INTO canned (id, shortcut, data) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET shortcut = excluded.shortcut, data = excluded.data`,
    ),
    deleteCanned: db.prepare<[string]>('DELETE FROM canned WHERE id = ?'),
  };
}
type Statements = ReturnType<typeof statements>;

const toAgent = (row: AgentRow): AgentRecord => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  passwordHash: row.password_hash,
  disabled: row.disabled !== 0,
  createdAt: row.created_at,
  presence: row.presence,
});

/** A command's directory writes, inside the caller's transaction. */
export interface DirectoryWrites {
  /** Throws for an unknown agent. */
  setPresence(agentId: string, presence: Presence): void;
  saveDepartment(department: Department): void;
  saveCanned(canned: CannedResponse): void;
  deleteCanned(id: string): void;
}

const directoryWrites = (stmt: Statements): DirectoryWrites => ({
  setPresence: (agentId: string, presence: Presence) => {
    if (stmt.setPresence.run(presence, agentId).changes !== 1) {
      throw new Error(`unknown agent ${agentId}`);
    }
  },
  saveDepartment: (d: Department) => void stmt.saveDepartment.run(d.id, JSON.stringify(d)),
  saveCanned: (c: CannedResponse) => void stmt.saveCanned.run(c.id, c.shortcut, JSON.stringify(c)),
  deleteCanned: (id: string) => void stmt.deleteCanned.run(id),
});

/**
 * The `DirectoryStore` port on SQLite, and the writes of a command's directory changes.
 * @example const directory = createSqliteDirectory(db); await directory.store.listAgents()
 */
export function createSqliteDirectory(db: Database.Database): {
  store: DirectoryStore;
  writes: DirectoryWrites;
} {
  const stmt = statements(db);
  const writes = directoryWrites(stmt);
  return { store: directoryStore(stmt, writes), writes };
}

function directoryStore(stmt: Statements, writes: DirectoryWrites): DirectoryStore {
  return {
    listSiteAppearances: () =>
      run(() => stmt.listAppearances.all().map((row) => JSON.parse(row.data) as SiteAppearance)),
    saveSiteAppearance: (appearance) =>
      run(() => void stmt.saveAppearance.run(appearance.siteId, JSON.stringify(appearance))),
    listAgents: () => run(() => stmt.listAgents.all().map(toAgent)),
    getAgent: (id) =>
      run(() => {
        const row = stmt.getAgent.get(id);
        return row ? toAgent(row) : null;
      }),
    findAgentByEmail: (email) =>
      run(() => {
        const row = stmt.agentByEmail.get(email);
        return row ? toAgent(row) : null;
      }),
    saveAgent: ({ presence: _presence, ...agent }) =>
      run(() => void stmt.saveAgent.run({ ...agent, disabled: agent.disabled ? 1 : 0 })),
    listDepartments: () =>
      run(() => stmt.listDepartments.all().map((row) => JSON.parse(row.data) as Department)),
    saveDepartment: (department) => run(() => void writes.saveDepartment(department)),
    listCanned: () =>
      run(() => stmt.listCanned.all().map((row) => JSON.parse(row.data) as CannedResponse)),
    saveCanned: (canned) => run(() => void writes.saveCanned(canned)),
  };
}
