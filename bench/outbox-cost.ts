// `make bench-events`, part 1: what the outbox triggers cost checkout. The adapters' one-statement
// checkout (the pgbench script `make bench` uses as its limit) runs with the triggers of migration
// 006 and without them (dropped, everything else the same), alternating, hot SKU and spread.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectPostgres, migrate } from "@orders/adapters";
import { checkoutPgbenchScript } from "./lib/checkoutPgbenchScript.js";
import { loadBenchDataset } from "./lib/loadBenchDataset.js";
import { runPgbench } from "./lib/runPgbench.js";
import { HOT_PRODUCT, HOT_WAREHOUSE, PRODUCTS } from "./lib/scenarios.js";
import { createScratchDatabase } from "./lib/scratchDatabase.js";
import { ADMIN_URL, CONNECTIONS, CUSTOMERS, fmt, log, SECONDS, STOCK_PER_ROW, WAREHOUSES } from "./lib/settings.js";

const TRIGGERS = [
  "orders_emit_created ON orders",
  "orders_emit_closed ON orders",
  "warehouse_stock_check_low ON warehouse_stock",
  "stock_movements_emit ON stock_movements",
] as const;

export async function measureOutboxCost(rounds = 2): Promise<string> {
  const scratch = await createScratchDatabase(ADMIN_URL, "bench_outbox");
  const db = connectPostgres({ connectionString: scratch.url, max: 2 });
  const rows: string[] = [];
  try {
    await migrate(db);
    await loadBenchDataset(db, {
      products: PRODUCTS,
      customers: CUSTOMERS,
      warehouses: WAREHOUSES,
      stockPerRow: STOCK_PER_ROW,
    });
    const scriptFile = join(tmpdir(), `outbox-checkout-${process.pid}.sql`);
    writeFileSync(scriptFile, await checkoutPgbenchScript());
    const run = async (label: string, pid: [number, number]) => {
      const result = await runPgbench({
        url: scratch.url,
        scriptFile,
        clients: CONNECTIONS,
        threads: 2,
        seconds: SECONDS,
        variables: {
          pid_lo: pid[0],
          pid_hi: pid[1],
          wid_lo: HOT_WAREHOUSE,
          wid_hi: HOT_WAREHOUSE,
          uid_hi: CUSTOMERS,
          ttl: 300,
        },
      });
      const line = `| ${label.padEnd(26)} | ${fmt(result.tps).padStart(6)} tx/s | ${fmt(result.p50Ms, 1).padStart(6)} | ${fmt(result.p99Ms, 1).padStart(6)} |`;
      log(line);
      rows.push(line);
      return result.tps;
    };
    const totals = { on: { hot: 0, spread: 0 }, off: { hot: 0, spread: 0 } };
    for (let round = 1; round <= rounds; round += 1) {
      for (const mode of ["on", "off"] as const) {
        if (mode === "off")
          for (const t of TRIGGERS)
            await db.query(`ALTER TABLE ${t.split(" ON ")[1]} DISABLE TRIGGER ${t.split(" ON ")[0]}`, []);
        totals[mode].hot += await run(`hot SKU, outbox ${mode} (${round})`, [HOT_PRODUCT, HOT_PRODUCT]);
        totals[mode].spread += await run(`spread, outbox ${mode} (${round})`, [1, PRODUCTS]);
        if (mode === "off")
          for (const t of TRIGGERS)
            await db.query(`ALTER TABLE ${t.split(" ON ")[1]} ENABLE TRIGGER ${t.split(" ON ")[0]}`, []);
      }
    }
    const ratio = (k: "hot" | "spread") => fmt((totals.on[k] / totals.off[k]) * 100, 0);
    const [events] = await db.query<{ n: unknown }>("SELECT count(*) AS n FROM events", []);
    const summary = `outbox on / off: hot SKU ${ratio("hot")}%, spread ${ratio("spread")}% (${CONNECTIONS} clients, ${SECONDS} s each, ${rounds} rounds; ${events?.n} events written)`;
    log(summary);
    return [`| run | throughput | p50 ms | p99 ms |`, `| --- | ---: | ---: | ---: |`, ...rows, "", summary].join("\n");
  } finally {
    await db.close();
    await scratch.drop();
  }
}
