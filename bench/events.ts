// `make bench-events`: the outbox's cost on checkout and webhook delivery throughput; writes
// bench/results/events-<timestamp>.md. Own scratch databases; PostgreSQL at BENCH_DATABASE_URL.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { measureDelivery } from "./event-delivery.js";
import { ROOT } from "./lib/settings.js";
import { measureOutboxCost } from "./outbox-cost.js";

const cost = await measureOutboxCost();
const delivery = await measureDelivery();
const file = join(ROOT, "bench/results", `events-${new Date().toISOString().replace(/[:.]/g, "-")}.md`);
writeFileSync(
  file,
  `# Events bench\n\n## Outbox cost on checkout (pgbench)\n\n${cost}\n\n## Delivery\n\n${delivery}\n`,
);
process.stdout.write(`wrote ${file}\n`);
