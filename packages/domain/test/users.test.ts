import { describe, expect, it } from "vitest";
import {
  ForbiddenError,
  InvalidCredentialsError,
  InvalidInputError,
  LastAdminError,
  LoginTakenError,
  TooManyLoginAttemptsError,
  UserNotFoundError,
  WrongPasswordError,
} from "../src/index.js";
import { createTestShop } from "./support/createTestShop.js";

const asActor = (user: { id: number; role: "admin" | "customer" }) => ({ userId: user.id, role: user.role });

describe("CreateUser", () => {
  it("stores an active user with a lower-cased email and a hashed password, who can log in", async () => {
    const shop = createTestShop();
    const admin = await shop.givenAdmin();
    const user = await shop.service.createUser.execute({
      actor: admin,
      email: " Ann@Example.COM",
      password: "password-1",
      role: "customer",
    });
    expect(user).toMatchObject({ email: "ann@example.com", phone: null, role: "customer", status: "active" });
    expect(user.passwordHash).not.toBe("password-1");
    await expect(
      shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password: "password-1" }),
    ).resolves.toMatchObject({
      user: { id: user.id },
    });
  });

  it("creates a phone-only user who logs in by phone", async () => {
    const shop = createTestShop();
    const user = await shop.service.createUser.execute({
      actor: await shop.givenAdmin(),
      phone: "081234567890",
      password: "password-1",
      role: "customer",
    });
    expect(user).toMatchObject({ email: null, phone: "081234567890" });
    const result = await shop.service.logIn.execute({ emailOrPhone: "081234567890", password: "password-1" });
    expect(result.user.id).toBe(user.id);
  });

  it("refuses a taken email or phone with login_taken naming the field", async () => {
    const shop = createTestShop();
    const admin = await shop.givenAdmin();
    await shop.givenUser({ email: "ann@example.com", phone: "+15550100" });
    const create = (fields: { email?: string; phone?: string }) =>
      shop.service.createUser.execute({ actor: admin, password: "password-1", role: "customer", ...fields });
    await expect(create({ email: "ANN@example.com" })).rejects.toEqual(new LoginTakenError("email"));
    await expect(create({ email: "new@example.com", phone: "+15550100" })).rejects.toEqual(
      new LoginTakenError("phone"),
    );
    expect(shop.ports.db.tables.users.size).toBe(2);
  });

  it.each([
    [{ email: "nope" }, "email"],
    [{ email: "a@b" }, "email"],
    [{ phone: "12-34-56" }, "phone"],
    [{ phone: "+12345678901234567" }, "phone"],
    [{}, "email"],
    [{ email: "ok@example.com", password: "1234567" }, "password"],
    [{ email: "ok@example.com", role: "owner" }, "role"],
  ])("refuses %j with invalid_input on %s", async (fields, field) => {
    const shop = createTestShop();
    const attempt = shop.service.createUser.execute({
      actor: await shop.givenAdmin(),
      password: "password-1",
      role: "customer",
      ...fields,
    });
    await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
    await expect(attempt).rejects.toMatchObject({ details: { field } });
  });

  it("is for admins only", async () => {
    const shop = createTestShop();
    const attempt = shop.service.createUser.execute({
      actor: await shop.givenCustomer(),
      email: "x@example.com",
      password: "password-1",
      role: "admin",
    });
    await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("UpdateUser", () => {
  it("disables a user, who can then not log in even with the right password", async () => {
    const shop = createTestShop();
    const admin = await shop.givenAdmin();
    const user = await shop.givenUser({ email: "ann@example.com", password: "password-1" });
    const changed = await shop.service.updateUser.execute({ actor: admin, userId: user.id, status: "disabled" });
    expect(changed).toEqual({ ...user, status: "disabled" });
    await expect(
      shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password: "password-1" }),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
  });

  it("refuses to demote or disable the last active admin; with two, one may go", async () => {
    const shop = createTestShop();
    const admin = await shop.givenAdmin();
    await expect(
      shop.service.updateUser.execute({ actor: admin, userId: admin.userId, role: "customer" }),
    ).rejects.toEqual(new LastAdminError(admin.userId));
    await expect(
      shop.service.updateUser.execute({ actor: admin, userId: admin.userId, status: "disabled" }),
    ).rejects.toEqual(new LastAdminError(admin.userId));
    const other = await shop.givenAdmin();
    await shop.service.updateUser.execute({ actor: other, userId: admin.userId, status: "disabled" });
    await expect(
      shop.service.updateUser.execute({ actor: admin, userId: other.userId, role: "customer" }),
    ).rejects.toBeInstanceOf(LastAdminError);
  });

  it("answers user_not_found, invalid_input for a bad role or status, forbidden for a customer", async () => {
    const shop = createTestShop();
    const admin = await shop.givenAdmin();
    await expect(shop.service.updateUser.execute({ actor: admin, userId: 99, role: "admin" })).rejects.toEqual(
      new UserNotFoundError(99),
    );
    await expect(
      shop.service.updateUser.execute({ actor: admin, userId: admin.userId, role: "root" }),
    ).rejects.toMatchObject({
      details: { field: "role" },
    });
    await expect(
      shop.service.updateUser.execute({ actor: admin, userId: admin.userId, status: "gone" }),
    ).rejects.toMatchObject({
      details: { field: "status" },
    });
    const customer = await shop.givenCustomer();
    await expect(
      shop.service.updateUser.execute({ actor: customer, userId: customer.userId, role: "admin" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("ListUsers and GetCurrentUser", () => {
  it("lists users by id in pages, for admins only; the current user is the actor's", async () => {
    const shop = createTestShop();
    const admin = await shop.givenAdmin();
    const ann = await shop.givenUser();
    const bob = await shop.givenUser();
    const page = await shop.service.listUsers.execute({ actor: admin, limit: 2 });
    expect(page.map((u) => u.id)).toEqual([admin.userId, ann.id]);
    expect(await shop.service.listUsers.execute({ actor: admin, afterId: ann.id })).toEqual([bob]);
    await expect(shop.service.listUsers.execute({ actor: asActor(ann) })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await shop.service.getCurrentUser.execute({ actor: asActor(bob) })).toEqual(bob);
  });
});

describe("ChangePassword", () => {
  it("replaces the password after checking the current one", async () => {
    const shop = createTestShop();
    const ann = await shop.givenUser({ email: "ann@example.com", password: "old-password" });
    await shop.service.changePassword.execute({
      actor: asActor(ann),
      currentPassword: "old-password",
      newPassword: "new-password",
    });
    await expect(
      shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password: "new-password" }),
    ).resolves.toBeDefined();
    await expect(
      shop.service.logIn.execute({ emailOrPhone: "ann@example.com", password: "old-password" }),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
  });

  it("answers wrong_password for a wrong current one, and locks out after 5, before checking the hash", async () => {
    const shop = createTestShop();
    const ann = await shop.givenUser({ password: "old-password" });
    const attempt = () =>
      shop.service.changePassword.execute({
        actor: asActor(ann),
        currentPassword: "guess",
        newPassword: "new-password",
      });
    for (let i = 0; i < 5; i++) await expect(attempt()).rejects.toBeInstanceOf(WrongPasswordError);
    await expect(attempt()).rejects.toBeInstanceOf(TooManyLoginAttemptsError);
    expect(shop.ports.db.tables.users.get(ann.id)?.passwordHash).toBe(ann.passwordHash);
  });

  it("refuses a new password outside 8 to 1024 characters", async () => {
    const shop = createTestShop();
    const ann = await shop.givenUser({ password: "old-password" });
    for (const newPassword of ["short", "x".repeat(1025)]) {
      await expect(
        shop.service.changePassword.execute({ actor: asActor(ann), currentPassword: "old-password", newPassword }),
      ).rejects.toMatchObject({ code: "invalid_input", details: { field: "new_password" } });
    }
  });
});
