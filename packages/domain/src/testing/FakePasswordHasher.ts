import type { PasswordHasher } from "../ports/PasswordHasher.js";

/** Not a hash at all: keeps tests fast and counts the checks it was asked to do. */
export class FakePasswordHasher implements PasswordHasher {
  verifications = 0;

  async hash(password: string): Promise<string> {
    return `fake-hash:${password}`;
  }

  async verify(password: string, hash: string | null): Promise<boolean> {
    this.verifications++;
    return hash !== null && hash === (await this.hash(password));
  }
}
