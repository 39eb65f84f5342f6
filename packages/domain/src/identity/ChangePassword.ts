// Any signed-in user replaces their password, proving the current one first.
import type { LoginAttempts } from "../ports/LoginAttempts.js";
import type { PasswordHasher } from "../ports/PasswordHasher.js";
import type { Users } from "../ports/Users.js";
import {
  InvalidInputError,
  TooManyLoginAttemptsError,
  UnauthenticatedError,
  WrongPasswordError,
} from "../shared/errors.js";
import { type Actor, MAX_PASSWORD_LENGTH, parseNewPassword, type User } from "./User.js";

export interface ChangePasswordInput {
  readonly actor: Actor;
  readonly currentPassword: string;
  readonly newPassword: string;
}

/**
 * The current password is checked under the login lockout (its own key per user), so a stolen
 * token cannot be used to guess the password behind it faster than a log-in could.
 */
export class ChangePassword {
  constructor(
    private readonly users: Users,
    private readonly hasher: PasswordHasher,
    private readonly attempts: LoginAttempts,
  ) {}

  /** Answers the user, with the new hash stored. */
  async execute(input: ChangePasswordInput): Promise<User> {
    if (typeof input.currentPassword !== "string" || input.currentPassword === "") {
      throw new InvalidInputError("current_password", "is required");
    }
    if (input.currentPassword.length > MAX_PASSWORD_LENGTH) {
      throw new InvalidInputError("current_password", `must be at most ${MAX_PASSWORD_LENGTH} characters`);
    }
    const newPassword = parseNewPassword(input.newPassword, "new_password");
    const key = `user:${input.actor.userId}`;
    const attempt = await this.attempts.reserve(key);
    if (!attempt.allowed) throw new TooManyLoginAttemptsError(attempt.retryAfterSeconds);
    const user = await this.users.findById(input.actor.userId);
    if (user === null || user.status !== "active")
      throw new UnauthenticatedError("the token's user is gone or disabled");
    if (!(await this.hasher.verify(input.currentPassword, user.passwordHash))) throw new WrongPasswordError();
    await this.attempts.reset(key);
    const passwordHash = await this.hasher.hash(newPassword);
    if (!(await this.users.setPasswordHash(user.id, passwordHash))) {
      throw new UnauthenticatedError("the token's user no longer exists");
    }
    return { ...user, passwordHash };
  }
}
