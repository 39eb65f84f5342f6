import autocannon from "autocannon";

export interface LoadOptions {
  readonly title: string;
  /** One or more base URLs; connections are spread over them round robin. */
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

/** One autocannon run in this process (the service runs in other processes), summarized. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    title: options.title,
    // autocannon takes an array of URLs (round robin per connection); its typings say string only.
    url: options.urls as unknown as string,
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
