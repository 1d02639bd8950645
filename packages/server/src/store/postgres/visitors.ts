import type { VisitorAttributes } from '@switchboard/shared';
import type { VisitorRecord, VisitorStore } from '../types.js';
import { type Database, type Queryable, type Statement, statement } from './db.js';

interface VisitorRow {
  id: string;
  site_id: string;
  name: string;
  created_at: number;
  phone: string | null;
  email: string | null;
  user_id: string | null;
  verified: boolean;
  attributes: string | null;
}

const COLUMNS = 'id, site_id, name, created_at, phone, email, user_id, verified, attributes';

/** The visitors' statements. */
const stmt = {
  getVisitor: statement('visitors.get', `SELECT ${COLUMNS} FROM visitors WHERE id = $1`),
  verifiedVisitor: statement(
    'visitors.verified',
    `SELECT ${COLUMNS} FROM visitors WHERE site_id = $1 AND user_id = $2 AND verified`,
  ),
  saveVisitor: statement(
    'visitors.save',
    `INSERT INTO visitors (id, site_id, name, created_at, phone, email, user_id, verified, attributes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, phone = excluded.phone,
       email = excluded.email, user_id = excluded.user_id, verified = excluded.verified,
       attributes = excluded.attributes`,
  ),
  setPhone: statement('visitors.setPhone', 'UPDATE visitors SET phone = $1 WHERE id = $2'),
  // New visitors, any number in one statement; an existing id is left as it is (and so is the
  // second of one id twice in the list: the first one wins, as one insert after the other).
  createVisitors: statement(
    'visitors.create',
    `INSERT INTO visitors (id, site_id, name, created_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
     ON CONFLICT (id) DO NOTHING`,
  ),
  openVisitorPhones: statement(
    'visitors.openPhones',
    `SELECT DISTINCT v.id, v.phone FROM visitors v
     JOIN conversations c ON c.visitor_id = v.id AND c.status <> 'closed'
     WHERE v.phone IS NOT NULL`,
  ),
};

const toVisitor = (row: VisitorRow): VisitorRecord => ({
  id: row.id,
  siteId: row.site_id,
  name: row.name,
  createdAt: row.created_at,
  ...(row.phone !== null ? { phone: row.phone } : {}),
  ...(row.email !== null ? { email: row.email } : {}),
  ...(row.user_id !== null ? { userId: row.user_id, verified: row.verified } : {}),
  ...(row.attributes !== null
    ? { attributes: JSON.parse(row.attributes) as VisitorAttributes }
    : {}),
});

const visitorValues = (v: VisitorRecord) => [
  v.id,
  v.siteId,
  v.name,
  v.createdAt,
  v.phone ?? null,
  v.email ?? null,
  v.userId ?? null,
  v.userId !== undefined && v.verified === true,
  v.attributes ? JSON.stringify(v.attributes) : null,
];

/** A command's visitor writes, inside the caller's transaction. */
export interface VisitorWrites {
  /** An unknown visitor's phone is not stored, and not an error. */
  setPhone(tx: Queryable, visitorId: string, phone: string): Promise<void>;
  /** A second verified visitor with the same site and userId breaks the unique index: it throws. */
  saveVisitor(tx: Queryable, visitor: VisitorRecord): Promise<void>;
}

const visitorWrites: VisitorWrites = {
  setPhone: async (tx, visitorId, phone) =>
    void (await tx.count(stmt.setPhone, [phone, visitorId])),
  saveVisitor: async (tx, visitor) =>
    void (await tx.count(stmt.saveVisitor, visitorValues(visitor))),
};

/**
 * The `VisitorStore` port on PostgreSQL, and the writes of a command's visitor changes.
 * @example const visitors = createPostgresVisitors(db); await visitors.store.getVisitor('vis_1')
 */
export function createPostgresVisitors(db: Database): {
  store: VisitorStore;
  writes: VisitorWrites;
  /** Write the new visitors still waiting for their group's statement (before closing). */
  flush(): Promise<void>;
} {
  const created = createInGroups(db);
  return { store: visitorStore(db, created.create), writes: visitorWrites, flush: created.flush };
}

type NewVisitor = Pick<VisitorRecord, 'id' | 'siteId' | 'name' | 'createdAt'>;

/**
 * New visitors written in groups, as on SQLite: those whose first hello arrived in the same turn
 * of the event loop share one multi-row INSERT (one round trip, one commit). Each caller's
 * promise still resolves only once its row is committed. If the group's statement fails, each
 * row is written on its own, so only the one the database refuses is rejected.
 */
function createInGroups(db: Database) {
  type Waiting = { row: NewVisitor; resolve: () => void; reject: (error: unknown) => void };
  let waiting: Waiting[] = [];
  /** The groups being written, so `flush` (at close) can wait for them. */
  const inFlight = new Set<Promise<void>>();

  const insert = (rows: readonly NewVisitor[]) =>
    db.count(stmt.createVisitors, [
      rows.map((r) => r.id),
      rows.map((r) => r.siteId),
      rows.map((r) => r.name),
      rows.map((r) => r.createdAt),
    ]);
  const writeGroup = async (group: readonly Waiting[]) => {
    try {
      await insert(group.map((w) => w.row));
      for (const w of group) w.resolve();
    } catch {
      for (const w of group) {
        await insert([w.row]).then(w.resolve, w.reject);
      }
    }
  };
  const flush = async () => {
    const group = waiting;
    waiting = [];
    if (group.length > 0) {
      const written = writeGroup(group);
      inFlight.add(written);
      void written.finally(() => inFlight.delete(written));
    }
    await Promise.all(inFlight);
  };
  return {
    flush,
    create: async ({ id, siteId, name, createdAt }: NewVisitor) => {
      await db.ready();
      return new Promise<void>((resolve, reject) => {
        waiting.push({ row: { id, siteId, name, createdAt }, resolve, reject });
        if (waiting.length === 1) setImmediate(() => void flush());
      });
    },
  };
}

function visitorStore(db: Database, create: (visitor: NewVisitor) => Promise<void>): VisitorStore {
  const one = async (s: Statement, values: readonly unknown[]) => {
    const [row] = await db.rows<VisitorRow>(s, values);
    return row ? toVisitor(row) : null;
  };
  return {
    getVisitor: (id) => one(stmt.getVisitor, [id]),
    createVisitor: create,
    findVerifiedVisitor: (siteId, userId) => one(stmt.verifiedVisitor, [siteId, userId]),
    openVisitorPhones: async () =>
      new Map(
        (await db.rows<{ id: string; phone: string }>(stmt.openVisitorPhones)).map((row) => [
          row.id,
          row.phone,
        ]),
      ),
  };
}
