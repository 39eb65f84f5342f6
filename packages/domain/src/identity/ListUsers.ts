// An admin lists users by id, one keyset page at a time.
import type { Users } from "../ports/Users.js";
import { parsePage } from "../shared/values.js";
import { requireAdmin } from "./requireAdmin.js";
import type { Actor, User } from "./User.js";

export interface ListUsersInput {
  readonly actor: Actor;
  readonly limit?: number;
  readonly afterId?: number;
}

export class ListUsers {
  constructor(private readonly users: Users) {}

  async execute(input: ListUsersInput): Promise<User[]> {
    requireAdmin(input.actor, "list users");
    return this.users.list(parsePage(input));
  }
}
