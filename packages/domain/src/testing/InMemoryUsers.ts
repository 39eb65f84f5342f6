import type { User } from "../identity/User.js";
import type { Users } from "../ports/Users.js";
import type { InMemoryDatabase } from "./InMemoryDatabase.js";

export class InMemoryUsers implements Users {
  constructor(private readonly db: InMemoryDatabase) {}

  async findByLogin(emailOrPhone: string): Promise<User | null> {
    const login = emailOrPhone.toLowerCase();
    for (const user of this.db.tables.users.values()) {
      if (user.email.toLowerCase() === login || user.phone === emailOrPhone) return user;
    }
    return null;
  }

  async findById(id: number): Promise<User | null> {
    return this.db.tables.users.get(id) ?? null;
  }
}
