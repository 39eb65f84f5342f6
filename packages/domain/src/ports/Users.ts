import type { User } from "../identity/User.js";

export interface Users {
  /** Finds a user by email (case-insensitive) or by phone, exactly as stored. */
  findByLogin(emailOrPhone: string): Promise<User | null>;
}
