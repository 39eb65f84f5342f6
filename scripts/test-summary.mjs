// Prints the run's closing line, "N passed, N failed, N skipped", summed over every package's
// vitest JSON report (.test-results/<package>.json), and fails when a package left no report,
// a test failed, or nothing ran at all.
import { readFileSync } from "node:fs";

const packages = ["domain", "adapters", "process", "app-http", "app-worker"];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of packages) {
  let report;
  try {
    report = JSON.parse(readFileSync(`.test-results/${name}.json`, "utf8"));
  } catch {
    console.error(`no test report from ${name} (.test-results/${name}.json)`);
    process.exit(1);
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
