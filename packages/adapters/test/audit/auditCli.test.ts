// `make audit` on the data folder of a stopped embedded server: overdue pending orders are awaiting
// release (exit 0) until a sweep that started after their deadline left them pending (exit 1).
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Actor, Clock } from "@orders/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqlSweepLog } from "../../src/audit/SqlSweepLog.js";
import { migrate } from "../../src/postgres/migrate.js";
import { openEmbeddedDatabase } from "../../src/postgres/openEmbeddedDatabase.js";
import { orderServiceOn, RESERVATION_TTL_SECONDS } from "../support/orderServiceOn.js";

const cli = fileURLToPath(new URL("../../src/audit/cli.ts", import.meta.url));
const customer: Actor = { userId: 2, role: "customer" };

function audit(dataDir: string, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, SWEEP_INTERVAL_SECONDS: "30" };
  delete env.DATABASE_URL;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--conditions=development", "--import", "tsx", cli, ...args],
      { env, timeout: 110_000 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
    );
  });
}

/** Opens the folder as the server would, does `work`, closes it (the server stops). */
async function whileServing(
  dataDir: string,
  work: (db: Awaited<ReturnType<typeof openEmbeddedDatabase>>) => Promise<void>,
) {
  const db = await openEmbeddedDatabase(dataDir);
  try {
    await work(db);
  } finally {
    await db.close();
  }
}

describe("the audit CLI's --help", () => {
  it("prints its usage and the variables it reads, exits 0 and opens no database", async () => {
    const root = mkdtempSync(join(tmpdir(), "orders-audit-help-"));
    try {
      const dataDir = join(root, "never-created");
      const result = await audit(dataDir, ["--help"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^usage: make audit/);
      for (const name of ["DATABASE_URL", "DATA_DIR", "SWEEP_INTERVAL_SECONDS"]) expect(result.stdout).toContain(name);
      expect(result.stdout).not.toContain("audit passed");
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 30_000);
});

describe("make audit on a stopped embedded server's data", () => {
  let root: string;
  let dataDir: string;
  let deadline: Date;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "orders-audit-"));
    dataDir = join(root, "data");
    // An order placed an hour ago; its worker's last sweep ran just before, then the server stopped.
    const placedAt = new Date(Date.now() - 60 * 60_000);
    deadline = new Date(placedAt.getTime() + RESERVATION_TTL_SECONDS * 1000);
    const clock: Clock = { now: () => placedAt };
    await whileServing(dataDir, async (db) => {
      await migrate(db, { seed: true });
      await orderServiceOn(db, clock).placeOrder.execute({ actor: customer, items: [{ productId: 1, quantity: 1 }] });
      await new SqlSweepLog(db).recordSweep(placedAt, placedAt);
    });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("passes, reporting the overdue order as awaiting release", async () => {
    const { code, stdout, stderr } = await audit(dataDir);
    expect(stderr).toBe("");
    expect(stdout).not.toContain("VIOLATION");
    expect(stdout).toMatch(
      /^INFO awaiting release: 1 pending orders past their deadline, no expiry sweep has run since/m,
    );
    expect(stdout).toMatch(/^audit passed: /m);
    expect(code).toBe(0);
  }, 120_000);

  it("fails once a sweep that started after the deadline left the order pending", async () => {
    await whileServing(dataDir, async (db) => {
      const sweptAt = new Date(deadline.getTime() + 60_000);
      await new SqlSweepLog(db).recordSweep(sweptAt, sweptAt);
    });
    const { code, stdout } = await audit(dataDir);
    expect(stdout).toMatch(/^VIOLATION no_overdue_pending_orders: order \d+ is still pending/m);
    expect(stdout).toMatch(/^audit FAILED: /m);
    expect(code).toBe(1);
  }, 120_000);
});
