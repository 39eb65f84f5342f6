import { describe, expect, it } from "vitest";
// The README quotes this file; running it here keeps the README's example from rotting.
import { main } from "../examples/quick-start.js";
import source from "../examples/quick-start.ts?raw";
import readme from "../README.md?raw";

describe("README quick start (examples/quick-start.ts)", () => {
  it("checks out and pays on the in-memory ports", async () => {
    await expect(main()).resolves.toEqual({
      customerId: 1,
      orderId: 1,
      status: "paid",
      totalCents: 750,
      available: 7,
    });
  });

  it("is quoted in the README exactly as it runs", () => {
    expect(readme).toContain(`\`\`\`ts\n${source}\`\`\``);
  });
});
