import type { VisitorAttributes } from '@switchboard/shared';
import type Database from 'better-sqlite3';
import type { VisitorRecord, VisitorStore } from '../types.js';
import { run } from './run.js';

interface VisitorRow {
  id: string;
  site_id: string;
  name: string;
  created_at: number;
  phone: string | null;
  email: string | null;
  user_id: string | null;
  verified: number;
  attributes: string | null;
}

/** The visitors' statements. */
function statements(db: Database.Database) {
  return {
    getVisitor: db.prepare<[string], VisitorRow>('SELECT * FROM visitors WHERE id = ?'),
    verifiedVisitor: db.prepare<[string, string], VisitorRow>(
      'SELECT * FROM visitors WHERE site_id = ? AND user_id = ? AND verified = 1',
    ),
    saveVisitor: db.prepare(
      `INSERT INTO visitors (id, site_id, name, created_at, phone, email, user_id, verified, attributes)
       VALUES (@id, @siteId, @name, @createdAt, @phone, @email, @userId, @verified, @attributes)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, phone = excluded.phone,
         email = excluded.email, user_id = excluded.user_id, verified = excluded.verified,
         attributes = excluded.attributes`,
    ),
    setPhone: db.prepare<[string, string]>('UPDATE visitors SET phone = ? WHERE id = ?'),
    createVisitor: db.prepare(
      `INSERT INTO visitors (id, site_id, name, created_at) VALUES (@id, @siteId, @name, @createdAt)
       ON CONFLICT (id) DO NOTHING`,
    ),
    openVisitorPhones: db.prepare<[], { id: string; phone: string }>(
      `SELECT DISTINCT v.id, v.phone FROM visitors v
       JOIN conversations c ON c.visitor_id = v.id AND c.status <> 'closed'
       WHERE v.phone IS NOT NULL`,
    ),
  };
}
type Statements = ReturnType<typeof statements>;

const toVisitor = (row: VisitorRow): VisitorRecord => ({
  id: row.id,
  siteId: row.site_id,
  name: row.name,
  createdAt: row.created_at,
  ...(row.phone !== null ? { phone: row.phone } : {}),
  ...(row.email !== null ? { email: row.email } : {}),
  ...(row.user_id !== null ? { userId: row.user_id, verified: row.verified === 1 } : {}),
  ...(row.attributes !== null
    ? { attributes: JSON.parse(row.attributes) as VisitorAttributes }
    : {}),
});

const visitorRow = (v: VisitorRecord) => ({
  id: v.id,
  siteId: v.siteId,
  name: v.name,
  createdAt: v.createdAt,
  phone: v.phone ?? null,
  email: v.email ?? null,
  userId: v.userId ?? null,
  verified: v.userId !== undefined && v.verified ? 1 : 0,
  attributes: v.attributes ? JSON.stringify(v.attributes) : null,
});

/** A command's visitor writes, inside the caller's transaction. */
export interface VisitorWrites {
  setPhone(visitorId: string, phone: string): void;
  saveVisitor(visitor: VisitorRecord): void;
}

const visitorWrites = (stmt: Statements): VisitorWrites => ({
  setPhone: (visitorId: string, phone: string) => void stmt.setPhone.run(phone, visitorId),
  saveVisitor: (visitor: VisitorRecord) => void stmt.saveVisitor.run(visitorRow(visitor)),
});

/**
 * The `VisitorStore` port on SQLite, and the writes of a command's visitor changes.
 * @example const visitors = createSqliteVisitors(db); await visitors.store.getVisitor('vis_1')
 */
export function createSqliteVisitors(db: Database.Database): {
  store: VisitorStore;
  writes: VisitorWrites;
  /** Write the new visitors still waiting for their group's commit (before closing). */
  flush(): void;
} {
  const stmt = statements(db);
  const created = createInGroups(db, stmt);
  return {
    store: visitorStore(stmt, created.create),
    writes: visitorWrites(stmt),
    flush: created.flush,
  };
}

type NewVisitor = Pick<VisitorRecord, 'id' | 'siteId' | 'name' | 'createdAt'>;

/**
 * New visitors written in groups: those whose first hello arrived in the same turn of the event
 * loop share one transaction (one fsync), as the engine's group commit does for commands. Each
 * caller's promise still resolves only once its row is committed. If the group's transaction
 * fails, each row is written on its own, so only the one the database refuses is rejected.
 */
function createInGroups(db: Database.Database, stmt: Statements) {
  let waiting: Array<{ row: NewVisitor; resolve: () => void; reject: (error: unknown) => void }> =
    [];
  const insertAll = db.transaction((rows: readonly NewVisitor[]) => {
    for (const row of rows) stmt.createVisitor.run(row);
  });
  const flush = () => {
    const group = waiting;
    waiting = [];
    if (group.length === 0) return;
    try {
      insertAll.immediate(group.map((w) => w.row));
      for (const w of group) w.resolve();
    } catch {
      for (const w of group) {
        try {
          stmt.createVisitor.run(w.row);
          w.resolve();
        } catch (error) {
          w.reject(error);
        }
      }
    }
  };
  return {
    flush,
    create: ({ id, siteId, name, createdAt }: NewVisitor) =>
      new Promise<void>((resolve, reject) => {
        waiting.push({ row: { id, siteId, name, createdAt }, resolve, reject });
        if (waiting.length === 1) setImmediate(flush);
      }),
  };
}

function visitorStore(
  stmt: Statements,
  create: (visitor: NewVisitor) => Promise<void>,
): VisitorStore {
  return {
    getVisitor: (id) =>
      run((): VisitorRecord | null => {
        const row = stmt.getVisitor.get(id);
        return row ? toVisitor(row) : null;
      }),
    createVisitor: create,
    findVerifiedVisitor: (siteId, userId) =>
      run((): VisitorRecord | null => {
        const row = stmt.verifiedVisitor.get(siteId, userId);
        return row ? toVisitor(row) : null;
      }),
    openVisitorPhones: () =>
      run(() => new Map(stmt.openVisitorPhones.all().map((row) => [row.id, row.phone]))),
  };
}
