// Runs the invariant audit on the bench database and logs whether it passed.
import { auditDatabase, type SqlRunner } from "@orders/adapters";
import { log, SWEEP_INTERVAL_SECONDS } from "./settings.js";

export interface AuditOutcome {
  readonly count: number;
  readonly sample: string[];
}

export async function audit(db: SqlRunner, label: string): Promise<AuditOutcome> {
  const violations = await auditDatabase(db, { sweepIntervalSeconds: SWEEP_INTERVAL_SECONDS });
  const sample = violations.slice(0, 5).map((v) => `${v.check}: ${v.message}`);
  log(`  audit after ${label}: ${violations.length === 0 ? "passed" : `FAILED, ${violations.length} violations`}`);
  for (const line of sample) log(`    ${line}`);
  return { count: violations.length, sample };
}
