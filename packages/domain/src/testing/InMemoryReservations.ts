// Reservations in memory: checkout's all-or-nothing write, settle and release, over the fake's stock rows.
import { mergeStockLines, type StockLine, stockKey } from "../inventory/StockLine.js";
import type { Order } from "../ordering/Order.js";
import type { Clock } from "../ports/Clock.js";
import type { NewOrder, OrderStock, Reservations } from "../ports/Reservations.js";
import { InsufficientStockError } from "../shared/errors.js";
import type { InMemoryScope } from "./InMemoryScope.js";
import { InMemoryStockRows } from "./InMemoryStockRows.js";

export class InMemoryReservations implements Reservations {
  private readonly rows: InMemoryStockRows;

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
