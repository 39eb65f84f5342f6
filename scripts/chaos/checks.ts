// The chaos run's bookkeeping: PASS/FAIL checks, step phases, waiting, and counting request records.
import type { SqlRunner } from "@orders/adapters";
import type { RequestRecord } from "./LoadDriver.js";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const log = (line: string) => process.stdout.write(`${line}\n`);

/** The checks that failed so far, by what they check. */
export const failures: string[] = [];
/** Where each step began, to break the requests down by step at the end. */
export const phases: { name: string; from: number }[] = [];
export const phase = (name: string) => phases.push({ name, from: Date.now() });

export function check(ok: boolean, what: string, detail = ""): boolean {
  log(`  ${ok ? "PASS" : "FAIL"} ${what}${detail === "" ? "" : ` (${detail})`}`);
  if (!ok) failures.push(what);
  return ok;
}

/** Polls `test` every 100 ms; the milliseconds it took, or null (and a log line) after `timeoutMs`. */
export async function waitFor(what: string, timeoutMs: number, test: () => Promise<boolean>): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await test().catch(() => false)) return Date.now() - started;
    await sleep(100);
  }
  log(`  (gave up waiting for ${what} after ${timeoutMs} ms)`);
  return null;
}

export const between = (records: readonly RequestRecord[], from: number, to: number) =>
  records.filter((r) => r.startedAt >= from && r.startedAt < to);
export const countBy = <T>(records: readonly T[], key: (r: T) => string) => {
  const counts: Record<string, number> = {};
  for (const r of records) counts[key(r)] = (counts[key(r)] ?? 0) + 1;
  return counts;
};

/** Pending orders whose reservation expired more than `olderThanSeconds` ago. */
export async function overdueCount(db: SqlRunner, olderThanSeconds: number): Promise<number> {
  const [row] = await db.query<{ n: string }>(
    "SELECT count(*) AS n FROM orders WHERE status = 'pending' AND expires_at < now() - make_interval(secs => $1)",
    [olderThanSeconds],
  );
  return Number(row?.n ?? 0);
}
