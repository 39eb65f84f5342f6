// The stock ledger on PostgreSQL: transfers and adjustments, one statement each, and the movement rows.
import {
  InsufficientStockError,
  type MovementKind,
  type MovementQuery,
  type StockLedger,
  type StockMovement,
  type StockTransfer,
} from "@orders/domain";
import type { SqlRunner } from "./SqlRunner.js";
import { ADJUST_DOWN_SQL, ADJUST_UP_SQL, TRANSFER_SQL } from "./stockLedgerSql.js";
import { toSafeInteger } from "./toSafeInteger.js";

interface MovementRow {
  id: unknown;
  kind: MovementKind;
  warehouse_id: unknown;
  product_id: unknown;
  on_hand_delta: unknown;
  reserved_delta: unknown;
  order_id: unknown;
  transfer_id: unknown;
  created_at: Date;
}

const nullableId = (value: unknown): number | null => (value === null ? null : toSafeInteger(value));

export class PostgresStockLedger implements StockLedger {
  constructor(private readonly db: SqlRunner) {}

  async transfer(t: StockTransfer): Promise<number> {
    const [row] = await this.db.query<{ transfer_id: unknown; free: unknown }>(TRANSFER_SQL, [
      t.fromWarehouseId,
      t.toWarehouseId,
      t.productId,
      t.quantity,
    ]);
    if (row === undefined) throw new Error("transfer statement returned no row");
    if (row.transfer_id === null) {
      throw new InsufficientStockError(t.productId, t.quantity, toSafeInteger(row.free), t.fromWarehouseId);
    }
    return toSafeInteger(row.transfer_id);
  }

  async adjust(warehouseId: number, productId: number, onHandDelta: number): Promise<void> {
    const sql = onHandDelta >= 0 ? ADJUST_UP_SQL : ADJUST_DOWN_SQL;
    const [row] = await this.db.query<{ n: unknown }>(sql, [warehouseId, productId, onHandDelta]);
    if (toSafeInteger(row?.n) === 1) return;
    const [level] = await this.db.query<{ free: unknown }>(
      "SELECT on_hand - reserved AS free FROM warehouse_stock WHERE warehouse_id = $1 AND product_id = $2",
      [warehouseId, productId],
    );
    const free = level === undefined ? 0 : toSafeInteger(level.free);
    throw new InsufficientStockError(productId, -onHandDelta, free, warehouseId);
  }

  async movements(query: MovementQuery): Promise<StockMovement[]> {
    const rows = await this.db.query<MovementRow>(
      `SELECT id, kind, warehouse_id, product_id, on_hand_delta, reserved_delta, order_id, transfer_id, created_at
       FROM stock_movements
       WHERE ($1::bigint IS NULL OR product_id = $1::bigint) AND ($2::bigint IS NULL OR order_id = $2::bigint)
       ORDER BY id`,
      [query.productId ?? null, query.orderId ?? null],
    );
    return rows.map((r) => ({
      id: toSafeInteger(r.id),
      kind: r.kind,
      warehouseId: toSafeInteger(r.warehouse_id),
      productId: toSafeInteger(r.product_id),
      onHandDelta: toSafeInteger(r.on_hand_delta),
      reservedDelta: toSafeInteger(r.reserved_delta),
      orderId: nullableId(r.order_id),
      transferId: nullableId(r.transfer_id),
      createdAt: new Date(r.created_at),
    }));
  }
}
