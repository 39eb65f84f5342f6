// PGlite is single-process: a second open of one data folder must be refused, a dead holder's lock must not.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { EMBEDDED_POSTGRES_SETTINGS, openEmbeddedDatabase } from "../../src/postgres/openEmbeddedDatabase.js";

const holder = fileURLToPath(new URL("./holdDataDir.ts", import.meta.url));
const auditCli = fileURLToPath(new URL("../../src/audit/cli.ts", import.meta.url));
const tsx = ["--conditions=development", "--import", "tsx"];
const inUse = (dir: string, pid: number) =>
  `DATA_DIR ${dir} is in use by process ${pid} (another make run?); stop it first`;

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDataDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "orders-lock-"));
  dirs.push(dir);
  return join(dir, "data");
};

/** A child process that has the folder open; resolves once it says so. */
async function childHolding(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...tsx, holder, dataDir], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (d) => {
      if (String(d).includes("open")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return child;
}

describe("openEmbeddedDatabase locks its data folder", () => {
  it("refuses a second open in the same process, and opens again after close", async () => {
    const dataDir = tempDataDir();
    const db = await openEmbeddedDatabase(dataDir);
    await expect(openEmbeddedDatabase(dataDir)).rejects.toThrow(inUse(dataDir, process.pid));
    await db.close();
    expect(existsSync(join(dataDir, ".lock"))).toBe(false);
    const again = await openEmbeddedDatabase(dataDir);
    expect(await again.query("SELECT 1 AS one", [])).toEqual([{ one: 1 }]);
    await again.close();
  }, 120_000);

  it("refuses while another process has it open, and takes over the lock that process left at kill -9", async () => {
    const dataDir = tempDataDir();
    const child = await childHolding(dataDir);
    const error = await openEmbeddedDatabase(dataDir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "data_dir_in_use", message: inUse(dataDir, child.pid ?? 0) });

    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    expect(existsSync(join(dataDir, ".lock"))).toBe(true); // left behind
    const db = await openEmbeddedDatabase(dataDir);
    expect(await db.query("SELECT 1 AS one", [])).toEqual([{ one: 1 }]);
    await db.close();
  }, 120_000);

  it("`make audit` refuses, in one line on stderr, while a server has the folder open", async () => {
    const dataDir = tempDataDir();
    const db = await openEmbeddedDatabase(dataDir);
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
      delete env.DATABASE_URL;
      const failure = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, [...tsx, auditCli], { env, timeout: 110_000 }, (error, stdout, stderr) =>
          resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr }),
        );
      });
      expect(failure.stderr).toBe(`${inUse(dataDir, process.pid)}\n`);
      expect(failure.stdout).toBe("");
      expect(failure.code).toBe(2);
    } finally {
      await db.close();
    }
  }, 120_000);
});

describe("openEmbeddedDatabase's memory settings", () => {
  const settings = async (db: Awaited<ReturnType<typeof openEmbeddedDatabase>>) =>
    Object.fromEntries(
      await Promise.all(
        Object.keys(EMBEDDED_POSTGRES_SETTINGS).map(async (name) => {
          const [row] = await db.query<Record<string, string>>(`SHOW ${name}`, []);
          return [name, row?.[name]];
        }),
      ),
    );

  it("applies them on a new folder (created in a child process), on a reopened one, and in memory", async () => {
    const dataDir = tempDataDir();
    for (const open of [
      () => openEmbeddedDatabase(dataDir),
      () => openEmbeddedDatabase(dataDir),
      () => openEmbeddedDatabase(),
    ]) {
      const db = await open();
      try {
        expect(await settings(db)).toEqual(EMBEDDED_POSTGRES_SETTINGS);
        expect(await db.query("SELECT 1 AS one", [])).toEqual([{ one: 1 }]);
      } finally {
        await db.close();
      }
    }
  }, 120_000);
});
