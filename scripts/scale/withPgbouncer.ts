// Runs a command with TEST_DATABASE_URL pointing at a private PgBouncer (transaction mode) in front of the test server.
import { spawn } from "node:child_process";
import { startPgbouncer } from "../../packages/adapters/test/support/pgbouncer.js";

const command = process.argv.slice(2);
if (command.length === 0) {
  process.stderr.write("usage: withPgbouncer.ts <command> [args...]\n");
  process.exit(2);
}
const upstream = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const bouncer = await startPgbouncer({
  upstreamUrl: upstream,
  poolSize: 20,
});
process.stdout.write(
  `pgbouncer (transaction mode) on 127.0.0.1:${bouncer.port} in front of ${new URL(upstream).host}\n`,
);
const child = spawn(command[0] as string, command.slice(1), {
  stdio: "inherit",
  env: {
    ...process.env,
    TEST_DATABASE_URL: bouncer.url,
    // One database per test file: a search_path set at connect time cannot survive transaction pooling.
    TEST_DATABASE_ISOLATION: "database",
  },
});
const stopChild = (signal: NodeJS.Signals) => child.kill(signal);
process.once("SIGINT", stopChild);
process.once("SIGTERM", stopChild);
const code = await new Promise<number>((resolve) => child.once("exit", (c, s) => resolve(c ?? (s === null ? 1 : 130))));
await bouncer.dispose();
process.exit(code);
