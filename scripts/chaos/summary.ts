// The chaos run's closing lines: the one-line summary, requests by step, and the failed checks.
import { between, countBy, failures, log, phases } from "./checks.js";
import type { ContentionRecord } from "./contentionStep.js";
import type { FinalFacts } from "./finalChecks.js";
import type { RequestRecord } from "./LoadDriver.js";
import { DEADLINE_SECONDS } from "./settings.js";

const statusKey = (r: { status: number; code: string | undefined }) =>
  r.status === 0 ? `${r.code}` : `${r.status}${r.code === undefined ? "" : ` ${r.code}`}`;

export function logSummary(
  records: readonly RequestRecord[],
  contentionRecords: readonly ContentionRecord[],
  facts: FinalFacts,
  runStartedAt: number,
): void {
  const sent = records.length;
  const by = (pred: (r: RequestRecord) => boolean) => records.filter(pred);
  const ok2xx = by((r) => r.status >= 200 && r.status < 300).length;
  const fourByCode = countBy(
    by((r) => r.status >= 400 && r.status < 500),
    (r) => `${r.status} ${r.code}`,
  );
  const fiveByCode = countBy(
    by((r) => r.status >= 500),
    (r) => `${r.status} ${r.code}`,
  );
  const noResponse = countBy(
    by((r) => r.status === 0),
    (r) => r.code ?? "?",
  );
  const five = by((r) => r.status >= 500).length;
  log(
    `\nchaos summary: requests ${sent}, 2xx ${ok2xx}, 4xx ${JSON.stringify(fourByCode)}, 5xx ${five} ${JSON.stringify(fiveByCode)}, no response ${JSON.stringify(noResponse)}, orders ${facts.orders}, oversold units ${facts.oversold}, leaked reservations ${facts.leaked}; checks failed: ${failures.length}; ${Math.round((Date.now() - runStartedAt) / 1000)} s of ${DEADLINE_SECONDS} s`,
  );
  for (const [i, p] of phases.entries()) {
    const to = phases[i + 1]?.from ?? Number.POSITIVE_INFINITY;
    log(`  ${p.name}: ${JSON.stringify(countBy(between(records, p.from, to), statusKey))}`);
  }
  log(`  6 contention: ${contentionRecords.length} requests, ${JSON.stringify(countBy(contentionRecords, statusKey))}`);
  if (failures.length > 0) log(`FAILED: ${failures.join("; ")}`);
}
