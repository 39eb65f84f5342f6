// `make import`'s CLI (scripts/import/cli.ts) against the real server entry in embedded mode: apply, dry run, refusal, progress lines.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "./startServer.js";

const CLI = fileURLToPath(new URL("../../../scripts/import/cli.ts", import.meta.url));

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe("make import against a running embedded server", () => {
  let dataDir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "orders-import-cli-"));
    server = await startServer({ DATA_DIR: dataDir });
  }, 120_000);

  afterAll(async () => {
    if (server?.process.exitCode === null) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Runs the CLI with stdout/stderr not a terminal, the server's URL and the seed admin from the environment. */
  const cli = (args: string[], env: Record<string, string> = {}): Promise<CliRun> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        ["--import", "tsx", CLI, ...args],
        { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", IMPORT_URL: server.base, ...env } },
        (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
      );
    });

  const file = (name: string, rows: string[]) => {
    const path = join(dataDir, name);
    writeFileSync(path, `sku,name,price_cents,warehouse_id,on_hand\n${rows.join("\n")}\n`);
    return path;
  };

  const rows = Array.from({ length: 2_000 }, (_, i) => `CLI-${i},"CLI product ${i}, boxed",${100 + i},1,${i % 7}`);

  it("a dry run checks every line and writes nothing; then the import applies them", async () => {
    const path = file("ok.csv", rows);
    const dry = await cli([path, "--dry-run"]);
    expect(dry.stdout).toContain("dry run passed, nothing written; would have created 2000, updated 0");
    expect(dry.code).toBe(0);
    const applied = await cli([path]);
    expect(applied.stdout).toContain("imported: created 2000, updated 0, unchanged 0, stock set 2000");
    expect(applied.code).toBe(0);
    // Not a terminal: plain progress lines, percent and rows/s, the last one at 100%.
    const progress = applied.stderr.split("\n").filter((line) => line.includes("rows/s"));
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBeLessThanOrEqual(10);
    expect(progress.at(-1)).toMatch(/^100% {2}2,000 rows sent {2}[\d,]+ rows\/s$/);
    const again = await cli([path], { DRY_RUN: "1" });
    expect(again.stdout).toContain("would have created 0, updated 0, unchanged 2000, stock set 2000");
  }, 120_000);

  it("lists refused lines and exits 1, writing nothing", async () => {
    const path = file("bad.csv", ["NEW-1,Fine,1,1,1", "NEW-2,Bad,-1,1,1", "NEW-3,Fine,1,99,1"]);
    const refused = await cli([path]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("refused, nothing written: 1 error(s)");
    expect(refused.stdout).toContain("line 3 price_cents: must be a non-negative integer amount of cents");
    const stored = await cli([file("check.csv", ["NEW-1,Fine,1,1,1", "NEW-3,Fine,1,99,1"]), "--dry-run"]);
    expect(stored.stdout).toContain("line 3 warehouse_id: warehouse 99 not found");
  }, 60_000);

  it("exits 2 on a wrong password, naming the log-in", async () => {
    const result = await cli([file("any.csv", rows.slice(0, 1)), "--password", "wrong"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("log-in as admin@example.com failed: 401");
  }, 60_000);
});
