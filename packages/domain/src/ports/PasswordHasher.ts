export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * True when `password` matches `hash`. With `hash` null (no such user) it spends the same
   * work as a real check and answers false, so timing does not tell which case happened.
   */
  verify(password: string, hash: string | null): Promise<boolean>;
}
