// `make audit`: checks a database against every invariant, one line per violation, exit 1 if any.
// Real mode: DATABASE_URL. Embedded mode: DATA_DIR (stop the embedded server first: PGlite is single-process).
import { connectPostgres } from "../postgres/connectPostgres.js";
import { openEmbeddedDatabase } from "../postgres/openEmbeddedDatabase.js";
import { AUDIT_CHECKS, auditDatabase } from "./auditDatabase.js";

const url = process.env.DATABASE_URL;
const dataDir = process.env.DATA_DIR ?? "./.data";
const sweepIntervalSeconds = Number(process.env.SWEEP_INTERVAL_SECONDS ?? "30");
if (!Number.isFinite(sweepIntervalSeconds) || sweepIntervalSeconds < 0) {
  console.error("SWEEP_INTERVAL_SECONDS must be a non-negative number of seconds");
  process.exit(2);
}

const db =
  url !== undefined && url !== ""
    ? connectPostgres({ connectionString: url, max: 1, connectionTimeoutMillis: 5000 })
    : await openEmbeddedDatabase(dataDir);
try {
  const violations = await auditDatabase(db, { sweepIntervalSeconds });
  for (const v of violations) console.log(`VIOLATION ${v.check}: ${v.message}`);
  console.log(
    `audit ${violations.length === 0 ? "passed" : "FAILED"}: ${AUDIT_CHECKS.length} checks, ${violations.length} violations (${url ? "postgres" : `embedded ${dataDir}`})`,
  );
  process.exitCode = violations.length === 0 ? 0 : 1;
} catch (error) {
  console.error(`audit could not run: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
} finally {
  await db.close();
}
