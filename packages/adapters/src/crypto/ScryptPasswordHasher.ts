import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";
import type { PasswordHasher } from "@orders/domain";

interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

const DEFAULT_PARAMS: ScryptParams = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Passwords as scrypt hashes in a self-describing format, `scrypt$N$r$p$salt$key` (base64), so
 * stronger parameters can be introduced later without breaking stored hashes.
 */
export class ScryptPasswordHasher implements PasswordHasher {
  private readonly params: ScryptParams;
  /** Compared against when there is no user, so an unknown login costs the same time. */
  private decoy: Promise<string> | undefined;

  constructor(params: Partial<ScryptParams> = {}) {
    this.params = { ...DEFAULT_PARAMS, ...params };
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_LENGTH);
    const key = await derive(password, salt, this.params, KEY_LENGTH);
    const { N, r, p } = this.params;
    return ["scrypt", N, r, p, salt.toString("base64"), key.toString("base64")].join("$");
  }

  async verify(password: string, hash: string | null): Promise<boolean> {
    if (hash === null) {
      this.decoy ??= this.hash("decoy password");
      await this.check(password, await this.decoy);
      return false;
    }
    return this.check(password, hash);
  }

  private async check(password: string, hash: string): Promise<boolean> {
    const parsed = parse(hash);
    if (parsed === null) return false;
    const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
    return timingSafeEqual(key, parsed.key);
  }
}

function parse(hash: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const [scheme, n, r, p, salt, key, ...rest] = hash.split("$");
  if (scheme !== "scrypt" || salt === undefined || key === undefined || rest.length > 0) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  // Refuse parameters no hash of ours has, rather than spend unbounded memory on a bad row.
  const sane =
    Number.isInteger(params.N) &&
    params.N >= 2 &&
    params.N <= 1 << 20 &&
    (params.N & (params.N - 1)) === 0 &&
    Number.isInteger(params.r) &&
    params.r >= 1 &&
    params.r <= 32 &&
    Number.isInteger(params.p) &&
    params.p >= 1 &&
    params.p <= 16;
  if (!sane) return null;
  const keyBytes = Buffer.from(key, "base64");
  if (keyBytes.length < 16) return null;
  return { params, salt: Buffer.from(salt, "base64"), key: keyBytes };
}
