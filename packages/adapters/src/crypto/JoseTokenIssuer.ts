import { webcrypto } from "node:crypto";
import {
  type Actor,
  type Clock,
  type IssuedToken,
  isRole,
  type TokenIssuer,
  UnauthenticatedError,
} from "@orders/domain";
import { errors, jwtVerify, SignJWT } from "jose";
import { SystemClock } from "../inprocess/SystemClock.js";

export interface JoseTokenIssuerOptions {
  /** HMAC key; at least 32 bytes, as HS256 needs a key as long as its hash. */
  readonly secret: string | Uint8Array;
  readonly ttlSeconds: number;
  readonly issuer?: string;
  readonly audience?: string;
  /** Where "now" comes from; defaults to the system clock, tests pass a fixed one to check expiry. */
  readonly clock?: Clock;
}

/**
 * Shortest HMAC key accepted, in bytes: HS256 needs a key at least as long as its SHA-256 hash
 * (RFC 7518, section 3.2). A property of this adapter's algorithm, not a domain rule, so it lives
 * here; the HTTP config and its generated secret file use this value.
 */
export const MIN_SECRET_BYTES = 32;
/** Most verified tokens remembered at once (the oldest is forgotten first). */
const REMEMBERED_TOKENS = 10_000;
const ALGORITHM = "HS256";

/**
 * Signed JWTs (HS256) with jose. Verification pins the algorithm, so a token signed with "none"
 * or any other algorithm is refused, and checks exp, iat, iss and aud. Subject is the user id,
 * the role is a claim covered by the signature: editing it breaks the token.
 */
export class JoseTokenIssuer implements TokenIssuer {
  /** Imported once: handing jose raw bytes re-imports the key on every call, twice the cost of a verify. */
  private readonly key: Promise<webcrypto.CryptoKey>;
  private readonly issuer: string;
  private readonly audience: string;
  private readonly clock: Clock;
  /**
   * Tokens that passed verification, until their exp: a WebCrypto HMAC is a thread-pool job per
   * call, about a tenth of a checkout's CPU. Only verified strings get in, and expiry is checked
   * on every hit, so this answers exactly what verifying again would. It remembers what the
   * signature says, never whether the user still exists or what its role is now: the HTTP
   * `authenticate` asks the Users store for that on every request.
   */
  private readonly verified = new Map<string, { readonly actor: Actor; readonly expiresAtMs: number }>();

  constructor(private readonly options: JoseTokenIssuerOptions) {
    const secret = typeof options.secret === "string" ? new TextEncoder().encode(options.secret) : options.secret;
    if (secret.byteLength < MIN_SECRET_BYTES) {
      throw new Error(`JWT secret must be at least ${MIN_SECRET_BYTES} bytes, got ${secret.byteLength}`);
    }
    if (!Number.isInteger(options.ttlSeconds) || options.ttlSeconds < 1) {
      throw new Error("JWT ttlSeconds must be a positive integer");
    }
    this.issuer = options.issuer ?? "order-service";
    this.audience = options.audience ?? "order-service";
    this.clock = options.clock ?? new SystemClock();
    this.key = webcrypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  }

  async issue(actor: Actor): Promise<IssuedToken> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const token = await new SignJWT({ role: actor.role })
      .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
      .setSubject(String(actor.userId))
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + this.options.ttlSeconds)
      .sign(await this.key);
    return { token, expiresIn: this.options.ttlSeconds };
  }

  async verify(token: string): Promise<Actor> {
    const remembered = this.verified.get(token);
    if (remembered !== undefined) {
      if (remembered.expiresAtMs > this.clock.now().getTime()) return remembered.actor;
      this.verified.delete(token);
      throw new UnauthenticatedError("token expired");
    }
    let payload: Awaited<ReturnType<typeof jwtVerify>>["payload"];
    try {
      ({ payload } = await jwtVerify(token, await this.key, {
        algorithms: [ALGORITHM],
        issuer: this.issuer,
        audience: this.audience,
        requiredClaims: ["exp", "iat", "sub"],
        currentDate: this.clock.now(),
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new UnauthenticatedError("token expired");
      throw new UnauthenticatedError("invalid token");
    }
    const userId = Number(payload.sub);
    const role = payload.role;
    if (!Number.isSafeInteger(userId) || userId < 1 || !isRole(role)) {
      throw new UnauthenticatedError("invalid token");
    }
    const actor = { userId, role };
    if (this.verified.size >= REMEMBERED_TOKENS) {
      const oldest = this.verified.keys().next();
      if (oldest.done !== true) this.verified.delete(oldest.value);
    }
    // exp is required above, so it is a number of seconds here.
    this.verified.set(token, { actor, expiresAtMs: Number(payload.exp) * 1000 });
    return actor;
  }
}
