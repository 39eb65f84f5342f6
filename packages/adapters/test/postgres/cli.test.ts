// `make migrate` / `make rollback` run this CLI; without DATABASE_URL it must refuse, not guess.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const cli = fileURLToPath(new URL("../../src/postgres/cli.ts", import.meta.url));
const run = promisify(execFile);

describe("migration CLI", () => {
  it.each(["up", "down"])(
    "refuses `%s` with one clear line and exit code 1 when DATABASE_URL is unset",
    async (command) => {
      const env = { ...process.env };
      delete env.DATABASE_URL;
      const failure = await run(process.execPath, ["--conditions=development", "--import", "tsx", cli, command], {
        env,
        timeout: 30_000,
      }).then(
        () => null,
        (error: { code?: number; stderr?: string }) => error,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stderr?.trim()).toMatch(/^refusing to .*: DATABASE_URL is not set/);
      expect(failure?.stderr?.trim().split("\n")).toHaveLength(1);
    },
  );

  it.each(["--help", "-h"])(
    "answers %s with its usage and DATABASE_URL, exit 0, touching no database",
    async (flag) => {
      // A DATABASE_URL nothing listens on: running `up` would fail, so exit 0 means it never tried.
      const env = { ...process.env, DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" };
      const { stdout } = await run(process.execPath, ["--conditions=development", "--import", "tsx", cli, "up", flag], {
        env,
        timeout: 30_000,
      });
      expect(stdout).toMatch(/^usage: cli\.ts up\|down/);
      expect(stdout).toContain("DATABASE_URL");
      expect(stdout).toContain("MIGRATIONS_DIR");
    },
  );
});
