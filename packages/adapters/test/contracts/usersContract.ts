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
  });
}
