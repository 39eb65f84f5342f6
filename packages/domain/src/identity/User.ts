// Who a user is and what a user's fields may hold: roles, statuses, email, phone, password, and the last-admin rule.
import { InvalidInputError } from "../shared/errors.js";

export const ROLES = ["admin", "customer"] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => ROLES.some((role) => role === value);

/** A disabled user cannot log in, and the tokens issued to them stop working at once. */
export const USER_STATUSES = ["active", "disabled"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export interface User {
  readonly id: number;
  /** Lower case; null for a phone-only user. At least one of email and phone is set. */
  readonly email: string | null;
  readonly phone: string | null;
  readonly role: Role;
  readonly status: UserStatus;
  readonly passwordHash: string;
}

/** Who is asking: the authenticated subject of a request. */
export interface Actor {
  readonly userId: number;
  readonly role: Role;
}

export const isAdmin = (actor: Actor): boolean => actor.role === "admin";

/** Longest email or phone a login may give, in characters (an email address is at most 254). */
export const MAX_LOGIN_LENGTH = 254;
/** Shortest password a new or changed password may be, in characters. */
export const MIN_PASSWORD_LENGTH = 8;
/** Longest password accepted, in characters: enough for any passphrase, bounded so hashing stays cheap. */
export const MAX_PASSWORD_LENGTH = 1024;

/** What a refused phone is told, here and in the API's documentation. */
export const PHONE_MESSAGE = 'must be 6 to 15 digits, optionally after a leading "+", with no spaces or separators';
/** What a refused email is told. */
export const EMAIL_MESSAGE = "must be an email address such as name@example.com";

// The HTML standard's "valid e-mail address" with at least one dot in the domain: ASCII, no
// spaces or quotes, domain labels of letters, digits and inner hyphens.
const EMAIL =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const PHONE = /^\+?[0-9]{6,15}$/;

/** An email for a new user: trimmed, lower-cased (logins compare case-insensitively), then checked. */
export function parseEmail(value: unknown, field = "email"): string {
  if (typeof value !== "string") throw new InvalidInputError(field, "must be a string");
  const email = value.trim().toLowerCase();
  if (email.length > MAX_LOGIN_LENGTH) {
    throw new InvalidInputError(field, `must be at most ${MAX_LOGIN_LENGTH} characters`);
  }
  if (!EMAIL.test(email) || email.indexOf("@") > 64) throw new InvalidInputError(field, EMAIL_MESSAGE);
  return email;
}

/**
 * A phone for a new user, stored as given: an optional "+" and 6 to 15 digits (E.164's longest),
 * e.g. "+6281234567890" or "081234567890". Logins by phone match it exactly.
 */
export function parsePhone(value: unknown, field = "phone"): string {
  if (typeof value !== "string") throw new InvalidInputError(field, "must be a string");
  if (!PHONE.test(value)) throw new InvalidInputError(field, PHONE_MESSAGE);
  return value;
}

/** A password being set (new user, change): 8 to 1024 characters. Logging in accepts any stored one. */
export function parseNewPassword(value: unknown, field = "password"): string {
  if (typeof value !== "string") throw new InvalidInputError(field, "must be a string");
  if (value.length < MIN_PASSWORD_LENGTH || value.length > MAX_PASSWORD_LENGTH) {
    throw new InvalidInputError(field, `must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`);
  }
  return value;
}

export function parseRole(value: unknown, field = "role"): Role {
  if (!isRole(value)) throw new InvalidInputError(field, `must be ${ROLES.join(" or ")}`);
  return value;
}

export function parseUserStatus(value: unknown, field = "status"): UserStatus {
  if (!USER_STATUSES.some((status) => status === value)) {
    throw new InvalidInputError(field, `must be ${USER_STATUSES.join(" or ")}`);
  }
  return value as UserStatus;
}

/** An admin who can act: only they count towards keeping the shop administrable. */
export const isActiveAdmin = (user: Pick<User, "role" | "status">): boolean =>
  user.role === "admin" && user.status === "active";

/**
 * The last-admin rule: a change that turns an active admin into anything else (demoted,
 * disabled) is refused when that admin is the only active one. `activeAdmins` must be counted
 * under the same lock as the change (PostgresUsers.update locks every active admin in the
 * statement that applies it; the fake runs alone).
 */
export function leavesNoActiveAdmin(
  before: Pick<User, "role" | "status">,
  after: Pick<User, "role" | "status">,
  activeAdmins: number,
): boolean {
  return isActiveAdmin(before) && !isActiveAdmin(after) && activeAdmins <= 1;
}
