import { UnauthenticatedError } from "@orders/domain";
import { FixedClock } from "@orders/domain/testing";
import { decodeJwt, SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { JoseTokenIssuer } from "../../src/crypto/JoseTokenIssuer.js";

const SECRET = "a-test-secret-that-is-at-least-32-bytes-long";

function makeIssuer(overrides: Partial<ConstructorParameters<typeof JoseTokenIssuer>[0]> = {}) {
  const clock = new FixedClock(new Date("2026-03-01T12:00:00Z"));
  return { clock, issuer: new JoseTokenIssuer({ secret: SECRET, ttlSeconds: 3600, clock, ...overrides }) };
}

/** Re-encodes a token's payload without re-signing it: what an attacker editing claims produces. */
function withEditedPayload(token: string, edit: (payload: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split(".");
  const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
  edit(claims);
  return [header, Buffer.from(JSON.stringify(claims)).toString("base64url"), signature].join(".");
}

describe("JoseTokenIssuer", () => {
  it("verifies the actor it issued, with sub, role, iss, aud, iat and exp in the claims", async () => {
    const { issuer } = makeIssuer();
    const issued = await issuer.issue({ userId: 7, role: "customer" });
    expect(issued.expiresIn).toBe(3600);
    await expect(issuer.verify(issued.token)).resolves.toEqual({ userId: 7, role: "customer" });
    const claims = decodeJwt(issued.token);
    expect(claims).toMatchObject({ sub: "7", role: "customer", iss: "order-service", aud: "order-service" });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
  });

  it("rejects an expired token", async () => {
    const { issuer, clock } = makeIssuer();
    const { token } = await issuer.issue({ userId: 1, role: "admin" });
    clock.advanceSeconds(3601);
    await expect(issuer.verify(token)).rejects.toThrow(new UnauthenticatedError("token expired"));
  });

  it("refuses a token it verified before once that token expires, to the second", async () => {
    const { issuer, clock } = makeIssuer();
    const { token } = await issuer.issue({ userId: 1, role: "customer" });
    await expect(issuer.verify(token)).resolves.toEqual({ userId: 1, role: "customer" });
    clock.advanceSeconds(3599);
    await expect(issuer.verify(token)).resolves.toEqual({ userId: 1, role: "customer" });
    clock.advanceSeconds(1);
    await expect(issuer.verify(token)).rejects.toThrow(new UnauthenticatedError("token expired"));
    await expect(issuer.verify(token)).rejects.toThrow(new UnauthenticatedError("token expired"));
  });

  it("rejects an edited token even after the genuine one was verified", async () => {
    const { issuer } = makeIssuer();
    const { token } = await issuer.issue({ userId: 2, role: "customer" });
    await issuer.verify(token);
    const forged = withEditedPayload(token, (claims) => {
      claims.role = "admin";
    });
    await expect(issuer.verify(forged)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("rejects a customer token whose role claim was edited to admin", async () => {
    const { issuer } = makeIssuer();
    const { token } = await issuer.issue({ userId: 2, role: "customer" });
    const forged = withEditedPayload(token, (claims) => {
      claims.role = "admin";
    });
    await expect(issuer.verify(forged)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("rejects a token signed with another secret", async () => {
    const { issuer } = makeIssuer();
    const other = makeIssuer({ secret: "another-secret-that-is-also-32-bytes-or-more" }).issuer;
    const { token } = await other.issue({ userId: 1, role: "admin" });
    await expect(issuer.verify(token)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("rejects alg none and any algorithm other than HS256, even with the right key", async () => {
    const { issuer } = makeIssuer();
    const now = Math.floor(Date.parse("2026-03-01T12:00:00Z") / 1000);
    const claims = { role: "admin" };
    const unsecured = new UnsecuredJWT(claims)
      .setSubject("1")
      .setIssuer("order-service")
      .setAudience("order-service")
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .encode();
    await expect(issuer.verify(unsecured)).rejects.toBeInstanceOf(UnauthenticatedError);
    const hs512 = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS512" })
      .setSubject("1")
      .setIssuer("order-service")
      .setAudience("order-service")
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(new TextEncoder().encode(`${SECRET}${SECRET}`));
    await expect(issuer.verify(hs512)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("rejects a token for another issuer or audience", async () => {
    const { issuer } = makeIssuer();
    const foreignIssuer = makeIssuer({ issuer: "someone-else" }).issuer;
    const foreignAudience = makeIssuer({ audience: "another-api" }).issuer;
    const a = await foreignIssuer.issue({ userId: 1, role: "admin" });
    const b = await foreignAudience.issue({ userId: 1, role: "admin" });
    await expect(issuer.verify(a.token)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(issuer.verify(b.token)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("rejects garbage and an unknown role", async () => {
    const { issuer } = makeIssuer();
    await expect(issuer.verify("not.a.jwt")).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(issuer.verify("")).rejects.toBeInstanceOf(UnauthenticatedError);
    const now = Math.floor(Date.parse("2026-03-01T12:00:00Z") / 1000);
    const superuser = await new SignJWT({ role: "superuser" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("1")
      .setIssuer("order-service")
      .setAudience("order-service")
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(new TextEncoder().encode(SECRET));
    await expect(issuer.verify(superuser)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("refuses a secret shorter than 32 bytes", () => {
    expect(() => new JoseTokenIssuer({ secret: "short", ttlSeconds: 60 })).toThrow(/at least 32 bytes/);
  });
});
