// The users: logins and the per-request lookup, the admin's list, and the writes that create and change them.
import type { Role, User, UserStatus } from "../identity/User.js";
import type { Page } from "../shared/values.js";

/** A user to create: its fields already parsed (email lower case, phone as given). */
export interface NewUser {
  readonly email: string | null;
  readonly phone: string | null;
  readonly role: Role;
  readonly passwordHash: string;
}

/** What to change on a user; an absent field stays as it is. */
export interface UserChange {
  readonly role?: Role;
  readonly status?: UserStatus;
}

export type UserChangeResult =
  | { readonly outcome: "changed"; readonly user: User }
  | { readonly outcome: "not_found" }
  /** Refused by the last-admin rule (identity/User.ts, leavesNoActiveAdmin); nothing was written. */
  | { readonly outcome: "last_admin" };

export interface Users {
  /** Finds a user by email (case-insensitive) or by phone, exactly as stored; disabled users too. */
  findByLogin(emailOrPhone: string): Promise<User | null>;
  /** The user with this id as stored now, or null when there is none (never was, or deleted). */
  findById(id: number): Promise<User | null>;
  /** One page of users by id, after `afterId`. */
  list(page: Page): Promise<User[]>;
  /**
   * Stores a new active user and answers it, or null when its email or phone already belongs to
   * someone: judged by the store's unique keys in the write itself, so of two parallel creates
   * with one login exactly one succeeds.
   */
  create(user: NewUser): Promise<User | null>;
  /**
   * Applies `change` unless the last-admin rule refuses it, judged on every active admin locked
   * for the write: two admins demoting each other at once can never leave none.
   */
  update(id: number, change: UserChange): Promise<UserChangeResult>;
  /** Replaces the user's password hash; false when there is no such user. */
  setPasswordHash(id: number, passwordHash: string): Promise<boolean>;
}
