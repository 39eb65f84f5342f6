// The fake's stock rows and movement ledger: the one write path every in-memory stock port uses.
import { available, type StockLevel } from "../inventory/StockLevel.js";
import { stockKey } from "../inventory/StockLine.js";
import type { MovementKind, MovementReason } from "../inventory/StockMovement.js";
import type { Warehouse } from "../inventory/Warehouse.js";
import type { Clock } from "../ports/Clock.js";
import type { StockRow } from "./InMemoryDatabase.js";
import type { InMemoryScope } from "./InMemoryScope.js";

/** One change of one stock row, and the ledger row it writes. */
export interface StockChange {
  readonly kind: MovementKind;
  readonly warehouseId: number;
  readonly productId: number;
  readonly onHandDelta: number;
  readonly reservedDelta: number;
  readonly orderId?: number;
  readonly transferId?: number;
  readonly receiptId?: number;
  readonly actorUserId?: number | null;
  readonly reason?: MovementReason | null;
  readonly reference?: string | null;
  readonly note?: string | null;
}

/** A stock row as a level, with what the fake knows of its warehouse. */
export function stockLevelOf(row: StockRow, warehouse: Warehouse | undefined): StockLevel {
  return {
    ...row,
    warehouseStatus: warehouse?.status ?? "inactive",
    warehousePriority: warehouse?.priority ?? 0,
  };
}

export class InMemoryStockRows {
  constructor(
    private readonly scope: InMemoryScope,
    private readonly clock: Clock,
  ) {}

  /** The row of (warehouse, product), or an empty one when none is stored. */
  row(warehouseId: number, productId: number): StockRow {
    return (
      this.scope.tables.stock.get(stockKey(warehouseId, productId)) ?? {
        warehouseId,
        productId,
        onHand: 0,
        reserved: 0,
      }
    );
  }

  /** Units a new reservation may take from the row: none in an inactive warehouse. */
  free(warehouseId: number, productId: number): number {
    const active = this.scope.tables.warehouses.get(warehouseId)?.status === "active";
    return active ? available(this.row(warehouseId, productId)) : 0;
  }

  /** Writes one change and its ledger row; refuses what the Postgres CHECK would refuse. */
  apply(change: StockChange): void {
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
      receiptId: change.receiptId ?? null,
      actorUserId: change.actorUserId ?? null,
      reason: change.reason ?? null,
      reference: change.reference ?? null,
      note: change.note ?? null,
      createdAt: this.clock.now(),
    });
  }
}
