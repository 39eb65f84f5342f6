// Prints the run's closing lines, summed over every package's vitest JSON report
// (.test-results/<package>.json): the name and first message line of each failed test, then
// "N passed, N failed, N skipped". Fails when a package left no report, a test failed, or nothing
// ran at all. `make test` runs it even when a suite failed, so the end of a CI log names the failure.
import { readFileSync } from "node:fs";
import { relative } from "node:path";

const packages = ["domain", "adapters", "process", "app-http", "app-worker"];
let passed = 0;
let failed = 0;
let skipped = 0;
let missing = false;
for (const name of packages) {
  let report;
  try {
    report = JSON.parse(readFileSync(`.test-results/${name}.json`, "utf8"));
  } catch {
    console.error(`no test report from ${name} (.test-results/${name}.json)`);
    missing = true;
    continue;
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  for (const file of report.testResults) {
    const path = relative(process.cwd(), file.name);
    const failures = file.assertionResults.filter((test) => test.status === "failed");
    // A file that failed outside any test (an import error, a failing hook) has only its own message.
    if (failures.length === 0 && file.status === "failed") console.error(`FAILED ${path}: ${firstLine(file.message)}`);
    for (const test of failures) {
      console.error(`FAILED ${path} > ${test.fullName}: ${firstLine(test.failureMessages[0])}`);
    }
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = missing || failed > 0 || passed === 0 ? 1 : 0;

function firstLine(text) {
  return (text ?? "").split("\n")[0].slice(0, 300);
}
