import { ADMIN_MOVEMENT_KINDS } from "@orders/domain";
import type { SqlRunner } from "../postgres/SqlRunner.js";

export interface Violation {
  /** Which invariant broke, e.g. `ledger_replay`. */
  readonly check: string;
  readonly message: string;
}

/** Pending orders past their deadline that no worker has had the chance to release yet. */
export interface AwaitingRelease {
  /** Start of the last completed expiry sweep, null when none was recorded. */
  readonly lastSweepStartedAt: Date | null;
  /** Oldest deadline first. */
  readonly orders: readonly { readonly id: number; readonly expiresAt: Date }[];
}

const iso = (value: unknown): string => (value instanceof Date ? value.toISOString() : String(value));

interface Check {
  readonly name: string;
  readonly sql: string;
  readonly describe: (row: Record<string, unknown>) => string;
}

const ADMIN_KINDS = ADMIN_MOVEMENT_KINDS.map((k) => `'${k}'`).join(", ");

/**
 * When migration 005 (who and why on every ledger row) was applied: rows written then or before
 * could not name an actor (the seed's opening stock is written in the same transaction).
 */
const ACTOR_COLUMNS_SINCE = `coalesce((SELECT applied_at FROM schema_migrations WHERE version = 5), '-infinity')`;

/** One query per invariant; each answers one row per violation. */
const CHECKS: readonly Check[] = [
  {
    name: "stock_bounds",
    sql: `SELECT warehouse_id, product_id, on_hand, reserved FROM warehouse_stock
          WHERE NOT (0 <= reserved AND reserved <= on_hand)`,
    describe: (r) =>
      `warehouse ${r.warehouse_id} product ${r.product_id}: on_hand ${r.on_hand}, reserved ${r.reserved} (need 0 <= reserved <= on_hand)`,
  },
  {
    name: "reserved_matches_pending_orders",
    sql: `WITH pending AS (
            SELECT i.warehouse_id, i.product_id, sum(i.quantity) AS quantity
            FROM order_items i JOIN orders o ON o.id = i.order_id
            WHERE o.status = 'pending' GROUP BY i.warehouse_id, i.product_id)
          SELECT warehouse_id, product_id, coalesce(s.reserved, 0) AS reserved, coalesce(p.quantity, 0) AS pending
          FROM warehouse_stock s FULL JOIN pending p USING (warehouse_id, product_id)
          WHERE coalesce(s.reserved, 0) <> coalesce(p.quantity, 0)`,
    describe: (r) =>
      `warehouse ${r.warehouse_id} product ${r.product_id}: reserved ${r.reserved}, but pending orders hold ${r.pending}`,
  },
  {
    // Overdue is a fault only once a worker had the chance to release the order: a completed sweep
    // started after its deadline (plus the grace). Data of a stopped server, or of one whose
    // worker never ran since, holds overdue orders that are awaiting release (awaitingRelease).
    name: "no_overdue_pending_orders",
    sql: `SELECT o.id, o.expires_at, s.started_at AS sweep_started_at
          FROM orders o CROSS JOIN worker_sweeps s
          WHERE o.status = 'pending' AND o.expires_at < s.started_at - make_interval(secs => $1)`,
    describe: (r) =>
      `order ${r.id} is still pending, its reservation expired at ${iso(r.expires_at)}, before the sweep of ${iso(r.sweep_started_at)} that should have released it`,
  },
  {
    name: "ledger_replay",
    sql: `WITH replay AS (
            SELECT warehouse_id, product_id, sum(on_hand_delta) AS on_hand, sum(reserved_delta) AS reserved
            FROM stock_movements GROUP BY warehouse_id, product_id)
          SELECT warehouse_id, product_id, s.on_hand, s.reserved,
                 r.on_hand AS ledger_on_hand, r.reserved AS ledger_reserved
          FROM warehouse_stock s FULL JOIN replay r USING (warehouse_id, product_id)
          WHERE coalesce(s.on_hand, 0) <> coalesce(r.on_hand, 0) OR coalesce(s.reserved, 0) <> coalesce(r.reserved, 0)`,
    describe: (r) =>
      `warehouse ${r.warehouse_id} product ${r.product_id}: stored on_hand ${r.on_hand ?? 0} reserved ${r.reserved ?? 0}, ledger replays to on_hand ${r.ledger_on_hand ?? 0} reserved ${r.ledger_reserved ?? 0}`,
  },
  {
    // What each kind may do to a row: a reservation only moves reserved, a sale both, operator
    // moves only on_hand; a receive row adds units and names its receipt, in the receipt's warehouse.
    name: "movement_shape",
    sql: `SELECT m.id, m.kind, m.on_hand_delta, m.reserved_delta
          FROM stock_movements m LEFT JOIN stock_receipts r ON r.id = m.receipt_id
          WHERE NOT CASE m.kind
            WHEN 'reserve' THEN m.on_hand_delta = 0 AND m.reserved_delta > 0 AND m.order_id IS NOT NULL
            WHEN 'release' THEN m.on_hand_delta = 0 AND m.reserved_delta < 0 AND m.order_id IS NOT NULL
            WHEN 'sale' THEN m.on_hand_delta = m.reserved_delta AND m.reserved_delta < 0 AND m.order_id IS NOT NULL
            WHEN 'transfer_out' THEN m.on_hand_delta < 0 AND m.reserved_delta = 0 AND m.transfer_id IS NOT NULL
            WHEN 'transfer_in' THEN m.on_hand_delta > 0 AND m.reserved_delta = 0 AND m.transfer_id IS NOT NULL
            WHEN 'receive' THEN m.on_hand_delta > 0 AND m.reserved_delta = 0 AND r.warehouse_id = m.warehouse_id
            WHEN 'adjust' THEN m.reserved_delta = 0 AND m.order_id IS NULL
            ELSE false END`,
    describe: (r) =>
      `movement ${r.id} (${r.kind}): on_hand_delta ${r.on_hand_delta}, reserved_delta ${r.reserved_delta} is not what a ${r.kind} does`,
  },
  {
    // Every admin move names its admin. Exempt: rows written before the actor column existed (up to
    // migration 005, the seed's opening stock included), and adjustments with neither reason nor
    // actor, which only StockLedger.adjust called without a record writes (seeding, tests, benches;
    // no route does: POST /stock/adjustments always records its reason and admin).
    name: "admin_movement_actor",
    sql: `SELECT id, kind, created_at FROM stock_movements
          WHERE kind IN (${ADMIN_KINDS}) AND actor_user_id IS NULL
            AND created_at > ${ACTOR_COLUMNS_SINCE}
            AND NOT (kind = 'adjust' AND reason IS NULL)
          ORDER BY id`,
    describe: (r) => `movement ${r.id} (${r.kind}, ${iso(r.created_at)}) names no actor`,
  },
  {
    name: "order_total",
    sql: `SELECT o.id, o.total_cents, count(i.order_id) AS lines,
                 coalesce(sum(i.quantity * i.unit_price_cents), 0) AS items_cents
          FROM orders o LEFT JOIN order_items i ON i.order_id = o.id
          GROUP BY o.id
          HAVING count(i.order_id) = 0 OR o.total_cents <> coalesce(sum(i.quantity * i.unit_price_cents), 0)`,
    describe: (r) =>
      Number(r.lines) === 0
        ? `order ${r.id} has no items`
        : `order ${r.id}: total_cents ${r.total_cents}, but its items add up to ${r.items_cents}`,
  },
  {
    // Each order reserved exactly its items once, and its closing status moved exactly its items
    // once more: a sale when paid, a release when expired or cancelled, nothing while pending.
    name: "order_movements",
    sql: `WITH items AS (
            SELECT order_id, sum(quantity) AS quantity FROM order_items GROUP BY order_id),
          moved AS (
            SELECT order_id,
                   sum(reserved_delta) FILTER (WHERE kind = 'reserve') AS reserved,
                   -sum(on_hand_delta) FILTER (WHERE kind = 'sale') AS sold,
                   -sum(reserved_delta) FILTER (WHERE kind = 'release') AS released
            FROM stock_movements WHERE order_id IS NOT NULL GROUP BY order_id)
          SELECT o.id, o.status, i.quantity, coalesce(m.reserved, 0) AS reserved,
                 coalesce(m.sold, 0) AS sold, coalesce(m.released, 0) AS released
          FROM orders o JOIN items i ON i.order_id = o.id LEFT JOIN moved m ON m.order_id = o.id
          WHERE coalesce(m.reserved, 0) <> i.quantity
             OR coalesce(m.sold, 0) <> CASE WHEN o.status = 'paid' THEN i.quantity ELSE 0 END
             OR coalesce(m.released, 0) <> CASE WHEN o.status IN ('expired', 'cancelled') THEN i.quantity ELSE 0 END`,
    describe: (r) =>
      `order ${r.id} (${r.status}, ${r.quantity} units): ledger reserved ${r.reserved}, sold ${r.sold}, released ${r.released}`,
  },
];

/**
 * Checks a database against every invariant of the order service and answers one violation per
 * broken fact; an empty list means the data is sound. A pending order past its deadline is a
 * violation only if it expired more than `sweepIntervalSeconds` before the start of the last
 * completed expiry sweep (table worker_sweeps): that sweep should have released it, and the grace
 * covers an order it skipped because a payment held its row lock. Otherwise it is awaiting release.
 */
export async function auditDatabase(
  db: SqlRunner,
  options: { readonly sweepIntervalSeconds: number },
): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const check of CHECKS) {
    const params = check.sql.includes("$1") ? [options.sweepIntervalSeconds] : undefined;
    const rows = await db.query<Record<string, unknown>>(check.sql, params);
    for (const row of rows) violations.push({ check: check.name, message: check.describe(row) });
  }
  return violations;
}

/**
 * Pending orders past their deadline that are not violations: no completed sweep has started
 * since their deadline (plus the grace), e.g. the data of a stopped server. Information, not a
 * fault: the next worker start releases them in its first sweep.
 */
export async function awaitingRelease(
  db: SqlRunner,
  options: { readonly sweepIntervalSeconds: number },
): Promise<AwaitingRelease> {
  const [sweep] = await db.query<{ started_at: Date }>("SELECT started_at FROM worker_sweeps", []);
  const rows = await db.query<{ id: number | string; expires_at: Date }>(
    `SELECT id, expires_at FROM orders
     WHERE status = 'pending' AND expires_at < now()
       AND NOT EXISTS (SELECT 1 FROM worker_sweeps s WHERE expires_at < s.started_at - make_interval(secs => $1))
     ORDER BY expires_at, id`,
    [options.sweepIntervalSeconds],
  );
  return {
    lastSweepStartedAt: sweep?.started_at ?? null,
    orders: rows.map((r) => ({ id: Number(r.id), expiresAt: r.expires_at })),
  };
}

export const AUDIT_CHECKS = CHECKS.map((c) => c.name);
