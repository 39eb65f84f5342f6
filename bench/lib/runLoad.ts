// Drives one or more HTTP processes with autocannon and reduces the run to a LoadResult.
import autocannon from "autocannon";

export interface LoadOptions {
  readonly title: string;
  /** One or more base URLs (one per HTTP process); connections are shared out equally. */
  readonly urls: readonly string[];
  readonly connections: number;
  readonly seconds: number;
  readonly requests: autocannon.Request[];
}

export interface LoadResult {
  readonly title: string;
  readonly seconds: number;
  readonly requests: number;
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Socket errors and timeouts (no response at all). */
  readonly errors: number;
  readonly timeouts: number;
  /** Sent but not answered when the run ended (a stall shows here, not as a timeout). */
  readonly unanswered: number;
  readonly non2xx: number;
  readonly status5xx: number;
  readonly statusCounts: Readonly<Record<string, number>>;
}

/**
 * Drives the service over loopback from the calling process (bench/lib/loadProcess.ts). Several
 * URLs (one per HTTP process) get one autocannon instance each, running at once with an equal
 * share of the connections; their
 * figures are combined: throughput and counts add up, each latency percentile is the worse of the
 * two (an upper bound, never flattering). One instance per URL rather than autocannon's own
 * round robin over a URL array, which stalled intermittently in this bench.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const share = Math.ceil(options.connections / options.urls.length);
  const parts = await Promise.all(options.urls.map((url) => runOne({ ...options, urls: [url], connections: share })));
  const sum = (pick: (r: LoadResult) => number) => parts.reduce((total, r) => total + pick(r), 0);
  const worst = (pick: (r: LoadResult) => number) => Math.max(...parts.map(pick));
  const statusCounts: Record<string, number> = {};
  for (const part of parts) {
    for (const [code, count] of Object.entries(part.statusCounts))
      statusCounts[code] = (statusCounts[code] ?? 0) + count;
  }
  return {
    title: options.title,
    seconds: worst((r) => r.seconds),
    requests: sum((r) => r.requests),
    reqPerSec: sum((r) => r.reqPerSec),
    p50Ms: worst((r) => r.p50Ms),
    p90Ms: worst((r) => r.p90Ms),
    p99Ms: worst((r) => r.p99Ms),
    maxMs: worst((r) => r.maxMs),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    unanswered: sum((r) => r.unanswered),
    non2xx: sum((r) => r.non2xx),
    status5xx: sum((r) => r.status5xx),
    statusCounts,
  };
}

/** One autocannon run against one URL, summarized. */
async function runOne(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    title: options.title,
    url: options.urls[0] ?? "",
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
    requests: options.requests,
  });
  const statusCounts: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCounts[code] = stats.count ?? 0;
  const completed = Object.values(statusCounts).reduce((a, b) => a + b, 0);
  return {
    title: options.title,
    seconds: result.duration,
    requests: completed,
    reqPerSec: completed / result.duration,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    unanswered: Math.max(0, result.requests.sent - completed - result.errors),
    non2xx: result.non2xx,
    status5xx: result["5xx"],
    statusCounts,
  };
}
