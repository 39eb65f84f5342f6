// The stock ledger in memory: transfers, adjustments and the movement rows, over the fake's stock rows.
import { available } from "../inventory/StockLevel.js";
import type { StockMovement } from "../inventory/StockMovement.js";
import type { Clock } from "../ports/Clock.js";
import type { MovementQuery, StockLedger, StockTransfer } from "../ports/StockLedger.js";
import { InsufficientStockError } from "../shared/errors.js";
import type { InMemoryScope } from "./InMemoryScope.js";
import { InMemoryStockRows } from "./InMemoryStockRows.js";

export class InMemoryStockLedger implements StockLedger {
  private readonly rows: InMemoryStockRows;

  constructor(
    private readonly scope: InMemoryScope,
    clock: Clock,
  ) {
    this.rows = new InMemoryStockRows(scope, clock);
  }

  transfer(t: StockTransfer): Promise<number> {
    return this.scope.write(() => {
      const free = available(this.rows.row(t.fromWarehouseId, t.productId));
      if (free < t.quantity) throw new InsufficientStockError(t.productId, t.quantity, free, t.fromWarehouseId);
      const transferId = ++this.scope.tables.sequences.transfer;
      const common = { productId: t.productId, reservedDelta: 0, transferId };
      this.rows.apply({ ...common, kind: "transfer_out", warehouseId: t.fromWarehouseId, onHandDelta: -t.quantity });
      this.rows.apply({ ...common, kind: "transfer_in", warehouseId: t.toWarehouseId, onHandDelta: t.quantity });
      return transferId;
    });
  }

  adjust(warehouseId: number, productId: number, onHandDelta: number): Promise<void> {
    return this.scope.write(() => {
      const row = this.rows.row(warehouseId, productId);
      if (row.onHand + onHandDelta < row.reserved) {
        throw new InsufficientStockError(productId, -onHandDelta, available(row), warehouseId);
      }
      this.rows.apply({ kind: "adjust", warehouseId, productId, onHandDelta, reservedDelta: 0 });
    });
  }

  async movements(query: MovementQuery): Promise<StockMovement[]> {
    return this.scope.tables.movements.filter(
      (m) =>
        (query.productId === undefined || m.productId === query.productId) &&
        (query.orderId === undefined || m.orderId === query.orderId),
    );
  }
}
