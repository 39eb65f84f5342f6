import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { connectPostgres, migrate } from "@orders/adapters";
import { describe, expect, it } from "vitest";
import { describeWithServer } from "../../adapters/test/support/servers.js";
import { createScratchDatabase, testDatabaseUrl, testRedisUrl } from "./support/harness.js";
import { waitFor } from "./support/waitFor.js";

const databaseUrl = testDatabaseUrl();
const redisUrl = testRedisUrl();
const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));

const run = (env: Record<string, string>, args: string[] = []): { child: ChildProcess; output: () => string } => {
  let output = "";
  const child = spawn(process.execPath, ["--conditions=development", "--import", "tsx", main, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => {
    output += String(d);
  });
  child.stderr?.on("data", (d) => {
    output += String(d);
  });
  return { child, output: () => output };
};
const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => child.once("exit", (code) => resolve(code)));

describe("worker process", () => {
  it.each(["--help", "-h"])(
    "answers %s with its usage and every variable it reads, exit 0, starting nothing",
    async (flag) => {
      // No DATABASE_URL or REDIS_URL: starting anything would fail on config, and the port would be taken.
      const { child, output } = run({ DATABASE_URL: "", REDIS_URL: "" }, [flag]);
      expect(await exited(child)).toBe(0);
      expect(output()).toMatch(/^usage: /);
      for (const name of ["DATABASE_URL", "REDIS_URL", "WORKER_HEALTH_PORT", "LOG_FORMAT"])
        expect(output()).toContain(name);
      expect(output()).not.toContain("worker ready");
    },
    20_000,
  );

  it("refuses to start on bad configuration, naming the problem", async () => {
    const { child, output } = run({ DATABASE_URL: "", REDIS_URL: "redis://x", WORKER_BATCH_SIZE: "lots" });
    expect(await exited(child)).toBe(1);
    expect(output()).toContain("DATABASE_URL is required");
    expect(output()).toContain('WORKER_BATCH_SIZE must be a whole number from 1 to 10000, got "lots"');
  }, 20_000);
});

// Needs both servers; each missing one is named in the run's skipped-suites line.
describeWithServer("postgres")("worker process on PostgreSQL", () => {
  describeWithServer("redis")("and Redis", () => {
    it("serves /healthz, and on SIGTERM stops and exits 0 within 10 s", async () => {
      const scratch = await createScratchDatabase(databaseUrl ?? "");
      const db = connectPostgres({ connectionString: scratch.url, max: 1 });
      await migrate(db);
      await db.close();
      const port = 20_000 + Math.floor(Math.random() * 20_000);
      const { child, output } = run({
        DATABASE_URL: scratch.url,
        REDIS_URL: redisUrl ?? "",
        WORKER_HEALTH_PORT: String(port),
        SWEEP_INTERVAL_SECONDS: "1",
      });
      const done = exited(child);
      try {
        let status = 0;
        let body: { ok?: boolean; lastSweepAt?: string | null } = {};
        await waitFor(
          "the health endpoint",
          async () => {
            try {
              const res = await fetch(`http://127.0.0.1:${port}/healthz`);
              status = res.status;
              body = (await res.json()) as typeof body;
              return true;
            } catch {
              return false;
            }
          },
          15_000,
        );
        expect(status).toBe(200);
        expect(body.ok).toBe(true);
        const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        expect(metrics).toContain("# TYPE orders_reservations_released_total counter");
        expect(metrics).toContain("# TYPE orders_reservation_release_lag_seconds histogram");
        // A healthy start logs no warning (the claim loop used to start before Redis was connected).
        expect(output()).not.toContain('"level":40');
        const signalledAt = Date.now();
        child.kill("SIGTERM");
        expect(await done).toBe(0);
        expect(Date.now() - signalledAt).toBeLessThan(10_000);
        expect(output()).toContain('"msg":"stopped"');
      } finally {
        child.kill("SIGKILL");
        await scratch.drop();
      }
    }, 40_000);
  });
});
