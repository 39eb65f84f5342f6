// The embedding example runs as its own process, from the sources (the repo's development
// condition, no build needed). packedLibrary.test.ts runs it as an app that installed the tarballs.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const run = promisify(execFile);

describe("examples/embed-with-pglite.ts", () => {
  it("checks out and pays an order on its own embedded database", { timeout: 120_000 }, async () => {
    const { stdout } = await run(
      process.execPath,
      ["--conditions=development", "--import", "tsx", "examples/embed-with-pglite.ts"],
      { cwd: repoRoot, timeout: 110_000 },
    );
    const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
    expect(result).toMatchObject({ status: "paid", totalCents: 1_500_000, product1AvailableAfter: 78 });
  });
});
