import type { Role, User, Users } from "@orders/domain";
import type { SqlRunner } from "./SqlRunner.js";
import { toSafeInteger } from "./toSafeInteger.js";

interface UserRow {
  id: unknown;
  email: string;
  phone: string | null;
  role: Role;
  password_hash: string;
}

const COLUMNS = "id, email, phone, role, password_hash";

function userOf(row: UserRow): User {
  return {
    id: toSafeInteger(row.id),
    email: row.email,
    phone: row.phone,
    role: row.role,
    passwordHash: row.password_hash,
  };
}

export class PostgresUsers implements Users {
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
    // The primary key: one index lookup, run by `authenticate` on every authenticated request.
    const [row] = await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
    return row === undefined ? null : userOf(row);
  }
}
