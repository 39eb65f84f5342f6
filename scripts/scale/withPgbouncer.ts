// Runs a command with a database URL variable pointing at a private PgBouncer (transaction mode) in front of its server.
/**
 * usage: withPgbouncer.ts [--env NAME] <command> [args...]
 * NAME (default TEST_DATABASE_URL) holds the upstream URL (default postgres://postgres@127.0.0.1:5432/test,
 * or .../postgres for BENCH_DATABASE_URL); the command sees it rewritten to PgBouncer's port. For
 * TEST_DATABASE_URL it also sets TEST_DATABASE_ISOLATION=database: a search_path chosen at connect
 * time cannot survive transaction pooling, so each test file gets a database instead of a schema.
 */
import { spawn } from "node:child_process";
import { startPgbouncer } from "../../packages/adapters/test/support/pgbouncer.js";

const args = process.argv.slice(2);
let variable = "TEST_DATABASE_URL";
if (args[0] === "--env") {
  variable = args[1] ?? variable;
  args.splice(0, 2);
}
if (args.length === 0) {
  process.stderr.write("usage: withPgbouncer.ts [--env NAME] <command> [args...]\n");
  process.exit(2);
}
const fallback = `postgres://postgres@127.0.0.1:5432/${variable === "TEST_DATABASE_URL" ? "test" : "postgres"}`;
const upstream = process.env[variable] ?? fallback;
const bouncer = await startPgbouncer({ upstreamUrl: upstream, poolSize: 20 });
process.stdout.write(
  `pgbouncer (transaction mode) on 127.0.0.1:${bouncer.port} in front of ${new URL(upstream).host}: ${variable}=${bouncer.url}\n`,
);
const child = spawn(args[0] as string, args.slice(1), {
  stdio: "inherit",
  env: {
    ...process.env,
    [variable]: bouncer.url,
    ...(variable === "TEST_DATABASE_URL" ? { TEST_DATABASE_ISOLATION: "database" } : {}),
  },
});
const stopChild = (signal: NodeJS.Signals) => child.kill(signal);
process.once("SIGINT", stopChild);
process.once("SIGTERM", stopChild);
const code = await new Promise<number>((resolve) => child.once("exit", (c, s) => resolve(c ?? (s === null ? 1 : 130))));
await bouncer.dispose();
process.exit(code);
