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

export class PostgresUsers implements Users {
  constructor(private readonly db: SqlRunner) {}

  async findByLogin(emailOrPhone: string): Promise<User | null> {
    // Emails are stored lowercase (a CHECK enforces it), so lower($1) can use the unique index.
    const [row] = await this.db.query<UserRow>(
      `SELECT id, email, phone, role, password_hash FROM users
       WHERE email = lower($1) OR phone = $1 ORDER BY id LIMIT 1`,
      [emailOrPhone],
    );
    if (row === undefined) return null;
    return {
      id: toSafeInteger(row.id),
      email: row.email,
      phone: row.phone,
      role: row.role,
      passwordHash: row.password_hash,
    };
  }
}
