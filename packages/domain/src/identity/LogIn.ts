import type { LoginAttempts } from "../ports/LoginAttempts.js";
import type { PasswordHasher } from "../ports/PasswordHasher.js";
import type { TokenIssuer } from "../ports/TokenIssuer.js";
import type { Users } from "../ports/Users.js";
import { InvalidCredentialsError, InvalidInputError, TooManyLoginAttemptsError } from "../shared/errors.js";
import { MAX_LOGIN_LENGTH, MAX_PASSWORD_LENGTH, type Role } from "./User.js";

export interface LogInInput {
  readonly emailOrPhone: string;
  readonly password: string;
}

export interface LogInResult {
  readonly token: string;
  readonly tokenType: "Bearer";
  readonly expiresIn: number;
  readonly user: { readonly id: number; readonly role: Role };
}

export { MAX_LOGIN_LENGTH, MAX_PASSWORD_LENGTH } from "./User.js";

/** Emails compare case-insensitively; phones as written, without surrounding spaces. */
export function normalizeLogin(emailOrPhone: string): string {
  const trimmed = emailOrPhone.trim();
  return trimmed.includes("@") ? trimmed.toLowerCase() : trimmed;
}

export class LogIn {
  constructor(
    private readonly users: Users,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenIssuer,
    private readonly attempts: LoginAttempts,
  ) {}

  async execute(input: LogInInput): Promise<LogInResult> {
    if (typeof input.emailOrPhone !== "string" || input.emailOrPhone.trim() === "") {
      throw new InvalidInputError("email_or_phone", "is required");
    }
    if (input.emailOrPhone.length > MAX_LOGIN_LENGTH) {
      throw new InvalidInputError("email_or_phone", `must be at most ${MAX_LOGIN_LENGTH} characters`);
    }
    if (typeof input.password !== "string" || input.password === "") {
      throw new InvalidInputError("password", "is required");
    }
    if (input.password.length > MAX_PASSWORD_LENGTH) {
      throw new InvalidInputError("password", `must be at most ${MAX_PASSWORD_LENGTH} characters`);
    }
    const login = normalizeLogin(input.emailOrPhone);
    // The attempt is counted before the password is checked, in the same atomic step that judges
    // the limit: a burst of parallel requests for one login runs at most the limit's worth of
    // verifications. Past the limit, the right password is refused too: that is the lockout.
    const attempt = await this.attempts.reserve(login);
    if (!attempt.allowed) throw new TooManyLoginAttemptsError(attempt.retryAfterSeconds);
    const user = await this.users.findByLogin(login);
    // Verify even when the user is unknown, so both failures cost the same time.
    const matches = await this.hasher.verify(input.password, user?.passwordHash ?? null);
    // A failure needs no bookkeeping: its attempt is already counted. A disabled user gets the
    // same answer whether the password was right or not: nothing tells a guesser it was.
    if (user === null || !matches || user.status !== "active") throw new InvalidCredentialsError();
    await this.attempts.reset(login);
    const issued = await this.tokens.issue({ userId: user.id, role: user.role });
    return {
      token: issued.token,
      tokenType: "Bearer",
      expiresIn: issued.expiresIn,
      user: { id: user.id, role: user.role },
    };
  }
}
