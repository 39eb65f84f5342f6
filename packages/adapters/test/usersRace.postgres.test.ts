// Admins changing each other at once on the real server: never zero active admins, never a deadlock or a 500.
import { CreateUser, LastAdminError, LoginTakenError, UpdateUser } from "@orders/domain";
import { FakePasswordHasher } from "@orders/domain/testing";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { connectPostgres, migrate, PostgresUsers, type SqlRunner } from "../src/postgres/index.js";
import { createTestSchema, type TestSchema } from "./support/postgresSchema.js";
import { describeWithServer, postgresUrl } from "./support/servers.js";

const ROUNDS = 40;

describeWithServer("postgres")("user changes racing on real Postgres", () => {
  let schema: TestSchema;
  let db: SqlRunner;
  let users: PostgresUsers;
  let updateUser: UpdateUser;

  beforeAll(async () => {
    schema = await createTestSchema(postgresUrl() ?? "", "users_race");
    db = connectPostgres({ connectionString: schema.url, max: 12 });
    await migrate(db);
    users = new PostgresUsers(db);
    updateUser = new UpdateUser(users);
  });
  beforeEach(async () => {
    await db.query("DELETE FROM users", []);
  });
  afterAll(async () => {
    await db?.close();
    await schema?.drop();
  });

  const givenAdmins = async (count: number): Promise<number[]> => {
    const rows = await db.query<{ id: string }>(
      `INSERT INTO users (email, password_hash, role)
       SELECT 'admin' || i || '@example.com', 'x', 'admin' FROM generate_series(1, $1::int) AS i RETURNING id`,
      [count],
    );
    return rows.map((r) => Number(r.id));
  };
  const activeAdmins = async () =>
    Number(
      (
        await db.query<{ n: string }>("SELECT count(*) AS n FROM users WHERE role = 'admin' AND status = 'active'", [])
      )[0]?.n,
    );

  it(`two admins demoting or disabling each other at once leave exactly one (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await db.query("DELETE FROM users", []);
      const [a = 0, b = 0] = await givenAdmins(2);
      // Odd rounds disable, even rounds demote; the two requests are each other's mirror.
      const change = round % 2 === 0 ? { role: "customer" } : { status: "disabled" };
      const results = await Promise.allSettled([
        updateUser.execute({ actor: { userId: b, role: "admin" }, userId: a, ...change }),
        updateUser.execute({ actor: { userId: a, role: "admin" }, userId: b, ...change }),
      ]);
      const refused = results.filter((r) => r.status === "rejected");
      expect(refused).toHaveLength(1);
      expect(refused[0]?.status === "rejected" && refused[0].reason).toBeInstanceOf(LastAdminError);
      expect(await activeAdmins()).toBe(1);
    }
  });

  it("five admins each demoting the next at once leave exactly one, with no deadlock", async () => {
    for (let round = 0; round < 10; round++) {
      await db.query("DELETE FROM users", []);
      const ids = await givenAdmins(5);
      const results = await Promise.allSettled(
        ids.map((id, i) =>
          updateUser.execute({
            actor: { userId: ids[(i + 1) % ids.length] ?? 0, role: "admin" },
            userId: id,
            ...(i % 2 === 0 ? { role: "customer" } : { status: "disabled" }),
          }),
        ),
      );
      const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
      for (const reason of refused) expect(reason).toBeInstanceOf(LastAdminError);
      expect(refused).toHaveLength(1);
      expect(await activeAdmins()).toBe(1);
    }
  });

  it("of parallel creates with one email (in any case), one is created and the rest are login_taken", async () => {
    const createUser = new CreateUser(users, new FakePasswordHasher());
    const [admin = 0] = await givenAdmins(1);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        createUser.execute({
          actor: { userId: admin, role: "admin" },
          email: i % 2 === 0 ? "Shopper@Example.com" : "shopper@example.com",
          password: "password-1",
          role: "customer",
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(LoginTakenError);
  });
});
