import { defineConfig } from "vitest/config";
import { SkippedServersReporter } from "../adapters/test/support/SkippedServersReporter.js";

export default defineConfig({
  resolve: { conditions: ["development"] },
  ssr: { resolve: { conditions: ["development"] } },
  test: {
    include: ["test/**/*.test.ts"],
    // Checks every answer each test file received against /openapi.json (see the file).
    setupFiles: ["test/openApiDrift.ts"],
    reporters: ["default", "json", new SkippedServersReporter()],
    outputFile: { json: "../../.test-results/app-http.json" },
  },
});
