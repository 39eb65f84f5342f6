// Runs each load with wrk (bench/lib/runLoad.ts) and logs one line per scenario.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type LoadFiles, type LoadResult, runLoad } from "./runLoad.js";
import type { Fixture, ScenarioName } from "./scenarios.js";
import { CONNECTIONS, fmt, log, SECONDS, WARMUP_SECONDS } from "./settings.js";

/** wrk is its own process per run, so no client state carries over from one scenario to the next. */
export class LoadRunner {
  private readonly files: LoadFiles;

  /** Writes the customers' tokens and emails to `workDir`, one a line, for the wrk script. */
  constructor(workDir: string, fixture: Fixture) {
    const tokensFile = join(workDir, "tokens.txt");
    const emailsFile = join(workDir, "emails.txt");
    writeFileSync(tokensFile, `${fixture.tokens.join("\n")}\n`);
    writeFileSync(emailsFile, `${fixture.emails.join("\n")}\n`);
    this.files = { tokensFile, emailsFile, password: fixture.password };
  }

  /** Warms the JIT and the pools before measuring (checkout then pay, unmeasured). */
  async warmUp(urls: readonly string[]): Promise<void> {
    await runLoad({
      scenario: "checkout_pay",
      urls,
      connections: CONNECTIONS,
      seconds: WARMUP_SECONDS,
      files: this.files,
    });
  }

  async runScenario(
    scenario: ScenarioName,
    urls: readonly string[],
    httpCount: number,
    connections = CONNECTIONS,
    seconds = SECONDS,
  ): Promise<LoadResult & { paid: number }> {
    const result = await runLoad({ scenario, urls, connections, seconds, files: this.files });
    // In checkout_pay a 200 only answers a pay (checkout answers 201).
    const paid = scenario === "checkout_pay" ? (result.statusCounts["200"] ?? 0) : 0;
    log(
      `${scenario.padEnd(16)} http x${httpCount}, ${String(connections).padStart(2)} conns: ${fmt(result.reqPerSec)} req/s, p50 ${fmt(result.p50Ms, 1)} ms, p99 ${fmt(result.p99Ms, 1)} ms, errors ${result.errors}, unanswered at the end ${result.unanswered}, non-2xx ${result.non2xx}, 5xx ${result.status5xx}, statuses ${JSON.stringify(result.statusCounts)}${scenario === "checkout_pay" ? `, paid ${paid}` : ""}; wrk CPU ${fmt(result.loadCores, 2)} cores (${fmt(result.loadCpuShare * 100, 1)}% of the machine)`,
    );
    return { ...result, paid };
  }
}
