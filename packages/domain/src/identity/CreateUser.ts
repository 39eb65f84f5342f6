// An admin creates a user who logs in by email, by phone, or by either.
import type { PasswordHasher } from "../ports/PasswordHasher.js";
import type { Users } from "../ports/Users.js";
import { InvalidInputError, LoginTakenError } from "../shared/errors.js";
import { requireAdmin } from "./requireAdmin.js";
import { type Actor, parseEmail, parseNewPassword, parsePhone, parseRole, type User } from "./User.js";

export interface CreateUserInput {
  readonly actor: Actor;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly password: string;
  readonly role: string;
}

export class CreateUser {
  constructor(
    private readonly users: Users,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(input: CreateUserInput): Promise<User> {
    requireAdmin(input.actor, "create users");
    const email = input.email === undefined || input.email === null ? null : parseEmail(input.email);
    const phone = input.phone === undefined || input.phone === null ? null : parsePhone(input.phone);
    if (email === null && phone === null) throw new InvalidInputError("email", "email or phone is required");
    const password = parseNewPassword(input.password);
    const role = parseRole(input.role);
    const created = await this.users.create({ email, phone, role, passwordHash: await this.hasher.hash(password) });
    if (created !== null) return created;
    // The store refused a duplicate login; say which one, for the admin to fix.
    throw new LoginTakenError(email !== null && (await this.users.findByLogin(email)) !== null ? "email" : "phone");
  }
}
