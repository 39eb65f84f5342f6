import type { User } from "../identity/User.js";

export interface Users {
  /** Finds a user by email (case-insensitive) or by phone, exactly as stored. */
  findByLogin(emailOrPhone: string): Promise<User | null>;
  /** The user with this id as stored now, or null when there is none (never was, or deleted). */
  findById(id: number): Promise<User | null>;
}
