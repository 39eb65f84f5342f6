// SLOW (about 1-2 minutes: two builds, an npm install from the local cache, a strict type-check,
// one PGlite start). The library as a consumer gets it (issue 14, item 4): `npm pack` both
// packages exactly as the README prints it, install the two tarballs in a scratch app outside the
// repository, type-check the README's embedding example against the installed .d.ts and run it
// with plain `node`: no tsx, no `development` condition, no repository files.
import { execFile } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
const exec = promisify(execFile);

/** This process's environment without what npm, turbo or vitest put in it for the repository. */
function consumerEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("npm_") || key === "NODE_OPTIONS") delete env[key];
  return env;
}

/** Runs a command; a failure reports its stdout too (tsc prints its errors there). */
async function run(file: string, args: string[], cwd: string) {
  try {
    return await exec(file, args, { cwd, env: consumerEnv(), timeout: 240_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(" ")} failed in ${cwd}\n${stdout}\n${stderr}`, { cause: error });
  }
}

function tarballFiles(tarball: string): Promise<string[]> {
  return run("tar", ["-tzf", tarball], repoRoot).then(({ stdout }) =>
    stdout
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => line.replace(/^package\//, "")),
  );
}

async function packedManifest(tarball: string): Promise<{ exports: unknown; dependencies?: Record<string, string> }> {
  const { stdout } = await run("tar", ["-xzOf", tarball, "package/package.json"], repoRoot);
  return JSON.parse(stdout);
}

const manifests = ["packages/domain/package.json", "packages/adapters/package.json"];

describe("the packed @orders/domain and @orders/adapters, installed outside the repository", () => {
  const work = mkdtempSync(join(tmpdir(), "orders-packed-"));
  const packs = join(work, "packs");
  const app = join(work, "app");
  const domainTarball = join(packs, "orders-domain-0.1.0.tgz");
  const adaptersTarball = join(packs, "orders-adapters-0.1.0.tgz");
  let manifestsBefore: string[] = [];

  beforeAll(async () => {
    manifestsBefore = manifests.map((file) => readFileSync(join(repoRoot, file), "utf8"));
    mkdirSync(packs);
    // The README's command; prepack builds dist/ and writes the consumer package.json.
    await run("npm", ["pack", "-w", "@orders/domain", "-w", "@orders/adapters", "--pack-destination", packs], repoRoot);

    mkdirSync(app);
    writeFileSync(
      join(app, "package.json"),
      `${JSON.stringify({ name: "scratch-app", private: true, type: "module" })}\n`,
    );
    const typesNode = JSON.parse(readFileSync(join(repoRoot, "node_modules/@types/node/package.json"), "utf8")).version;
    await run(
      "npm",
      [
        "install",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        domainTarball,
        adaptersTarball,
        `@types/node@${typesNode}`,
      ],
      app,
    );
  }, 300_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("leaves the repository's package.json files as they were", () => {
    expect(manifests.map((file) => readFileSync(join(repoRoot, file), "utf8"))).toEqual(manifestsBefore);
    for (const file of manifests) expect(existsSync(join(repoRoot, `${file}.prepack`))).toBe(false);
  });

  it("ship compiled ESM with types, the adapters' migrations, and no sources or tests", async () => {
    const domain = await tarballFiles(domainTarball);
    expect(domain).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "dist/index.js",
        "dist/index.d.ts",
        "dist/testing/index.js",
        "dist/testing/index.d.ts",
      ]),
    );
    const adapters = await tarballFiles(adaptersTarball);
    const migrations = readdirSync(join(repoRoot, "migrations")).map((file) => `dist/migrations/${file}`);
    expect(adapters).toEqual(
      expect.arrayContaining(["package.json", "dist/index.js", "dist/index.d.ts", ...migrations]),
    );
    for (const file of [...domain, ...adapters]) {
      expect(file).not.toMatch(/^(src|test|examples)\/|\.map$|\.test\./);
    }
  });

  it("need no development condition: their exports name only files in the tarball", async () => {
    expect((await packedManifest(domainTarball)).exports).toEqual({
      ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
      "./testing": { types: "./dist/testing/index.d.ts", default: "./dist/testing/index.js" },
    });
    const adapters = await packedManifest(adaptersTarball);
    expect(adapters.exports).toEqual({ ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } });
    // Installed from the tarball beside it, not fetched from a registry.
    expect(adapters.dependencies?.["@orders/domain"]).toBe("^0.1.0");
    const lock = JSON.parse(readFileSync(join(app, "package-lock.json"), "utf8"));
    expect(lock.packages["node_modules/@orders/domain"].resolved).toMatch(/^file:.*orders-domain-0\.1\.0\.tgz$/);
    expect(lock.packages["node_modules/@orders/adapters/node_modules/@orders/domain"]).toBeUndefined();
    // A consumer whose tooling sets `development` (Vite does in dev) still gets dist/.
    const { stdout } = await run(
      process.execPath,
      [
        "--conditions=development",
        "--input-type=module",
        "--eval",
        'await import("@orders/adapters"); await import("@orders/domain/testing"); console.log(import.meta.resolve("@orders/domain"))',
      ],
      app,
    );
    expect(stdout.trim()).toMatch(/\/node_modules\/@orders\/domain\/dist\/index\.js$/);
  });

  it("run the README's embedding example: strict type-check against the installed types, then plain node", async () => {
    copyFileSync(join(repoRoot, "examples/embed-with-pglite.ts"), join(app, "embed-with-pglite.ts"));
    const compilerOptions = {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      skipLibCheck: false, // our .d.ts must resolve and check too, not degrade to any
      types: ["node"],
      outDir: "out",
    };
    writeFileSync(join(app, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["embed-with-pglite.ts"] }));
    await run(process.execPath, [tsc, "-p", "tsconfig.json"], app);

    const { stdout } = await run(process.execPath, ["out/embed-with-pglite.js"], app);
    const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
    expect(result).toMatchObject({ status: "paid", totalCents: 1_500_000, product1AvailableAfter: 78 });
  }, 240_000);
});
