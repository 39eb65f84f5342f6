import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "./startServer.js";

const run = promisify(execFile);
const FIXTURE = fileURLToPath(new URL("./fixtures/seed-readme-curls.sh", import.meta.url));
const SEED_README = fileURLToPath(new URL("../../../docs/original-go-service-README.md", import.meta.url));

/** The commands of the fixture: blocks separated by blank lines, comments dropped. */
function commands(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block.startsWith("curl"));
}

const fixtureText = readFileSync(FIXTURE, "utf8");

describe("the original README's curl commands against the embedded server", () => {
  let dataDir: string;
  let home: string;
  let server: RunningServer;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "orders-e2e-"));
    // curl reads ~/.curlrc: that is where the status code output goes, so the commands stay as printed.
    home = mkdtempSync(join(tmpdir(), "orders-e2e-home-"));
    writeFileSync(join(home, ".curlrc"), '--silent\n--show-error\n--write-out "\\n%{http_code}"\n');
    server = await startServer({ DATA_DIR: dataDir });
  }, 120_000);

  afterAll(async () => {
    if (server?.process.exitCode === null) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  /** Runs one command with bash and the real curl; answers status and parsed JSON body. */
  async function curl(command: string, substitutions: Record<string, string>) {
    let text = command.replaceAll("localhost:8085", `localhost:${server.port}`);
    for (const [from, to] of Object.entries(substitutions)) text = text.replaceAll(from, to);
    const { stdout } = await run("bash", ["-c", text], { env: { PATH: process.env.PATH ?? "", HOME: home } });
    const cut = stdout.lastIndexOf("\n");
    return { status: Number(stdout.slice(cut + 1)), json: JSON.parse(stdout.slice(0, cut)) };
  }

  it("keeps the six commands, verbatim from the original README (docs/original-go-service-README.md)", () => {
    const cmds = commands(fixtureText);
    expect(cmds).toHaveLength(6);
    const readme = readFileSync(SEED_README, "utf8");
    const blocks = [...readme.matchAll(/```curl\n([\s\S]*?)```/g)].map((m) => (m[1] ?? "").trim());
    expect(cmds).toEqual(blocks);
  });

  it("runs every command with curl, in order, and each succeeds with the documented JSON", async () => {
    const [login, products, checkout, pay, transfer, updateStatus] = commands(fixtureText);
    const loggedIn = await curl(login ?? "", {});
    expect(loggedIn.status).toBe(200);
    expect(loggedIn.json).toMatchObject({ token: expect.any(String), token_type: "Bearer", expires_in: 3600 });
    const token = String(loggedIn.json.token);

    const listed = await curl(products ?? "", { "<TOKEN>": token });
    expect(listed.status).toBe(200);
    expect(listed.json[0]).toEqual({
      id: 1,
      sku: expect.any(String),
      name: expect.any(String),
      price_cents: expect.any(Number),
      currency: "IDR",
      status: "active",
      low_stock_threshold: 0,
      version: 1,
      available: expect.any(Number),
    });

    // curl -d sends these bodies as application/x-www-form-urlencoded; they must still be read as JSON.
    const placed = await curl(checkout ?? "", { "<TOKEN>": token });
    expect(placed.status).toBe(201);
    expect(placed.json).toMatchObject({
      order_id: expect.any(Number),
      status: "pending",
      total_cents: expect.any(Number),
    });
    expect(placed.json.items).toEqual([
      { product_id: 1, warehouse_id: expect.any(Number), quantity: 2, unit_price_cents: expect.any(Number) },
    ]);

    const paid = await curl(pay ?? "", { "<TOKEN>": token, '"order_id":1': `"order_id":${placed.json.order_id}` });
    expect(paid.status).toBe(200);
    expect(paid.json).toMatchObject({ order_id: placed.json.order_id, status: "paid" });

    const moved = await curl(transfer ?? "", { "<TOKEN>": token });
    expect(moved.status).toBe(200);
    expect(moved.json).toEqual({
      transfer_id: expect.any(Number),
      from_warehouse_id: 1,
      to_warehouse_id: 2,
      product_id: 1,
      quantity: 5,
    });

    const activated = await curl(updateStatus ?? "", { "<TOKEN>": token, "{id}": "2" });
    expect(activated.status).toBe(200);
    expect(activated.json).toMatchObject({ id: 2, status: "active" });
  }, 60_000);

  it("keeps its JWT secret in DATA_DIR with mode 0600", () => {
    expect(statSync(join(dataDir, "jwt-secret")).mode & 0o777).toBe(0o600);
  });

  it("stops on SIGTERM with exit code 0 within 10 s; a restart on the same DATA_DIR keeps the data and its in-process worker expires a reservation", async () => {
    const stopped = await server.stop("SIGTERM");
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(10_000);
    // Second start: a 1 s reservation, to watch the in-process worker release it.
    server = await startServer({ DATA_DIR: dataDir, RESERVATION_TTL_SECONDS: "1" });
    const login = commands(fixtureText)[0] ?? "";
    const { json } = await curl(login, {});
    const headers = { Authorization: `Bearer ${json.token}` };
    const orders = await fetch(`${server.base}/orders/1`, { headers });
    expect(orders.status).toBe(200);
    expect(await orders.json()).toMatchObject({ order_id: 1, status: "paid" });

    const placed = await fetch(`${server.base}/checkout`, {
      method: "POST",
      headers,
      body: JSON.stringify({ product_id: 2, quantity: 1 }),
    });
    const { order_id } = (await placed.json()) as { order_id: number };
    let status = "pending";
    for (let i = 0; i < 50 && status === "pending"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const order = await fetch(`${server.base}/orders/${order_id}`, { headers });
      status = ((await order.json()) as { status: string }).status;
    }
    expect(status).toBe("expired");
    // The embedded worker shares the registry, so its release metrics are on the same /metrics.
    const metrics = await (await fetch(`${server.base}/metrics`)).text();
    expect(metrics).toMatch(/orders_reservations_released_total\{source="timer"\} 1/);
    expect(metrics).toContain("http_request_duration_seconds_bucket");
    expect((await server.stop("SIGINT")).code).toBe(0);
  }, 120_000);
});
