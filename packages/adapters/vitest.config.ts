import { defineConfig } from "vitest/config";
import { SkippedServersReporter } from "./test/support/SkippedServersReporter.js";

export default defineConfig({
  resolve: { conditions: ["development"] },
  ssr: { resolve: { conditions: ["development"] } },
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "json", new SkippedServersReporter()],
    outputFile: { json: "../../.test-results/adapters.json" },
    // PGlite needs a few seconds to start on a busy 2-core machine.
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
