// `make migrate` / `make rollback`: node --conditions=development --import tsx cli.ts up|down
import { type EnvTable, formatHelp, wantsHelp } from "../cli/formatHelp.js";
import { connectPostgres } from "./connectPostgres.js";
import { migrate } from "./migrate.js";
import { rollback } from "./rollback.js";

/** What the migration CLI reads; `--help` prints it. */
const MIGRATE_ENV = {
  DATABASE_URL: { meaning: "postgres://... to migrate or roll back (required: the embedded engine migrates itself)" },
  MIGRATIONS_DIR: { default: "migrations/ of the repository", meaning: "folder of the numbered .sql migrations" },
} as const satisfies EnvTable;
const USAGE = "usage: cli.ts up|down  (up: schema and seed; down: drop everything up created)";

const command = process.argv[2];
const url = process.env.DATABASE_URL;

if (wantsHelp(process.argv.slice(2))) {
  process.stdout.write(formatHelp(`${USAGE}\nmake migrate runs \`up\`, make rollback runs \`down\`.`, MIGRATE_ENV));
  process.exit(0);
}
if (command !== "up" && command !== "down") {
  console.error(USAGE);
  process.exit(1);
}
if (url === undefined || url === "") {
  console.error(
    `refusing to ${command === "up" ? "migrate" : "roll back"}: DATABASE_URL is not set (the embedded engine migrates itself)`,
  );
  process.exit(1);
}

const db = connectPostgres({ connectionString: url, max: 1, connectionTimeoutMillis: 5000 });
try {
  if (command === "up") await migrate(db, { seed: true });
  else await rollback(db);
  console.log(command === "up" ? "migrated: schema and seed are applied" : "rolled back: no tables left");
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
  console.error(`${command === "up" ? "migrate" : "rollback"} failed: ${message}${cause}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
