// Chaos step 6: checkouts, cancels, pays, transfers and expiries racing on a few low-stock products.
/**
 * The contention step of `make chaos` (issue 9): for a fixed time, `loops` async loops race
 * multi-line and single-line checkouts, cancels and pays of their own pending orders, admin
 * transfers of the free units just read, and reservations left to expire, all on a few
 * low-stock products, against every HTTP process. Checks: no 5xx and no unanswered request, only
 * the 4xx codes such a race may answer, and, once the last reservations have expired, a clean
 * audit, no negative stock, reserved <= on_hand and every product's units conserved
 * (on_hand over the warehouses + units sold = initial stock).
 */
import { readFileSync, statSync } from "node:fs";
import { auditDatabase, type SqlRunner } from "@orders/adapters";
import { callApi } from "./LoadDriver.js";

export type ContentionOp = "checkout 1 line" | "checkout n lines" | "pay" | "cancel" | "read stock" | "transfer";

export interface ContentionRecord {
  readonly op: ContentionOp;
  readonly startedAt: number;
  readonly endedAt: number;
  /** 0 when no HTTP response came back. */
  readonly status: number;
  /** The error body's `code`, or the client-side failure. */
  readonly code: string | undefined;
}

export interface ContentionStepOptions {
  readonly db: SqlRunner;
  /** Base URLs of the HTTP processes; requests go round robin. */
  readonly targets: readonly string[];
  /** One customer per loop (each loop pays and cancels only its own orders). */
  readonly customerTokens: readonly string[];
  readonly adminToken: string;
  /** Ids of the low-stock products: their rows in warehouses 1 and 2 are set at the start of the step. */
  readonly productIds: readonly number[];
  /** Products with ample stock, for the odd extra line of a multi-line checkout. */
  readonly ampleProductIds: readonly number[];
  readonly loops: number;
  readonly durationMs: number;
  readonly requestTimeoutMs: number;
  /** How long the last reservations need to expire and be released: TTL + one sweep + slack. */
  readonly settleMs: number;
  /** Passed to the audit: how overdue a pending order may be. */
  readonly sweepIntervalSeconds: number;
  /** The HTTP processes' log files: what their 500s were. */
  readonly httpLogFiles: readonly string[];
  readonly log: (line: string) => void;
  readonly check: (ok: boolean, what: string, detail?: string) => boolean;
}

/** on_hand in warehouses 1 and 2 of each low-stock product, in turn: 5 to 10 units a product. */
const LAYOUT: readonly (readonly [number, number])[] = [
  [3, 4],
  [5, 0],
  [2, 6],
];
/** How many low-stock products the step needs. */
export const CONTENTION_PRODUCTS = LAYOUT.length;
const WAREHOUSES = [1, 2] as const;
/**
 * A race may answer these, and nothing else. hold_limit_reached: each loop leaves its older orders
 * to expire (TTL and sweep 2 s each), so a loop whose checkouts come back fast can hold the
 * customer's MAX_PENDING_ORDERS (5) pending orders for a moment.
 */
const EXPECTED_4XX = new Set([
  "hold_limit_reached",
  "insufficient_stock",
  "order_not_payable",
  "order_not_cancellable",
  "reservation_expired",
  "warehouse_inactive",
]);
/** Orders a loop keeps open for a later pay or cancel; an older one is left to expire. */
const HELD_ORDERS = 2;
/** At most this share of the stock is sold, spread over the step, so the rows stay contended to the end. */
const SOLD_SHARE = 0.5;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const countBy = <T>(items: readonly T[], key: (item: T) => string) => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};
const statusOf = (r: ContentionRecord) =>
  r.status === 0 ? `no response ${r.code}` : `${r.status}${r.code === undefined ? "" : ` ${r.code}`}`;

/** Sets the low-stock rows through the ledger (one adjust row per change, as the seed does). */
async function setLowStock(db: SqlRunner, productIds: readonly number[]): Promise<Map<number, number>> {
  const rows = productIds.flatMap((productId, i) =>
    WAREHOUSES.map((warehouseId, w) => ({ warehouseId, productId, onHand: LAYOUT[i % LAYOUT.length]?.[w] ?? 0 })),
  );
  await db.query(
    `WITH t AS (SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::integer[]) AS t (warehouse_id, product_id, on_hand)),
     m AS (INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta)
           SELECT 'adjust', t.warehouse_id, t.product_id, t.on_hand - s.on_hand, 0
           FROM t JOIN warehouse_stock s USING (warehouse_id, product_id) WHERE s.on_hand <> t.on_hand)
     UPDATE warehouse_stock s SET on_hand = t.on_hand FROM t
     WHERE s.warehouse_id = t.warehouse_id AND s.product_id = t.product_id`,
    [rows.map((r) => r.warehouseId), rows.map((r) => r.productId), rows.map((r) => r.onHand)],
  );
  const initial = new Map<number, number>();
  for (const r of rows) initial.set(r.productId, (initial.get(r.productId) ?? 0) + r.onHand);
  return initial;
}

/** The size of each file now, to read what is appended after. */
const sizesOf = (files: readonly string[]) =>
  files.map((f) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  });

/** What the HTTP processes logged as unexpected errors since `from`: counts by PostgreSQL code and constraint. */
function unexpectedErrorsSince(files: readonly string[], from: readonly number[]): Record<string, number> {
  const lines: string[] = [];
  files.forEach((file, i) => {
    try {
      lines.push(
        ...readFileSync(file)
          .subarray(from[i] ?? 0)
          .toString("utf8")
          .split("\n"),
      );
    } catch {
      // A missing log says nothing.
    }
  });
  return countBy(
    lines.filter((l) => l.includes("unexpected error")),
    (l) => {
      const code = /"code":"([^"]+)"/.exec(l)?.[1] ?? "?";
      const constraint = /"constraint":"([^"]+)"/.exec(l)?.[1];
      return constraint === undefined ? code : `${code} ${constraint}`;
    },
  );
}

export interface ContentionResult {
  readonly records: readonly ContentionRecord[];
}

type Send = (
  op: ContentionOp,
  token: string,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
) => Promise<{ status: number; json: Record<string, unknown> | undefined }>;

/** Sends the step's requests round robin over the HTTP processes and records each answer. */
function recordingSender(o: ContentionStepOptions, records: ContentionRecord[]): Send {
  let next = 0;
  return async (op, token, method, path, body) => {
    const target = o.targets[next++ % o.targets.length] ?? "";
    const startedAt = Date.now();
    const { status, code, json } = await callApi(`${target}${path}`, method, token, body, o.requestTimeoutMs);
    records.push({ op, startedAt, endedAt: Date.now(), status, code });
    return { status, json };
  };
}

/** The racing loops: each customer checks out, pays or cancels its own orders, and transfers stock as admin. */
class ContentionLoad {
  private readonly endAt: number;
  // Units sold so far (counted before the pay is sent, given back when it fails), against a
  // budget that grows over the step.
  private soldUnits = 0;

  constructor(
    private readonly o: ContentionStepOptions,
    private readonly send: Send,
    private readonly totalUnits: number,
    private readonly startedAt: number,
  ) {
    this.endAt = startedAt + o.durationMs;
  }

  private soldBudget(): number {
    return Math.floor(this.totalUnits * SOLD_SHARE * Math.min(1, (Date.now() - this.startedAt) / this.o.durationMs));
  }

  private lowStockLine() {
    return { product_id: pick(this.o.productIds), quantity: Math.random() < 0.2 ? 2 : 1 };
  }

  private ampleLine() {
    return { product_id: pick(this.o.ampleProductIds), quantity: 1 };
  }

  /** 2 or 3 lines, at least one on a low-stock product; some name the same product twice. */
  private multiLineItems() {
    const first = this.lowStockLine();
    const second = Math.random();
    const items = [
      first,
      second < 0.4
        ? this.ampleLine()
        : second < 0.65
          ? { product_id: first.product_id, quantity: 1 }
          : this.lowStockLine(),
    ];
    if (Math.random() < 0.3) items.push(Math.random() < 0.5 ? this.ampleLine() : this.lowStockLine());
    return items;
  }

  /** Reads one warehouse's stock and moves all the free units of one low-stock product that has any. */
  private async transfer(): Promise<void> {
    const { o, send } = this;
    const [from, to] = Math.random() < 0.5 ? [1, 2] : [2, 1];
    const read = await send("read stock", o.adminToken, "GET", `/warehouses/${from}/stock`);
    const stock = Array.isArray(read.json?.stock)
      ? (read.json.stock as { product_id: number; available: number }[])
      : [];
    const free = stock.filter((s) => o.productIds.includes(s.product_id) && s.available > 0);
    if (read.status !== 200 || free.length === 0) return;
    const row = pick(free);
    await send("transfer", o.adminToken, "POST", "/transfer", {
      from_warehouse_id: from,
      to_warehouse_id: to,
      product_id: row.product_id,
      quantity: row.available,
    });
  }

  /** One customer's loop until the step's end. */
  async loop(token: string): Promise<void> {
    /** This customer's pending orders, oldest first, with their units. */
    const held: { id: number; units: number }[] = [];
    while (Date.now() < this.endAt) {
      const r = Math.random();
      if (r < 0.3) {
        await this.transfer();
      } else if (r < 0.58 && held.length > 0) {
        const at = Math.floor(Math.random() * held.length);
        const order = held[at];
        if (order === undefined) continue;
        if (r < 0.5) {
          held.splice(at, 1);
          await this.send("cancel", token, "POST", `/orders/${order.id}/cancel`);
        } else if (this.soldUnits + order.units <= this.soldBudget()) {
          held.splice(at, 1);
          this.soldUnits += order.units;
          const paid = await this.send("pay", token, "POST", "/pay", { order_id: order.id });
          if (paid.status !== 200) this.soldUnits -= order.units;
        }
      } else if (r < 0.8) {
        await this.checkout(token, held, this.multiLineItems());
      } else {
        await this.checkout(token, held, [this.lowStockLine()]);
      }
      await sleep(Math.random() * 10);
    }
  }

  private async checkout(
    token: string,
    held: { id: number; units: number }[],
    items: { product_id: number; quantity: number }[],
  ): Promise<void> {
    const single = items.length === 1 ? items[0] : undefined;
    const response = await this.send(
      single === undefined ? "checkout n lines" : "checkout 1 line",
      token,
      "POST",
      "/checkout",
      single ?? { items },
    );
    const id = response.json?.order_id;
    if (response.status === 201 && typeof id === "number") {
      held.push({ id, units: items.reduce((sum, i) => sum + i.quantity, 0) });
      // The oldest is left to expire: the workers release it.
      if (held.length > HELD_ORDERS) held.shift();
    }
  }
}

export async function contentionStep(o: ContentionStepOptions): Promise<ContentionResult> {
  const { db, log } = o;
  const initial = await setLowStock(db, o.productIds);
  const totalUnits = [...initial.values()].reduce((a, b) => a + b, 0);
  log(
    `  ${o.productIds.length} low-stock products (${o.productIds
      .map((p, i) => `#${p}: ${LAYOUT[i % LAYOUT.length]?.join(" + ")}`)
      .join(
        ", ",
      )} units in warehouses 1 + 2), ${o.loops} loops, ${o.durationMs / 1000} s, ${o.targets.length} HTTP processes`,
  );

  const records: ContentionRecord[] = [];
  const send = recordingSender(o, records);
  const startedAt = Date.now();
  const logSizes = sizesOf(o.httpLogFiles);
  const load = new ContentionLoad(o, send, totalUnits, startedAt);
  await Promise.all(
    Array.from({ length: o.loops }, (_, i) => load.loop(o.customerTokens[i % o.customerTokens.length] ?? "")),
  );
  const loadEndedAt = Date.now();
  checkAnswers(o, records, logSizes);

  // Let the last reservations expire and be released, then look at the rows.
  await sleep(Math.max(0, loadEndedAt + o.settleMs - Date.now()));
  await checkExpiriesAndAudit(o, startedAt);
  await checkRows(o, initial);
  return { records };
}

/** No 5xx, every request answered, only the expected 4xx, and every kind of request succeeded. */
function checkAnswers(o: ContentionStepOptions, records: readonly ContentionRecord[], logSizes: number[]): void {
  const { log, check } = o;
  log(`  requests by op and status: ${JSON.stringify(countBy(records, (r) => `${r.op} ${statusOf(r)}`))}`);
  log(`  requests by status: ${JSON.stringify(countBy(records, statusOf))}`);
  const fiveXx = records.filter((r) => r.status >= 500);
  const unexpected = unexpectedErrorsSince(o.httpLogFiles, logSizes);
  if (Object.keys(unexpected).length > 0) log(`  HTTP logs, unexpected errors: ${JSON.stringify(unexpected)}`);
  check(
    fiveXx.length === 0,
    "contention: no 5xx",
    `${fiveXx.length} of ${records.length}${fiveXx.length === 0 ? "" : `: ${JSON.stringify(countBy(fiveXx, (r) => `${r.op} ${r.status} ${r.code}`))}`}`,
  );
  const unanswered = records.filter((r) => r.status === 0);
  check(
    unanswered.length === 0,
    "contention: every request answered",
    unanswered.length === 0 ? "" : JSON.stringify(countBy(unanswered, (r) => `${r.code}`)),
  );
  const odd = records.filter(
    (r) => r.status >= 400 && r.status < 500 && !(r.status === 409 && EXPECTED_4XX.has(r.code ?? "")),
  );
  check(
    odd.length === 0,
    `contention: only expected 4xx (409 ${[...EXPECTED_4XX].join(", ")})`,
    odd.length === 0 ? "" : JSON.stringify(countBy(odd, (r) => `${r.op} ${r.status} ${r.code}`)),
  );
  const ok = (op: ContentionOp) => records.filter((r) => r.op === op && r.status >= 200 && r.status < 300).length;
  const raced = records.filter((r) => r.code === "insufficient_stock").length;
  check(
    ok("checkout n lines") > 0 && ok("checkout 1 line") > 0 && ok("transfer") > 0 && ok("cancel") > 0 && ok("pay") > 0,
    "contention: every kind of request succeeded at least once, and some lost the race for stock",
    `2xx: ${ok("checkout n lines")} multi-line checkouts, ${ok("checkout 1 line")} single-line, ${ok("transfer")} transfers, ${ok("cancel")} cancels, ${ok("pay")} pays; ${raced} insufficient_stock`,
  );
}

/** The step's orders left open expired (none still pending), and the audit passes. */
async function checkExpiriesAndAudit(o: ContentionStepOptions, startedAt: number): Promise<void> {
  const { db, log, check } = o;
  const [orders] = await db.query<{ expired: string; pending: string }>(
    `SELECT count(*) FILTER (WHERE o.status = 'expired') AS expired, count(*) FILTER (WHERE o.status = 'pending') AS pending
     FROM orders o WHERE o.created_at >= $1
       AND EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id AND i.product_id = ANY($2::bigint[]))`,
    [new Date(startedAt), o.productIds],
  );
  check(
    Number(orders?.expired ?? 0) > 0 && Number(orders?.pending ?? 0) === 0,
    "contention: reservations left open expired, none still pending",
    `${orders?.expired} expired, ${orders?.pending} pending after ${o.settleMs} ms`,
  );
  const violations = await auditDatabase(db, { sweepIntervalSeconds: o.sweepIntervalSeconds });
  for (const v of violations.slice(0, 10)) log(`  VIOLATION ${v.check}: ${v.message}`);
  check(violations.length === 0, "contention: audit passes", `${violations.length} violations`);
}

/** The low-stock rows: no negative stock, 0 <= reserved <= on_hand, and units conserved per product. */
async function checkRows(o: ContentionStepOptions, initial: ReadonlyMap<number, number>): Promise<void> {
  const { db, log, check } = o;
  const rows = await db.query<{
    product_id: string;
    on_hand: string;
    min_on_hand: string;
    bad_rows: string;
    sold: string;
  }>(
    `SELECT s.product_id, sum(s.on_hand) AS on_hand, min(s.on_hand) AS min_on_hand,
            count(*) FILTER (WHERE NOT (0 <= s.reserved AND s.reserved <= s.on_hand)) AS bad_rows,
            (SELECT coalesce(sum(i.quantity), 0) FROM order_items i JOIN orders o ON o.id = i.order_id
              WHERE o.status = 'paid' AND i.product_id = s.product_id) AS sold
     FROM warehouse_stock s WHERE s.product_id = ANY($1::bigint[]) GROUP BY s.product_id ORDER BY s.product_id`,
    [o.productIds],
  );
  const facts = rows.map((r) => ({
    productId: Number(r.product_id),
    onHand: Number(r.on_hand),
    minOnHand: Number(r.min_on_hand),
    badRows: Number(r.bad_rows),
    sold: Number(r.sold),
  }));
  log(
    `  ${facts.map((f) => `#${f.productId}: ${f.onHand} on hand + ${f.sold} sold (started with ${initial.get(f.productId)})`).join("; ")}`,
  );
  check(
    facts.length === o.productIds.length && facts.every((f) => f.minOnHand >= 0 && f.badRows === 0),
    "contention: no negative stock, 0 <= reserved <= on_hand on every row",
  );
  check(
    facts.every((f) => f.onHand + f.sold === initial.get(f.productId)),
    "contention: units conserved per product (on_hand over the warehouses + sold = initial)",
  );
}
