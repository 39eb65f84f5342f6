import { available, type StockLevel } from "../inventory/StockLevel.js";
import type { MovementKind, StockMovement } from "../inventory/StockMovement.js";
import type { Warehouse } from "../inventory/Warehouse.js";
import type { Order } from "../ordering/Order.js";
import type { Clock } from "../ports/Clock.js";
import type { NewOrder } from "../ports/Orders.js";
import type {
  MovementQuery,
  OrderStock,
  StockLedger,
  StockLine,
  StockQuery,
  StockTransfer,
} from "../ports/StockLedger.js";
import { InsufficientStockError } from "../shared/errors.js";
import { type StockRow, stockKey } from "./InMemoryDatabase.js";
import type { InMemoryScope } from "./InMemoryScope.js";

interface Change {
  readonly kind: MovementKind;
  readonly warehouseId: number;
  readonly productId: number;
  readonly onHandDelta: number;
  readonly reservedDelta: number;
  readonly orderId?: number;
  readonly transferId?: number;
}

/** Lines naming the same warehouse and product count as one line with the summed quantity. */
export function mergeStockLines(lines: readonly StockLine[]): StockLine[] {
  const merged = new Map<string, StockLine>();
  for (const line of lines) {
    const key = stockKey(line.warehouseId, line.productId);
    const previous = merged.get(key);
    merged.set(key, { ...line, quantity: (previous?.quantity ?? 0) + line.quantity });
  }
  return [...merged.values()];
}

/** A stock row as a level, with what the fake knows of its warehouse. */
export function stockLevelOf(row: StockRow, warehouse: Warehouse | undefined): StockLevel {
  return {
    ...row,
    warehouseStatus: warehouse?.status ?? "inactive",
    warehousePriority: warehouse?.priority ?? 0,
  };
}

export class InMemoryStockLedger implements StockLedger {
  constructor(
    private readonly scope: InMemoryScope,
    private readonly clock: Clock,
  ) {}

  async levels(query: StockQuery): Promise<StockLevel[]> {
    const { stock, warehouses } = this.scope.tables;
    return [...stock.values()]
      .filter(
        (row) =>
          (query.warehouseId === undefined || row.warehouseId === query.warehouseId) &&
          (query.productIds === undefined || query.productIds.includes(row.productId)),
      )
      .map((row) => stockLevelOf(row, warehouses.get(row.warehouseId)))
      .sort((a, b) => a.warehouseId - b.warehouseId || a.productId - b.productId);
  }

  reserveOrder(order: NewOrder): Promise<Order> {
    return this.scope.write(() => {
      const tables = this.scope.tables;
      const merged = mergeStockLines(order.lines);
      // Every line is checked before anything is written: all or nothing, like the one statement.
      for (const line of merged) {
        const active = tables.warehouses.get(line.warehouseId)?.status === "active";
        const free = active ? available(this.row(line.warehouseId, line.productId)) : 0;
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
        this.apply({ ...l, kind: "reserve", onHandDelta: 0, reservedDelta: l.quantity, orderId: stored.id });
      }
      return stored;
    });
  }

  release(orderId: number, lines: readonly StockLine[]): Promise<void> {
    return this.scope.write(() => {
      for (const l of mergeStockLines(lines)) {
        this.apply({ ...l, kind: "release", onHandDelta: 0, reservedDelta: -l.quantity, orderId });
      }
    });
  }

  releaseMany(reservations: readonly OrderStock[]): Promise<void> {
    return this.scope.write(() => {
      const perOrder = reservations.map((r) => ({ orderId: r.orderId, lines: mergeStockLines(r.lines) }));
      // Checked in total first, like the one Postgres statement: nothing moves unless everything can.
      for (const need of mergeStockLines(perOrder.flatMap((r) => r.lines))) {
        if (this.row(need.warehouseId, need.productId).reserved < need.quantity) {
          throw new Error(`stock check violated: cannot release ${stockKey(need.warehouseId, need.productId)}`);
        }
      }
      for (const { orderId, lines } of perOrder) {
        for (const l of lines)
          this.apply({ ...l, kind: "release", onHandDelta: 0, reservedDelta: -l.quantity, orderId });
      }
    });
  }

  sell(orderId: number, lines: readonly StockLine[]): Promise<void> {
    return this.scope.write(() => {
      for (const l of mergeStockLines(lines)) {
        this.apply({ ...l, kind: "sale", onHandDelta: -l.quantity, reservedDelta: -l.quantity, orderId });
      }
    });
  }

  transfer(t: StockTransfer): Promise<number> {
    return this.scope.write(() => {
      const free = available(this.row(t.fromWarehouseId, t.productId));
      if (free < t.quantity) throw new InsufficientStockError(t.productId, t.quantity, free, t.fromWarehouseId);
      const transferId = ++this.scope.tables.sequences.transfer;
      const common = { productId: t.productId, reservedDelta: 0, transferId };
      this.apply({ ...common, kind: "transfer_out", warehouseId: t.fromWarehouseId, onHandDelta: -t.quantity });
      this.apply({ ...common, kind: "transfer_in", warehouseId: t.toWarehouseId, onHandDelta: t.quantity });
      return transferId;
    });
  }

  adjust(warehouseId: number, productId: number, onHandDelta: number): Promise<void> {
    return this.scope.write(() => {
      const row = this.row(warehouseId, productId);
      if (row.onHand + onHandDelta < row.reserved) {
        throw new InsufficientStockError(productId, -onHandDelta, available(row), warehouseId);
      }
      this.apply({ kind: "adjust", warehouseId, productId, onHandDelta, reservedDelta: 0 });
    });
  }

  async movements(query: MovementQuery): Promise<StockMovement[]> {
    return this.scope.tables.movements.filter(
      (m) =>
        (query.productId === undefined || m.productId === query.productId) &&
        (query.orderId === undefined || m.orderId === query.orderId),
    );
  }

  private row(warehouseId: number, productId: number): StockRow {
    return (
      this.scope.tables.stock.get(stockKey(warehouseId, productId)) ?? {
        warehouseId,
        productId,
        onHand: 0,
        reserved: 0,
      }
    );
  }

  /** Writes one change and its ledger row; refuses what the Postgres CHECK would refuse. */
  private apply(change: Change): void {
    const tables = this.scope.tables;
    const row = this.row(change.warehouseId, change.productId);
    const next = { ...row, onHand: row.onHand + change.onHandDelta, reserved: row.reserved + change.reservedDelta };
    if (next.reserved < 0 || next.reserved > next.onHand) {
      throw new Error(`stock check violated for ${stockKey(change.warehouseId, change.productId)}`);
    }
    tables.stock.set(stockKey(change.warehouseId, change.productId), next);
    tables.movements.push({
      id: ++tables.sequences.movement,
      kind: change.kind,
      warehouseId: change.warehouseId,
      productId: change.productId,
      onHandDelta: change.onHandDelta,
      reservedDelta: change.reservedDelta,
      orderId: change.orderId ?? null,
      transferId: change.transferId ?? null,
      createdAt: this.clock.now(),
    });
  }
}
