// Users in memory: the behaviour the Postgres adapter's contract suite holds it to.
import { isActiveAdmin, leavesNoActiveAdmin, type User } from "../identity/User.js";
import type { NewUser, UserChange, UserChangeResult, Users } from "../ports/Users.js";
import type { Page } from "../shared/values.js";
import type { InMemoryDatabase } from "./InMemoryDatabase.js";

export class InMemoryUsers implements Users {
  constructor(private readonly db: InMemoryDatabase) {}

  async findByLogin(emailOrPhone: string): Promise<User | null> {
    const login = emailOrPhone.toLowerCase();
    for (const user of this.db.tables.users.values()) {
      if (user.email?.toLowerCase() === login || user.phone === emailOrPhone) return user;
    }
    return null;
  }

  async findById(id: number): Promise<User | null> {
    return this.db.tables.users.get(id) ?? null;
  }

  async list(page: Page): Promise<User[]> {
    return [...this.db.tables.users.values()]
      .filter((user) => user.id > (page.afterId ?? 0))
      .sort((a, b) => a.id - b.id)
      .slice(0, page.limit);
  }

  create(user: NewUser): Promise<User | null> {
    return this.db.exclusive(async () => {
      for (const other of this.db.tables.users.values()) {
        if (
          (user.email !== null && other.email === user.email) ||
          (user.phone !== null && other.phone === user.phone)
        ) {
          return null;
        }
      }
      return this.db.addUser({ ...user, status: "active" });
    });
  }

  update(id: number, change: UserChange): Promise<UserChangeResult> {
    return this.db.exclusive(async () => {
      const before = this.db.tables.users.get(id);
      if (before === undefined) return { outcome: "not_found" };
      const after: User = { ...before, ...change };
      const activeAdmins = [...this.db.tables.users.values()].filter(isActiveAdmin).length;
      if (leavesNoActiveAdmin(before, after, activeAdmins)) return { outcome: "last_admin" };
      this.db.tables.users.set(id, after);
      return { outcome: "changed", user: after };
    });
  }

  setPasswordHash(id: number, passwordHash: string): Promise<boolean> {
    return this.db.exclusive(async () => {
      const user = this.db.tables.users.get(id);
      if (user === undefined) return false;
      this.db.tables.users.set(id, { ...user, passwordHash });
      return true;
    });
  }
}
