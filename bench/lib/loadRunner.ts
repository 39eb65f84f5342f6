// Runs each load in a fresh child process (bench/lib/loadProcess.ts) and logs one line per scenario.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LoadJob, LoadProcessOutput } from "./loadProcess.js";
import type { LoadResult } from "./runLoad.js";
import type { Fixture, ScenarioName } from "./scenarios.js";
import { CONNECTIONS, fmt, log, ROOT, SECONDS, WARMUP_SECONDS } from "./settings.js";

// Each load run in a fresh process (issue 6: a separate load generator), so no autocannon or
// HTTP client state carries over from one scenario to the next.
export class LoadRunner {
  private jobs = 0;

  constructor(
    private readonly workDir: string,
    private readonly fixture: Fixture,
  ) {}

  async runLoadProcess(job: LoadJob): Promise<LoadProcessOutput> {
    const jobFile = join(this.workDir, `load-${++this.jobs}-${job.scenario}.json`);
    writeFileSync(jobFile, JSON.stringify(job));
    const child = spawn(
      process.execPath,
      ["--conditions=development", "--import", "tsx", join(ROOT, "bench/lib/loadProcess.ts"), jobFile],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      // "close", not "exit": stdout is fully read by then.
      child.once("close", resolve);
    });
    const line = stdout.trim().split("\n").at(-1) ?? "";
    if (code !== 0 || line === "") throw new Error(`load process for ${job.scenario} exited ${code}: ${stdout}`);
    return JSON.parse(line) as LoadProcessOutput;
  }

  /** Warms the JIT and the pools before measuring (checkout then pay, unmeasured). */
  async warmUp(urls: readonly string[]): Promise<void> {
    await this.runLoadProcess({
      scenario: "checkout_pay",
      urls,
      connections: CONNECTIONS,
      seconds: WARMUP_SECONDS,
      fixture: this.fixture,
    });
  }

  async runScenario(
    scenario: ScenarioName,
    urls: readonly string[],
    httpCount: number,
    seconds = SECONDS,
  ): Promise<LoadResult & { paid: number }> {
    const { result, counters } = await this.runLoadProcess({
      scenario,
      urls,
      connections: CONNECTIONS,
      seconds,
      fixture: this.fixture,
    });
    log(
      `${scenario.padEnd(16)} http x${httpCount}: ${fmt(result.reqPerSec)} req/s, p50 ${fmt(result.p50Ms, 1)} ms, p99 ${fmt(result.p99Ms, 1)} ms, errors ${result.errors}, unanswered at the end ${result.unanswered}, non-2xx ${result.non2xx}, 5xx ${result.status5xx}, statuses ${JSON.stringify(result.statusCounts)}${scenario === "checkout_pay" ? `, paid ${counters.paid}` : ""}`,
    );
    return { ...result, paid: counters.paid };
  }
}
