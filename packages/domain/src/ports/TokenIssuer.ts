import type { Actor } from "../identity/User.js";

export interface IssuedToken {
  readonly token: string;
  /** Seconds until the token expires. */
  readonly expiresIn: number;
}

export interface TokenIssuer {
  issue(actor: Actor): Promise<IssuedToken>;
  /** The actor a token names; rejects with UnauthenticatedError when it is invalid or expired. */
  verify(token: string): Promise<Actor>;
}
