import type { Reporter, TestModule } from "vitest/node";
import { NEEDS_SERVER_TAG } from "./servers.js";

/** Prints one line naming the suites skipped because their server was not configured. */
export class SkippedServersReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped: string[] = [];
    for (const module of testModules) {
      for (const suite of module.children.allSuites()) {
        if (suite.name.includes(NEEDS_SERVER_TAG) && suite.state() === "skipped") skipped.push(suite.name);
      }
    }
    if (skipped.length > 0) {
      console.log(`\nSkipped ${skipped.length} suite(s), no server configured: ${skipped.join("; ")}\n`);
    }
  }
}
