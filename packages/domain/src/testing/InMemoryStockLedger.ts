// The stock ledger in memory: transfers, receipts, adjustments and the movement rows, over the fake's stock rows.
import { available, MAX_ON_HAND } from "../inventory/StockLevel.js";
import type { StockMovement } from "../inventory/StockMovement.js";
import type { Clock } from "../ports/Clock.js";
import type {
  AdjustmentRecord,
  MovementQuery,
  NewStockReceipt,
  StockLedger,
  StockRowLevel,
  StockTransfer,
} from "../ports/StockLedger.js";
import { InsufficientStockError, StockLimitError } from "../shared/errors.js";
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
      this.checkLimit(t.toWarehouseId, t.productId, t.quantity);
      const transferId = ++this.scope.tables.sequences.transfer;
      const common = { productId: t.productId, reservedDelta: 0, transferId, actorUserId: t.actorUserId ?? null };
      this.rows.apply({ ...common, kind: "transfer_out", warehouseId: t.fromWarehouseId, onHandDelta: -t.quantity });
      this.rows.apply({ ...common, kind: "transfer_in", warehouseId: t.toWarehouseId, onHandDelta: t.quantity });
      return transferId;
    });
  }

  receive(receipt: NewStockReceipt): Promise<number> {
    return this.scope.write(() => {
      for (const l of receipt.lines) this.checkLimit(receipt.warehouseId, l.productId, l.quantity);
      const receiptId = ++this.scope.tables.sequences.receipt;
      for (const l of receipt.lines) {
        this.rows.apply({
          kind: "receive",
          warehouseId: receipt.warehouseId,
          productId: l.productId,
          onHandDelta: l.quantity,
          reservedDelta: 0,
          receiptId,
          actorUserId: receipt.actorUserId,
          reference: receipt.reference,
        });
      }
      return receiptId;
    });
  }

  adjust(
    warehouseId: number,
    productId: number,
    onHandDelta: number,
    record?: AdjustmentRecord,
  ): Promise<StockRowLevel> {
    return this.scope.write(() => this.setOnHand(warehouseId, productId, (onHand) => onHand + onHandDelta, record));
  }

  count(warehouseId: number, productId: number, counted: number, record: AdjustmentRecord): Promise<StockRowLevel> {
    return this.scope.write(() => this.setOnHand(warehouseId, productId, () => counted, record));
  }

  async movements(query: MovementQuery): Promise<StockMovement[]> {
    const matching = this.scope.tables.movements.filter(
      (m) =>
        (query.warehouseId === undefined || m.warehouseId === query.warehouseId) &&
        (query.productId === undefined || m.productId === query.productId) &&
        (query.orderId === undefined || m.orderId === query.orderId) &&
        (query.kind === undefined || m.kind === query.kind) &&
        (query.since === undefined || m.createdAt.getTime() >= query.since.getTime()) &&
        (query.until === undefined || m.createdAt.getTime() < query.until.getTime()) &&
        (query.afterId === undefined || m.id > query.afterId),
    );
    return query.limit === undefined ? matching : matching.slice(0, query.limit);
  }

  /** One adjustment row from the row as it stands (the fake's writes are serialized, so it is the locked row). */
  private setOnHand(
    warehouseId: number,
    productId: number,
    next: (onHand: number) => number,
    record: AdjustmentRecord | undefined,
  ): StockRowLevel {
    const row = this.rows.row(warehouseId, productId);
    const onHand = next(row.onHand);
    if (onHand < row.reserved) {
      throw new InsufficientStockError(productId, row.onHand - onHand, available(row), warehouseId);
    }
    if (onHand > MAX_ON_HAND) throw new StockLimitError(productId, warehouseId, row.onHand, MAX_ON_HAND);
    this.rows.apply({
      kind: "adjust",
      warehouseId,
      productId,
      onHandDelta: onHand - row.onHand,
      reservedDelta: 0,
      actorUserId: record?.actorUserId ?? null,
      reason: record?.reason ?? null,
      note: record?.note ?? null,
    });
    return { warehouseId, productId, onHand, reserved: row.reserved };
  }

  private checkLimit(warehouseId: number, productId: number, adding: number): void {
    const { onHand } = this.rows.row(warehouseId, productId);
    if (onHand + adding > MAX_ON_HAND) throw new StockLimitError(productId, warehouseId, onHand, MAX_ON_HAND);
  }
}
