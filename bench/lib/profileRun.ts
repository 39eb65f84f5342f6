// Reruns one scenario against one HTTP process under node --cpu-prof and logs where its self time goes.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { BenchServices } from "./benchServices.js";
import { firstMissedScenario } from "./goals.js";
import type { LoadRunner } from "./loadRunner.js";
import type { ScenarioResult } from "./measureScenarios.js";
import { SCENARIO_NAMES, type ScenarioName } from "./scenarios.js";
import { fmt, log, PROFILE } from "./settings.js";
import { type ProfileSummary, summarizeCpuProfile } from "./summarizeCpuProfile.js";

export interface ProfileOutcome {
  readonly scenario: ScenarioName;
  readonly summary: ProfileSummary;
  readonly file: string;
}

/**
 * A profile of the first missed throughput/latency scenario (PROFILE=auto), of hot checkout
 * (always), or of the scenario PROFILE names.
 */
export async function profileIfWanted(
  results: readonly ScenarioResult[],
  services: BenchServices,
  loads: LoadRunner,
  workDir: string,
): Promise<ProfileOutcome | undefined> {
  const named = SCENARIO_NAMES.find((s) => s === PROFILE);
  const profileScenario: ScenarioName | undefined =
    named ??
    (PROFILE === "never"
      ? undefined
      : (firstMissedScenario(results) ?? (PROFILE === "always" ? "checkout_hot" : undefined)));
  if (profileScenario === undefined) return undefined;
  log(`\n--- CPU profile of one HTTP process under ${profileScenario} ---`);
  const profileDir = join(workDir, "profile");
  const service = await services.start(1, ["--cpu-prof", `--cpu-prof-dir=${profileDir}`]);
  await loads.runScenario(profileScenario, service.urls, 1);
  await services.stop(service);
  const file = readdirSync(profileDir).find((f) => f.endsWith(".cpuprofile"));
  if (file === undefined) {
    log("no .cpuprofile was written (did the process exit cleanly?)");
    return undefined;
  }
  const summary = summarizeCpuProfile(join(profileDir, file));
  log(`self time by area (of ${summary.totalMs} ms sampled):`);
  for (const a of summary.areas.slice(0, 10)) log(`  ${fmt(a.share * 100, 1).padStart(5)}%  ${a.name}`);
  log("top functions by self time:");
  for (const f of summary.functions.slice(0, 12)) log(`  ${fmt(f.share * 100, 1).padStart(5)}%  ${f.name}`);
  return { scenario: profileScenario, summary, file: join(profileDir, file) };
}
