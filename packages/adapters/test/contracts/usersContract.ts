import { beforeEach, describe, expect, it } from "vitest";
import type { ContractTarget, MakeTarget } from "./ContractTarget.js";

export function usersContract(makeTarget: MakeTarget): void {
  describe("Users contract", () => {
    let t: ContractTarget;
    beforeEach(async () => {
      t = await makeTarget();
    });

    const givenUsers = async () => {
      const admin = await t.given.user({
        email: "admin@example.com",
        phone: "081234567890",
        role: "admin",
        passwordHash: "hash-a",
      });
      const customer = await t.given.user({
        email: "customer@example.com",
        phone: null,
        role: "customer",
        passwordHash: "hash-c",
      });
      return { admin, customer };
    };

    it("finds a user by email whatever its case, and by phone", async () => {
      const { admin } = await givenUsers();
      expect(await t.ports.users.findByLogin("Admin@Example.COM")).toEqual(admin);
      expect(await t.ports.users.findByLogin("081234567890")).toEqual(admin);
    });

    it("answers null for an unknown login", async () => {
      await givenUsers();
      expect(await t.ports.users.findByLogin("nobody@example.com")).toBeNull();
      expect(await t.ports.users.findByLogin("089999999999")).toBeNull();
    });

    it("treats SQL in a login as data: no match, nothing executed", async () => {
      const { customer } = await givenUsers();
      for (const attack of ["' OR '1'='1", "x' OR 1=1; DROP TABLE users; --", "admin@example.com' --"]) {
        expect(await t.ports.users.findByLogin(attack)).toBeNull();
      }
      expect(await t.ports.users.findByLogin("customer@example.com")).toEqual(customer);
    });

    it("answers null, not a storage error, for a login holding NUL or other control characters", async () => {
      await givenUsers();
      for (const login of ["admin@example.com\u0000", "\u0000", "081234567890\u0000x", "admin@example.com\u0001"]) {
        expect(await t.ports.users.findByLogin(login)).toBeNull();
      }
    });

    it("finds a user by id as stored, and answers null for an id no user has", async () => {
      const { admin, customer } = await givenUsers();
      expect(await t.ports.users.findById(admin.id)).toEqual(admin);
      expect(await t.ports.users.findById(customer.id)).toEqual(customer);
      expect(await t.ports.users.findById(customer.id + 1000)).toBeNull();
      expect(await t.ports.users.findById(Number.MAX_SAFE_INTEGER)).toBeNull();
    });

    it("finds a user whose email holds quotes exactly as stored", async () => {
      const odd = await t.given.user({
        email: "o'brien+'; drop table users; --@example.com",
        phone: "'; --",
        role: "customer",
        passwordHash: "h",
      });
      expect(await t.ports.users.findByLogin("O'Brien+'; DROP TABLE users; --@example.com")).toEqual(odd);
      expect(await t.ports.users.findByLogin("'; --")).toEqual(odd);
    });

    it("finds a phone-only user by phone, and reports each user's status", async () => {
      const phoneOnly = await t.given.user({ email: null, phone: "+6281234567", role: "customer", passwordHash: "h" });
      const disabled = await t.given.user({
        email: "gone@example.com",
        phone: null,
        role: "customer",
        status: "disabled",
        passwordHash: "h",
      });
      expect(await t.ports.users.findByLogin("+6281234567")).toEqual({ ...phoneOnly, status: "active" });
      expect(await t.ports.users.findByLogin("gone@example.com")).toEqual(disabled);
    });

    it("creates an active user and finds it by either login", async () => {
      const created = await t.ports.users.create({
        email: "new@example.com",
        phone: "0811111111",
        role: "customer",
        passwordHash: "h-new",
      });
      expect(created).toEqual({
        id: expect.any(Number),
        email: "new@example.com",
        phone: "0811111111",
        role: "customer",
        status: "active",
        passwordHash: "h-new",
      });
      expect(await t.ports.users.findByLogin("NEW@example.com")).toEqual(created);
      expect(await t.ports.users.findById(created?.id ?? 0)).toEqual(created);
      const phoneOnly = await t.ports.users.create({
        email: null,
        phone: "+15550009",
        role: "admin",
        passwordHash: "h",
      });
      expect(phoneOnly).toMatchObject({ email: null, phone: "+15550009", role: "admin", status: "active" });
    });

    it("answers null, writing nothing, for a taken email or a taken phone", async () => {
      const { admin } = await givenUsers();
      const sameEmail = { email: "admin@example.com", phone: null, role: "customer" as const, passwordHash: "x" };
      expect(await t.ports.users.create(sameEmail)).toBeNull();
      expect(await t.ports.users.create({ ...sameEmail, email: null, phone: "081234567890" })).toBeNull();
      expect(
        await t.ports.users.create({ ...sameEmail, phone: "081234567890", email: "fresh@example.com" }),
      ).toBeNull();
      expect(await t.ports.users.findByLogin("fresh@example.com")).toBeNull();
      expect(await t.ports.users.findByLogin("admin@example.com")).toEqual(admin);
    });

    it("of parallel creates with one email, exactly one succeeds", async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          t.ports.users.create({
            email: "race@example.com",
            phone: `+1555000${i}`,
            role: "customer",
            passwordHash: "h",
          }),
        ),
      );
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect(await t.ports.users.list({ limit: 100 })).toHaveLength(1);
    });

    it("lists users by id, one keyset page at a time", async () => {
      const { admin, customer } = await givenUsers();
      const third = await t.given.user({ email: null, phone: "0899999999", role: "customer", passwordHash: "h" });
      expect(await t.ports.users.list({ limit: 2 })).toEqual([admin, customer]);
      expect(await t.ports.users.list({ limit: 2, afterId: customer.id })).toEqual([third]);
      expect(await t.ports.users.list({ limit: 2, afterId: third.id })).toEqual([]);
    });

    it("changes a role or a status, keeping the other fields; answers not_found for an unknown id", async () => {
      const { customer } = await givenUsers();
      const promoted = await t.ports.users.update(customer.id, { role: "admin" });
      expect(promoted).toEqual({ outcome: "changed", user: { ...customer, role: "admin" } });
      const disabled = await t.ports.users.update(customer.id, { status: "disabled" });
      expect(disabled).toEqual({ outcome: "changed", user: { ...customer, role: "admin", status: "disabled" } });
      expect(await t.ports.users.findById(customer.id)).toEqual({ ...customer, role: "admin", status: "disabled" });
      expect(await t.ports.users.update(customer.id, {})).toEqual({
        outcome: "changed",
        user: { ...customer, role: "admin", status: "disabled" },
      });
      expect(await t.ports.users.update(customer.id + 1000, { role: "admin" })).toEqual({ outcome: "not_found" });
    });

    it("refuses to demote or disable the last active admin, and writes nothing", async () => {
      const { admin, customer } = await givenUsers();
      // A disabled admin does not count as one who can act.
      await t.given.user({
        email: "off@example.com",
        phone: null,
        role: "admin",
        status: "disabled",
        passwordHash: "h",
      });
      expect(await t.ports.users.update(admin.id, { role: "customer" })).toEqual({ outcome: "last_admin" });
      expect(await t.ports.users.update(admin.id, { status: "disabled" })).toEqual({ outcome: "last_admin" });
      expect(await t.ports.users.findById(admin.id)).toEqual(admin);
      // Keeping an active admin an active admin is no demotion.
      expect(await t.ports.users.update(admin.id, { role: "admin", status: "active" })).toEqual({
        outcome: "changed",
        user: admin,
      });
      // With a second active admin, either may go.
      await t.ports.users.update(customer.id, { role: "admin" });
      expect(await t.ports.users.update(admin.id, { status: "disabled" })).toMatchObject({ outcome: "changed" });
      expect(await t.ports.users.update(customer.id, { role: "customer" })).toEqual({ outcome: "last_admin" });
    });

    it("replaces a password hash; false for an unknown id", async () => {
      const { customer } = await givenUsers();
      expect(await t.ports.users.setPasswordHash(customer.id, "hash-new")).toBe(true);
      expect(await t.ports.users.findById(customer.id)).toEqual({ ...customer, passwordHash: "hash-new" });
      expect(await t.ports.users.setPasswordHash(customer.id + 1000, "x")).toBe(false);
    });
  });
}
