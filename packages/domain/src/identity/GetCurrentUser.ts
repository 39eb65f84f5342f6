// Any signed-in user reads their own account.
import type { Users } from "../ports/Users.js";
import { UnauthenticatedError } from "../shared/errors.js";
import type { Actor, User } from "./User.js";

export class GetCurrentUser {
  constructor(private readonly users: Users) {}

  async execute(input: { readonly actor: Actor }): Promise<User> {
    const user = await this.users.findById(input.actor.userId);
    if (user === null || user.status !== "active")
      throw new UnauthenticatedError("the token's user is gone or disabled");
    return user;
  }
}
