// The stock ledger on PostgreSQL: transfers, receipts and adjustments, one statement each, and the movement rows.
import {
  type AdjustmentRecord,
  InsufficientStockError,
  MAX_ON_HAND,
  type MovementKind,
  type MovementQuery,
  type MovementReason,
  type NewStockReceipt,
  type StockLedger,
  StockLimitError,
  type StockMovement,
  type StockRowLevel,
  type StockTransfer,
} from "@orders/domain";
import type { SqlRunner } from "./SqlRunner.js";
import { ADJUST_SQL, MOVEMENTS_SQL, RECEIVE_SQL, TRANSFER_SQL } from "./stockLedgerSql.js";
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
  receipt_id: unknown;
  actor_user_id: unknown;
  reason: MovementReason | null;
  reference: string | null;
  note: string | null;
  created_at: Date;
}

interface AdjustRow {
  moved: unknown;
  found: boolean;
  ok: boolean;
  on_hand: unknown;
  reserved: unknown;
  next: unknown;
}

/** Times an adjustment of a row that did not exist is run again after a concurrent write created it. */
const ADJUST_ATTEMPTS = 3;

const nullableId = (value: unknown): number | null => (value === null ? null : toSafeInteger(value));

export class PostgresStockLedger implements StockLedger {
  constructor(private readonly db: SqlRunner) {}

  async transfer(t: StockTransfer): Promise<number> {
    const [row] = await this.db.query<{ transfer_id: unknown; free: unknown; dest_on_hand: unknown }>(TRANSFER_SQL, [
      t.fromWarehouseId,
      t.toWarehouseId,
      t.productId,
      t.quantity,
      t.actorUserId ?? null,
    ]);
    if (row === undefined) throw new Error("transfer statement returned no row");
    if (row.transfer_id !== null) return toSafeInteger(row.transfer_id);
    const free = toSafeInteger(row.free);
    if (free < t.quantity) throw new InsufficientStockError(t.productId, t.quantity, free, t.fromWarehouseId);
    throw new StockLimitError(t.productId, t.toWarehouseId, toSafeInteger(row.dest_on_hand), MAX_ON_HAND);
  }

  async receive(receipt: NewStockReceipt): Promise<number> {
    const rows = await this.db.query<{ receipt_id: unknown; product_id: unknown; quantity: unknown; on_hand: unknown }>(
      RECEIVE_SQL,
      [
        receipt.warehouseId,
        receipt.lines.map((l) => l.productId),
        receipt.lines.map((l) => l.quantity),
        receipt.reference,
        receipt.actorUserId,
      ],
    );
    const [first] = rows;
    if (first === undefined) throw new Error("a receipt needs at least one line");
    if (first.receipt_id !== null) return toSafeInteger(first.receipt_id);
    for (const r of rows) {
      const onHand = toSafeInteger(r.on_hand);
      if (onHand + toSafeInteger(r.quantity) > MAX_ON_HAND) {
        throw new StockLimitError(toSafeInteger(r.product_id), receipt.warehouseId, onHand, MAX_ON_HAND);
      }
    }
    throw new Error("receipt refused with every line within the limit");
  }

  adjust(
    warehouseId: number,
    productId: number,
    onHandDelta: number,
    record?: AdjustmentRecord,
  ): Promise<StockRowLevel> {
    return this.setOnHand(warehouseId, productId, { delta: onHandDelta, counted: null }, record);
  }

  count(warehouseId: number, productId: number, counted: number, record: AdjustmentRecord): Promise<StockRowLevel> {
    return this.setOnHand(warehouseId, productId, { delta: null, counted }, record);
  }

  async movements(query: MovementQuery): Promise<StockMovement[]> {
    const rows = await this.db.query<MovementRow>(MOVEMENTS_SQL, [
      query.warehouseId ?? null,
      query.productId ?? null,
      query.orderId ?? null,
      query.kind ?? null,
      query.since ?? null,
      query.until ?? null,
      query.afterId ?? null,
      query.limit ?? null,
    ]);
    return rows.map((r) => ({
      id: toSafeInteger(r.id),
      kind: r.kind,
      warehouseId: toSafeInteger(r.warehouse_id),
      productId: toSafeInteger(r.product_id),
      onHandDelta: toSafeInteger(r.on_hand_delta),
      reservedDelta: toSafeInteger(r.reserved_delta),
      orderId: nullableId(r.order_id),
      transferId: nullableId(r.transfer_id),
      receiptId: nullableId(r.receipt_id),
      actorUserId: nullableId(r.actor_user_id),
      reason: r.reason,
      reference: r.reference,
      note: r.note,
      createdAt: new Date(r.created_at),
    }));
  }

  private async setOnHand(
    warehouseId: number,
    productId: number,
    change: { readonly delta: number | null; readonly counted: number | null },
    record: AdjustmentRecord | undefined,
  ): Promise<StockRowLevel> {
    const params = [
      warehouseId,
      productId,
      change.delta,
      change.counted,
      record?.actorUserId ?? null,
      record?.reason ?? null,
      record?.note ?? null,
    ];
    for (let attempt = 1; ; attempt++) {
      const [row] = await this.db.query<AdjustRow>(ADJUST_SQL, params);
      if (row === undefined) throw new Error("adjust statement returned no row");
      const onHand = toSafeInteger(row.on_hand);
      const reserved = toSafeInteger(row.reserved);
      const next = toSafeInteger(row.next);
      if (toSafeInteger(row.moved) === 1) return { warehouseId, productId, onHand: next, reserved };
      if (!row.ok && next < reserved) {
        throw new InsufficientStockError(productId, onHand - next, onHand - reserved, warehouseId);
      }
      if (!row.ok) throw new StockLimitError(productId, warehouseId, onHand, MAX_ON_HAND);
      // The row was missing when locked and a concurrent write inserted it: judge it again, locked.
      if (attempt >= ADJUST_ATTEMPTS) throw new Error(`adjust of ${warehouseId}:${productId} kept losing the insert`);
    }
  }
}
