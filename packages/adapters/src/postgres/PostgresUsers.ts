// Users in PostgreSQL: logins, the per-request lookup, the admin's list and the writes, each one statement.
import type { NewUser, Page, Role, User, UserChange, UserChangeResult, UserStatus, Users } from "@orders/domain";
import { coalescedReads } from "./coalescedReads.js";
import type { SqlRunner } from "./SqlRunner.js";
import { toSafeInteger } from "./toSafeInteger.js";

interface UserRow {
  id: unknown;
  email: string | null;
  phone: string | null;
  role: Role;
  status: UserStatus;
  password_hash: string;
}

const COLUMNS = "id, email, phone, role, status, password_hash";

function userOf(row: UserRow): User {
  return {
    id: toSafeInteger(row.id),
    email: row.email,
    phone: row.phone,
    role: row.role,
    status: row.status,
    passwordHash: row.password_hash,
  };
}

/**
 * The last-admin rule (identity/User.ts, leavesNoActiveAdmin) judged and applied in one statement.
 * `locked` takes the row lock of the target and of every active admin, in id order, so parallel
 * changes queue on the same locks without deadlocking; a row another change demoted or disabled
 * while this one waited is re-read at lock time and no longer counts (READ COMMITTED re-checks
 * the WHERE clause on the newest version). Two admins demoting each other at once: the second
 * sees one active admin, itself, and is refused.
 */
const UPDATE_SQL = `
  WITH locked AS MATERIALIZED (
    SELECT id, role, status FROM users
    WHERE id = $1 OR (role = 'admin' AND status = 'active')
    ORDER BY id
    FOR UPDATE
  ), verdict AS MATERIALIZED (
    SELECT t.id,
           t.role = 'admin' AND t.status = 'active'
           AND NOT (coalesce($2::text, t.role) = 'admin' AND coalesce($3::text, t.status) = 'active')
           AND (SELECT count(*) FROM locked a WHERE a.role = 'admin' AND a.status = 'active') <= 1 AS last_admin
    FROM locked t WHERE t.id = $1
  ), changed AS (
    UPDATE users u SET role = coalesce($2::text, u.role), status = coalesce($3::text, u.status)
    FROM verdict v WHERE u.id = v.id AND NOT v.last_admin
    RETURNING u.id, u.email, u.phone, u.role, u.status, u.password_hash
  )
  SELECT v.last_admin, c.id, c.email, c.phone, c.role, c.status, c.password_hash
  FROM verdict v LEFT JOIN changed c ON c.id = v.id`;

export class PostgresUsers implements Users {
  /** `authenticate`'s lookup: the requests that arrive while one lookup runs share the next (coalescedReads). */
  private readonly findShared = coalescedReads(
    async (ids: number[]) =>
      (await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = ANY($1::bigint[])`, [ids])).map(userOf),
    (user) => user.id,
  );

  constructor(private readonly db: SqlRunner) {}

  async findByLogin(emailOrPhone: string): Promise<User | null> {
    // PostgreSQL text cannot hold U+0000, so no stored login has one; sending it would be an
    // encoding error (a 500), not "no such user".
    if (emailOrPhone.includes("\u0000")) return null;
    // Emails are stored lowercase (a CHECK enforces it), so lower($1) can use the unique index.
    const [row] = await this.db.query<UserRow>(
      `SELECT ${COLUMNS} FROM users WHERE email = lower($1) OR phone = $1 ORDER BY id LIMIT 1`,
      [emailOrPhone],
    );
    return row === undefined ? null : userOf(row);
  }

  async findById(id: number): Promise<User | null> {
    // The primary key, run by `authenticate` on every authenticated request.
    const [user] = await this.findShared([id]);
    return user ?? null;
  }

  async list(page: Page): Promise<User[]> {
    const rows = await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id > $1 ORDER BY id LIMIT $2`, [
      page.afterId ?? 0,
      page.limit,
    ]);
    return rows.map(userOf);
  }

  async create(user: NewUser): Promise<User | null> {
    // ON CONFLICT DO NOTHING covers both unique keys (email, phone): a duplicate, even one
    // inserted by a parallel request a moment earlier, answers no row instead of an error.
    const [row] = await this.db.query<UserRow>(
      `INSERT INTO users (email, phone, password_hash, role, status) VALUES ($1, $2, $3, $4, 'active')
       ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [user.email, user.phone, user.passwordHash, user.role],
    );
    return row === undefined ? null : userOf(row);
  }

  async update(id: number, change: UserChange): Promise<UserChangeResult> {
    const [row] = await this.db.query<UserRow & { last_admin: boolean }>(UPDATE_SQL, [
      id,
      change.role ?? null,
      change.status ?? null,
    ]);
    if (row === undefined) return { outcome: "not_found" };
    if (row.last_admin) return { outcome: "last_admin" };
    return { outcome: "changed", user: userOf(row) };
  }

  async setPasswordHash(id: number, passwordHash: string): Promise<boolean> {
    const rows = await this.db.query<{ id: unknown }>(
      "UPDATE users SET password_hash = $2 WHERE id = $1 RETURNING id",
      [id, passwordHash],
    );
    return rows.length === 1;
  }
}
