// `node packages/app-http/dist/main.js --help` prints its usage and variables and exits 0: it used to start the server.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const run = promisify(execFile);

describe("the HTTP entry point's --help", () => {
  it.each(["--help", "-h"])(
    "%s prints usage and every variable, exits 0, opens no database",
    async (flag) => {
      const root = mkdtempSync(join(tmpdir(), "orders-help-"));
      const dataDir = join(root, "data");
      try {
        const { stdout } = await run(process.execPath, ["--conditions=development", "--import", "tsx", MAIN, flag], {
          env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", DATA_DIR: dataDir, PORT: "1" },
          timeout: 30_000,
        });
        expect(stdout).toMatch(/^usage: /);
        for (const name of ["PORT", "DATABASE_URL", "REDIS_URL", "CORS_ORIGINS", "LOG_FORMAT", "DATA_DIR"]) {
          expect(stdout).toContain(name);
        }
        expect(stdout).not.toContain("Order service on");
        expect(existsSync(dataDir)).toBe(false);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
    40_000,
  );
});
