// Child process entry: runs one scenario's load from a job file and prints its result as one JSON line.
/**
 * One load run in its own process: `node --conditions=development --import tsx bench/lib/loadProcess.ts <job.json>`.
 * The job file holds a LoadJob (the fixture's tokens are too many for argv). Prints one JSON line,
 * a LoadProcessOutput, to stdout. bench/lib/loadRunner.ts starts one per scenario, so no autocannon or HTTP
 * client state carries over from one scenario to the next.
 */
import { readFileSync } from "node:fs";
import { type LoadResult, runLoad } from "./runLoad.js";
import { type Fixture, requestsFor, type ScenarioCounters, type ScenarioName } from "./scenarios.js";

export interface LoadJob {
  readonly scenario: ScenarioName;
  readonly urls: readonly string[];
  readonly connections: number;
  readonly seconds: number;
  readonly fixture: Fixture;
}

export interface LoadProcessOutput {
  readonly result: LoadResult;
  readonly counters: ScenarioCounters;
}

const jobFile = process.argv[2];
if (jobFile === undefined) throw new Error("usage: loadProcess.ts <job.json>");
const job = JSON.parse(readFileSync(jobFile, "utf8")) as LoadJob;
const counters: ScenarioCounters = { paid: 0, checkoutFailed: 0 };
const result = await runLoad({
  title: job.scenario,
  urls: job.urls,
  connections: job.connections,
  seconds: job.seconds,
  requests: requestsFor(job.scenario, job.fixture, counters),
});
const output: LoadProcessOutput = { result, counters };
process.stdout.write(`${JSON.stringify(output)}\n`);
