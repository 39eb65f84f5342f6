// Chaos step 7: the final audit once every reservation has expired, and the oversell, leak and scarce-stock checks.
import { auditDatabase, type SqlRunner } from "@orders/adapters";
import { check, log } from "./checks.js";
import { SCARCE_PRODUCT, SCARCE_STOCK, SWEEP_SECONDS, SWEEP_SLACK_SECONDS } from "./settings.js";

/** What the summary line reports from the database. */
export interface FinalFacts {
  readonly orders: string | undefined;
  readonly oversold: number;
  readonly leaked: number;
}

export async function finalChecks(db: SqlRunner): Promise<FinalFacts> {
  const violations = await auditDatabase(db, { sweepIntervalSeconds: SWEEP_SECONDS + SWEEP_SLACK_SECONDS });
  for (const v of violations.slice(0, 10)) log(`  VIOLATION ${v.check}: ${v.message}`);
  check(violations.length === 0, "final audit passes", `${violations.length} violations`);

  const [facts] = await db.query<{
    orders: string;
    oversold: string;
    reserved: string;
    pending: string;
    live: string;
  }>(
    `SELECT (SELECT count(*) FROM orders) AS orders,
            (SELECT coalesce(sum(greatest(0, reserved - on_hand) + greatest(0, -on_hand)), 0) FROM warehouse_stock) AS oversold,
            (SELECT coalesce(sum(reserved), 0) FROM warehouse_stock) AS reserved,
            (SELECT count(*) FROM orders WHERE status = 'pending') AS pending,
            (SELECT coalesce(sum(i.quantity), 0) FROM order_items i JOIN orders o ON o.id = i.order_id
              WHERE o.status = 'pending' AND o.expires_at > now()) AS live`,
    [],
  );
  const leaked = Number(facts?.reserved ?? 0) - Number(facts?.live ?? 0);
  const oversold = Number(facts?.oversold ?? 0);
  await checkScarceProduct(db);
  check(oversold === 0, "oversold units = 0");
  check(leaked === 0, "leaked reservations = 0", `${facts?.pending} pending orders, ${facts?.reserved} units reserved`);
  return { orders: facts?.orders, oversold, leaked };
}

/** Paid units of the scarce product never exceed its stock, and paid + on hand is that stock. */
async function checkScarceProduct(db: SqlRunner): Promise<void> {
  const [scarce] = await db.query<{ paid: string; on_hand: string }>(
    `SELECT (SELECT coalesce(sum(i.quantity), 0) FROM order_items i JOIN orders o ON o.id = i.order_id
              WHERE o.status = 'paid' AND i.product_id = $1) AS paid,
            (SELECT sum(on_hand) FROM warehouse_stock WHERE product_id = $1) AS on_hand`,
    [SCARCE_PRODUCT],
  );
  const scarcePaid = Number(scarce?.paid ?? Number.NaN);
  log(`  scarce product: ${scarcePaid} units paid, ${scarce?.on_hand} on hand, ${SCARCE_STOCK} at the start`);
  check(
    scarcePaid <= SCARCE_STOCK && scarcePaid + Number(scarce?.on_hand) === SCARCE_STOCK,
    "scarce product: paid units <= initial stock, and paid + on hand = initial stock",
  );
}
