import type { Actor } from "../identity/User.js";
import type { Clock } from "../ports/Clock.js";
import type { IssuedToken, TokenIssuer } from "../ports/TokenIssuer.js";
import { UnauthenticatedError } from "../shared/errors.js";

/** Opaque tokens remembered in a Map, expiring on the injected clock. */
export class FakeTokenIssuer implements TokenIssuer {
  private readonly issued = new Map<string, { actor: Actor; expiresAt: number }>();
  private counter = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlSeconds = 3600,
  ) {}

  async issue(actor: Actor): Promise<IssuedToken> {
    const token = `fake-token-${++this.counter}`;
    this.issued.set(token, { actor, expiresAt: this.clock.now().getTime() + this.ttlSeconds * 1000 });
    return { token, expiresIn: this.ttlSeconds };
  }

  async verify(token: string): Promise<Actor> {
    const entry = this.issued.get(token);
    if (entry === undefined) throw new UnauthenticatedError("invalid token");
    if (entry.expiresAt <= this.clock.now().getTime()) throw new UnauthenticatedError("token expired");
    return entry.actor;
  }
}
