import { describe, expect, it } from "vitest";
import { InvalidCredentialsError, InvalidInputError, TooManyLoginAttemptsError } from "../src/index.js";
import { createTestShop } from "./support/createTestShop.js";

const PASSWORD = "correct horse";

describe("LogIn", () => {
  it("logs in by email and issues a token naming the user and role", async () => {
    const shop = createTestShop();
    const user = await shop.givenUser({ email: "ann@example.com", password: PASSWORD, role: "admin" });

    const result = await shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password: PASSWORD });

    expect(result).toMatchObject({ tokenType: "Bearer", expiresIn: 3600, user: { id: user.id, role: "admin" } });
    await expect(shop.ports.tokens.verify(result.token)).resolves.toEqual({ userId: user.id, role: "admin" });
  });

  it("compares emails case-insensitively and ignores surrounding spaces", async () => {
    const shop = createTestShop();
    const user = await shop.givenUser({ email: "Ann@Example.com", password: PASSWORD });

    const result = await shop.service.logIn.execute({ emailOrPhone: "  aNN@EXAMPLE.COM ", password: PASSWORD });

    expect(result.user.id).toBe(user.id);
  });

  it("logs in by phone", async () => {
    const shop = createTestShop();
    const user = await shop.givenUser({ phone: "+15550100", password: PASSWORD });

    const result = await shop.service.logIn.execute({ emailOrPhone: "+15550100", password: PASSWORD });

    expect(result.user).toEqual({ id: user.id, role: "customer" });
  });

  it("answers a wrong password and an unknown user with the same invalid_credentials error", async () => {
    const shop = createTestShop();
    await shop.givenUser({ email: "ann@example.com", password: PASSWORD });

    const wrongPassword = shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password: "nope" });
    const unknownUser = shop.service.logIn.execute({ emailOrPhone: "bob@example.com", password: PASSWORD });

    const errors = await Promise.all([wrongPassword.catch((e: unknown) => e), unknownUser.catch((e: unknown) => e)]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(InvalidCredentialsError);
      expect(error).toMatchObject({ code: "invalid_credentials", details: {} });
    }
    expect((errors[0] as Error).message).toBe((errors[1] as Error).message);
  });

  it("spends a password verification on an unknown user, like on a known one", async () => {
    const shop = createTestShop();
    await shop.givenUser({ email: "ann@example.com", password: PASSWORD });

    await expect(
      shop.service.logIn.execute({ emailOrPhone: "ghost@example.com", password: PASSWORD }),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect(shop.ports.hasher.verifications).toBe(1);

    await expect(shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password: "x" })).rejects.toBeInstanceOf(
      InvalidCredentialsError,
    );
    expect(shop.ports.hasher.verifications).toBe(2);
  });

  it("locks a login out after 5 failures within 15 minutes, even with the right password", async () => {
    const shop = createTestShop();
    await shop.givenUser({ email: "ann@example.com", password: PASSWORD });
    for (let i = 0; i < 5; i++) {
      await expect(
        shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password: "wrong" }),
      ).rejects.toBeInstanceOf(InvalidCredentialsError);
      shop.clock.advanceSeconds(60);
    }

    const locked = shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password: PASSWORD });

    // The oldest of the 5 failures was 300 s ago, so it leaves the 900 s window in 600 s.
    await expect(locked).rejects.toBeInstanceOf(TooManyLoginAttemptsError);
    await expect(locked).rejects.toMatchObject({
      code: "too_many_login_attempts",
      retryAfterSeconds: 600,
      details: { retry_after_seconds: 600 },
    });
  });

  it("runs at most 5 password verifications for 50 parallel wrong guesses; the other 45 are locked out", async () => {
    const shop = createTestShop();
    await shop.givenUser({ email: "ann@example.com", password: PASSWORD });

    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () =>
        shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password: "wrong" }).catch((e: unknown) => e),
      ),
    );

    expect(shop.ports.hasher.verifications).toBeLessThanOrEqual(5);
    expect(outcomes.filter((e) => e instanceof InvalidCredentialsError)).toHaveLength(shop.ports.hasher.verifications);
    const locked = outcomes.filter((e) => e instanceof TooManyLoginAttemptsError);
    expect(locked.length).toBeGreaterThanOrEqual(45);
    for (const error of locked) expect(error).toMatchObject({ retryAfterSeconds: 900 });
  });

  it("refuses the right password with 429 when it arrives in a burst after the limit is taken", async () => {
    const shop = createTestShop();
    await shop.givenUser({ email: "ann@example.com", password: PASSWORD });
    const attempt = (password: string) =>
      shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password }).catch((e: unknown) => e);

    // Started in this order, so the five wrong guesses hold the five attempts of the window.
    const outcomes = await Promise.all([...Array.from({ length: 5 }, () => attempt("wrong")), attempt(PASSWORD)]);

    expect(outcomes.at(-1)).toBeInstanceOf(TooManyLoginAttemptsError);
    expect(shop.ports.hasher.verifications).toBe(5);
  });

  it("lets the right password in when it is among the first 5 of a burst, and then forgets the burst", async () => {
    const shop = createTestShop();
    await shop.givenUser({ email: "ann@example.com", password: PASSWORD });
    const attempt = (password: string) =>
      shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password }).catch((e: unknown) => e);

    const [first, ...rest] = await Promise.all([
      attempt(PASSWORD),
      ...Array.from({ length: 9 }, () => attempt("wrong")),
    ]);

    expect(first).toMatchObject({ tokenType: "Bearer" });
    expect(rest.filter((e) => e instanceof InvalidCredentialsError)).toHaveLength(4);
    expect(rest.filter((e) => e instanceof TooManyLoginAttemptsError)).toHaveLength(5);
    // The success cleared the count, the four wrong guesses of the burst included.
    await expect(attempt(PASSWORD)).resolves.toMatchObject({ tokenType: "Bearer" });
  });

  it("counts failures per normalized login, so the email's case does not dodge the lockout", async () => {
    const shop = createTestShop();
    await shop.givenUser({ email: "ann@example.com", password: PASSWORD });
    await shop.givenUser({ email: "bob@example.com", password: PASSWORD });
    for (const spelling of [
      "ann@example.com",
      "ANN@example.com",
      "Ann@Example.com",
      "ann@EXAMPLE.com",
      "aNn@example.com",
    ]) {
      await expect(shop.service.logIn.execute({ emailOrPhone: spelling, password: "wrong" })).rejects.toBeInstanceOf(
        InvalidCredentialsError,
      );
    }

    await expect(
      shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password: PASSWORD }),
    ).rejects.toBeInstanceOf(TooManyLoginAttemptsError);
    await expect(
      shop.service.logIn.execute({ emailOrPhone: "bob@example.com", password: PASSWORD }),
    ).resolves.toMatchObject({ tokenType: "Bearer" });
  });

  it("locks out unknown logins too, so the lockout reveals nothing about who exists", async () => {
    const shop = createTestShop();
    for (let i = 0; i < 5; i++) {
      await expect(
        shop.service.logIn.execute({ emailOrPhone: "ghost@example.com", password: "x" }),
      ).rejects.toBeInstanceOf(InvalidCredentialsError);
    }

    await expect(
      shop.service.logIn.execute({ emailOrPhone: "ghost@example.com", password: "x" }),
    ).rejects.toMatchObject({ code: "too_many_login_attempts", retryAfterSeconds: 900 });
  });

  it("lets the login in again once the oldest failure leaves the window", async () => {
    const shop = createTestShop();
    await shop.givenUser({ email: "ann@example.com", password: PASSWORD });
    for (let i = 0; i < 5; i++) {
      await expect(
        shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password: "wrong" }),
      ).rejects.toBeInstanceOf(InvalidCredentialsError);
    }
    shop.clock.advanceSeconds(899);
    await expect(
      shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password: PASSWORD }),
    ).rejects.toMatchObject({ retryAfterSeconds: 1 });

    shop.clock.advanceSeconds(1);

    await expect(
      shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password: PASSWORD }),
    ).resolves.toMatchObject({ tokenType: "Bearer" });
  });

  it("does not count failures older than 15 minutes", async () => {
    const shop = createTestShop();
    await shop.givenUser({ email: "ann@example.com", password: PASSWORD });
    const fail = () =>
      expect(shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password: "wrong" })).rejects.toBeInstanceOf(
        InvalidCredentialsError,
      );
    for (let i = 0; i < 4; i++) await fail();
    shop.clock.advanceSeconds(15 * 60 + 1);
    for (let i = 0; i < 4; i++) await fail();

    await expect(
      shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password: PASSWORD }),
    ).resolves.toMatchObject({ tokenType: "Bearer" });
  });

  it("forgets earlier failures after a successful log-in", async () => {
    const shop = createTestShop();
    await shop.givenUser({ email: "ann@example.com", password: PASSWORD });
    const fail = () =>
      expect(shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password: "wrong" })).rejects.toBeInstanceOf(
        InvalidCredentialsError,
      );
    for (let i = 0; i < 4; i++) await fail();
    await shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password: PASSWORD });
    for (let i = 0; i < 4; i++) await fail();

    // Without the reset these would be failures 8 of 5.
    await expect(
      shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password: PASSWORD }),
    ).resolves.toMatchObject({ tokenType: "Bearer" });
  });

  it.each([
    { emailOrPhone: "", password: PASSWORD },
    { emailOrPhone: "   ", password: PASSWORD },
    { emailOrPhone: "ann@example.com", password: "" },
    { emailOrPhone: `${"a".repeat(250)}@example.com`, password: PASSWORD },
    { emailOrPhone: "ann@example.com", password: "p".repeat(1025) },
    { emailOrPhone: 42, password: PASSWORD },
    { emailOrPhone: "ann@example.com", password: null },
  ])("rejects malformed input %# as invalid_input without spending a verification", async (input) => {
    const shop = createTestShop();
    await shop.givenUser({ email: "ann@example.com", password: PASSWORD });

    await expect(shop.service.logIn.execute(input as never)).rejects.toBeInstanceOf(InvalidInputError);
    expect(shop.ports.hasher.verifications).toBe(0);
  });
});
