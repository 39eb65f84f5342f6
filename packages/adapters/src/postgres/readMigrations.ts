import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Seed data rather than schema: applied only when asked for. */
  readonly seed: boolean;
  readonly up: string;
  readonly down: string;
}

const FILE = /^(\d+)_([a-z0-9_]+)\.up\.sql$/;

/**
 * The migrations/ folder: MIGRATIONS_DIR when set, else the first ancestor of this module that has
 * one. From src/ (tests, tsx) that is the repository's migrations/; from dist/ it is the copy the
 * build puts in dist/migrations, so the packed package (`npm pack`) carries its own.
 */
export function migrationsDir(): string {
  const fromEnv = process.env.MIGRATIONS_DIR;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "migrations");
    if (existsSync(join(candidate, "001_schema.up.sql"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("migrations/ not found above this module; set MIGRATIONS_DIR");
    dir = parent;
  }
}

/** Every migration with both its up and down file, in version order. */
export function readMigrations(dir = migrationsDir()): Migration[] {
  return readdirSync(dir)
    .flatMap((file) => {
      const match = FILE.exec(file);
      if (match === null) return [];
      const [, version = "", name = ""] = match;
      const down = join(dir, file.replace(/\.up\.sql$/, ".down.sql"));
      if (!existsSync(down)) throw new Error(`migration ${file} has no ${down}`);
      return [
        {
          version: Number(version),
          name,
          seed: name.includes("seed"),
          up: readFileSync(join(dir, file), "utf8"),
          down: readFileSync(down, "utf8"),
        },
      ];
    })
    .sort((a, b) => a.version - b.version);
}
