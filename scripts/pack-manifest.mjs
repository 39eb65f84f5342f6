// The package.json a consumer gets from `npm pack`: the monorepo's `development` export condition
// points at src/*.ts, which the tarball does not carry (and a consumer whose tooling sets
// `development`, as Vite does in dev, would resolve to it and fail). `prepack` runs
// `pack-manifest.mjs strip` in the package folder: the original is kept beside it as
// package.json.prepack and the conditions are removed; `postpack` runs `restore`.
// If a pack dies between the two, `git status` shows package.json.prepack; run `restore`.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

const MANIFEST = "package.json";
const BACKUP = "package.json.prepack";

/** `exports` without any `development` condition, at any depth. */
function withoutDevelopment(value) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "development")
      .map(([key, inner]) => [key, withoutDevelopment(inner)]),
  );
}

const command = process.argv[2];
if (command === "strip") {
  if (existsSync(BACKUP)) {
    throw new Error(`${BACKUP} exists: an earlier npm pack did not finish; run \`node ${process.argv[1]} restore\``);
  }
  const text = readFileSync(MANIFEST, "utf8");
  writeFileSync(BACKUP, text);
  const manifest = JSON.parse(text);
  manifest.exports = withoutDevelopment(manifest.exports);
  writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
} else if (command === "restore") {
  if (existsSync(BACKUP)) renameSync(BACKUP, MANIFEST);
} else {
  throw new Error("usage: node pack-manifest.mjs strip|restore (in the package folder)");
}
