// An admin changes a user's role or status; the last active admin cannot be demoted or disabled.
import type { Users } from "../ports/Users.js";
import { LastAdminError, UserNotFoundError } from "../shared/errors.js";
import { parseId } from "../shared/values.js";
import { requireAdmin } from "./requireAdmin.js";
import { type Actor, parseRole, parseUserStatus, type User } from "./User.js";

export interface UpdateUserInput {
  readonly actor: Actor;
  readonly userId: number;
  readonly role?: string;
  readonly status?: string;
}

export class UpdateUser {
  constructor(private readonly users: Users) {}

  async execute(input: UpdateUserInput): Promise<User> {
    requireAdmin(input.actor, "change users");
    const userId = parseId(input.userId, "id");
    const result = await this.users.update(userId, {
      ...(input.role === undefined ? {} : { role: parseRole(input.role) }),
      ...(input.status === undefined ? {} : { status: parseUserStatus(input.status) }),
    });
    if (result.outcome === "not_found") throw new UserNotFoundError(userId);
    if (result.outcome === "last_admin") throw new LastAdminError(userId);
    return result.user;
  }
}
