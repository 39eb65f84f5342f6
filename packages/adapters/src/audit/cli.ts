// `make audit`: checks a database against every invariant, one line per violation, exit 1 if any,
// exit 2 if it could not run (the embedded DATA_DIR is open in a running server, say).
// Real mode: DATABASE_URL. Embedded mode: DATA_DIR (refused while `make run` has it open: PGlite is single-process).
import { type EnvTable, formatHelp, wantsHelp } from "../cli/formatHelp.js";
import { connectPostgres } from "../postgres/connectPostgres.js";
import { DataDirInUseError } from "../postgres/lockDataDir.js";
import { openEmbeddedDatabase } from "../postgres/openEmbeddedDatabase.js";
import type { SqlRunner } from "../postgres/SqlRunner.js";
import { AUDIT_CHECKS, auditDatabase, awaitingRelease } from "./auditDatabase.js";

const SHOWN_IDS = 20;

/** What the audit reads; `--help` prints it. */
const AUDIT_ENV = {
  DATABASE_URL: { meaning: "postgres://... to audit; unset: the embedded database in DATA_DIR" },
  DATA_DIR: { default: "./.data", meaning: "embedded data folder (refused while a server has it open)" },
  SWEEP_INTERVAL_SECONDS: {
    default: 30,
    meaning: "grace after the last sweep's start before an overdue pending order is a violation",
  },
} as const satisfies EnvTable;

if (wantsHelp(process.argv.slice(2))) {
  process.stdout.write(
    formatHelp(
      "usage: make audit   (node --conditions=development --import tsx packages/adapters/src/audit/cli.ts)\n" +
        "Checks a database against every invariant: one line per violation; exit 0 clean, 1 violations, 2 could not run.",
      AUDIT_ENV,
    ),
  );
  process.exit(0);
}

const url = process.env.DATABASE_URL;
const dataDir = process.env.DATA_DIR || AUDIT_ENV.DATA_DIR.default;
const sweepIntervalSeconds = Number(process.env.SWEEP_INTERVAL_SECONDS || AUDIT_ENV.SWEEP_INTERVAL_SECONDS.default);
if (!Number.isFinite(sweepIntervalSeconds) || sweepIntervalSeconds < 0) {
  console.error("SWEEP_INTERVAL_SECONDS must be a non-negative number of seconds");
  process.exit(2);
}

let db: SqlRunner | undefined;
try {
  db =
    url !== undefined && url !== ""
      ? connectPostgres({ connectionString: url, max: 1, connectionTimeoutMillis: 5000 })
      : await openEmbeddedDatabase(dataDir);
  const violations = await auditDatabase(db, { sweepIntervalSeconds });
  for (const v of violations) console.log(`VIOLATION ${v.check}: ${v.message}`);
  const waiting = await awaitingRelease(db, { sweepIntervalSeconds });
  if (waiting.orders.length > 0) {
    const ids = waiting.orders.slice(0, SHOWN_IDS).map((o) => o.id);
    const more = waiting.orders.length > SHOWN_IDS ? ` and ${waiting.orders.length - SHOWN_IDS} more` : "";
    const since =
      waiting.lastSweepStartedAt === null
        ? "no expiry sweep has been recorded"
        : `no expiry sweep has run since they expired (last one started ${waiting.lastSweepStartedAt.toISOString()})`;
    console.log(
      `INFO awaiting release: ${waiting.orders.length} pending orders past their deadline, ${since}; the worker releases them at its next sweep (make run sweeps at start): orders ${ids.join(", ")}${more}`,
    );
  }
  console.log(
    `audit ${violations.length === 0 ? "passed" : "FAILED"}: ${AUDIT_CHECKS.length} checks, ${violations.length} violations (${url ? "postgres" : `embedded ${dataDir}`})`,
  );
  process.exitCode = violations.length === 0 ? 0 : 1;
} catch (error) {
  // The lock's message is already the one line to print.
  const reason = error instanceof Error ? error.message : String(error);
  console.error(error instanceof DataDirInUseError ? reason : `audit could not run: ${reason}`);
  process.exitCode = 2;
} finally {
  await db?.close();
}
