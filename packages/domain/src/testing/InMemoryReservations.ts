// Reservations in memory: checkout's all-or-nothing write, settle and release, over the fake's stock rows.
import { mergeStockLines, type StockLine, stockKey } from "../inventory/StockLine.js";
import type { Order } from "../ordering/Order.js";
import type { Clock } from "../ports/Clock.js";
import type { HoldLimits, NewOrder, OrderStock, Placement, Reservations } from "../ports/Reservations.js";
import { HoldLimitReachedError, InsufficientStockError } from "../shared/errors.js";
import type { InMemoryScope } from "./InMemoryScope.js";
import { InMemoryStockRows } from "./InMemoryStockRows.js";

export class InMemoryReservations implements Reservations {
  private readonly rows: InMemoryStockRows;
  /** placeMany calls run one after another, as the Postgres adapter's serialize per customer. */
  private batches: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly scope: InMemoryScope,
    clock: Clock,
  ) {
    this.rows = new InMemoryStockRows(scope, clock);
  }

  placePending(order: NewOrder): Promise<Order> {
    return this.scope.write(() => {
      const tables = this.scope.tables;
      const merged = mergeStockLines(order.lines);
      // Every line is checked before anything is written: all or nothing, like the one statement.
      for (const line of merged) {
        const free = this.rows.free(line.warehouseId, line.productId);
        if (free < line.quantity) {
          throw new InsufficientStockError(line.productId, line.quantity, free, line.warehouseId);
        }
      }
      const stored: Order = {
        ...order,
        lines: order.lines.map((l) => ({ ...l })),
        id: ++tables.sequences.order,
        status: "pending",
        closedAt: null,
      };
      tables.orders.set(stored.id, stored);
      for (const l of merged) {
        this.rows.apply({
          ...l,
          kind: "reserve",
          onHandDelta: 0,
          reservedDelta: l.quantity,
          orderId: stored.id,
          actorUserId: order.userId,
        });
      }
      return stored;
    });
  }

  /**
   * Judges each order in turn: the hold limits on the orders stored so far (earlier orders of the
   * batch included), then this.placePending, whose InsufficientStockError becomes the refusal. So a
   * test that wraps placePending (a rival taking the units first) wraps every write of a batch too.
   * Unlike the one Postgres statement, an unexpected failure mid-batch keeps the orders before it.
   */
  placeMany(orders: readonly NewOrder[], limits: HoldLimits): Promise<Placement[]> {
    const run = this.batches.then(async () => {
      const placements: Placement[] = [];
      for (const order of orders) {
        const refused = this.holdLimitPassed(order, limits);
        if (refused !== null) {
          placements.push({ refused });
          continue;
        }
        try {
          placements.push({ placed: await this.placePending(order) });
        } catch (error) {
          if (!(error instanceof InsufficientStockError)) throw error;
          placements.push({ refused: error });
        }
      }
      return placements;
    });
    this.batches = run.catch(() => undefined);
    return run;
  }

  /** The limit `order` would pass if stored now, orders first, then units per product in line order. */
  private holdLimitPassed(order: NewOrder, limits: HoldLimits): HoldLimitReachedError | null {
    const pending = [...this.scope.tables.orders.values()].filter(
      (o) => o.userId === order.userId && o.status === "pending",
    );
    if (pending.length + 1 > limits.maxPendingOrders) {
      return new HoldLimitReachedError("pending_orders", limits.maxPendingOrders);
    }
    const held = new Map<number, number>();
    for (const line of pending.flatMap((o) => o.lines)) {
      held.set(line.productId, (held.get(line.productId) ?? 0) + line.quantity);
    }
    for (const line of order.lines) held.set(line.productId, (held.get(line.productId) ?? 0) + line.quantity);
    for (const { productId } of order.lines) {
      if ((held.get(productId) ?? 0) > limits.maxPendingUnitsPerProduct) {
        return new HoldLimitReachedError("pending_units_per_product", limits.maxPendingUnitsPerProduct, productId);
      }
    }
    return null;
  }

  settle(orderId: number, lines: readonly StockLine[], actorUserId: number | null): Promise<void> {
    return this.scope.write(() => {
      for (const l of mergeStockLines(lines)) {
        const sale = {
          kind: "sale",
          onHandDelta: -l.quantity,
          reservedDelta: -l.quantity,
          orderId,
          actorUserId,
        } as const;
        this.rows.apply({ ...l, ...sale });
      }
    });
  }

  release(orderId: number, lines: readonly StockLine[], actorUserId: number | null): Promise<void> {
    return this.scope.write(() => {
      for (const l of mergeStockLines(lines)) {
        this.rows.apply({ ...l, kind: "release", onHandDelta: 0, reservedDelta: -l.quantity, orderId, actorUserId });
      }
    });
  }

  releaseMany(reservations: readonly OrderStock[]): Promise<void> {
    return this.scope.write(() => {
      const perOrder = reservations.map((r) => ({ orderId: r.orderId, lines: mergeStockLines(r.lines) }));
      // Checked in total first, like the one Postgres statement: nothing moves unless everything can.
      for (const need of mergeStockLines(perOrder.flatMap((r) => r.lines))) {
        if (this.rows.row(need.warehouseId, need.productId).reserved < need.quantity) {
          throw new Error(`stock check violated: cannot release ${stockKey(need.warehouseId, need.productId)}`);
        }
      }
      for (const { orderId, lines } of perOrder) {
        for (const l of lines)
          this.rows.apply({ ...l, kind: "release", onHandDelta: 0, reservedDelta: -l.quantity, orderId });
      }
    });
  }
}
