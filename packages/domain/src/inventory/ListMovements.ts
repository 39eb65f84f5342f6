// An admin reads the stock ledger, filtered and keyset-paged by id.
import { requireAdmin } from "../identity/requireAdmin.js";
import type { Actor } from "../identity/User.js";
import type { MovementQuery, StockLedger } from "../ports/StockLedger.js";
import { InvalidInputError } from "../shared/errors.js";
import { parseId, parsePage } from "../shared/values.js";
import { type MovementKind, parseMovementKind, type StockMovement } from "./StockMovement.js";

export interface ListMovementsInput {
  readonly actor: Actor;
  readonly warehouseId?: number;
  readonly productId?: number;
  readonly orderId?: number;
  readonly kind?: MovementKind;
  /** Rows written at or after this instant. */
  readonly since?: Date;
  /** Rows written before this instant. */
  readonly until?: Date;
  readonly limit?: number;
  readonly afterId?: number;
}

/** Ledger rows, oldest first (by id); each names its kind, deltas, order, actor, reason, reference and note. */
export class ListMovements {
  constructor(private readonly stock: StockLedger) {}

  async execute(input: ListMovementsInput): Promise<StockMovement[]> {
    requireAdmin(input.actor, "read the stock ledger");
    const since = input.since === undefined ? undefined : parseInstant(input.since, "since");
    const until = input.until === undefined ? undefined : parseInstant(input.until, "until");
    if (since !== undefined && until !== undefined && until.getTime() <= since.getTime()) {
      throw new InvalidInputError("until", "must be after since");
    }
    const query: MovementQuery = {
      ...parsePage(input),
      ...(input.warehouseId === undefined ? {} : { warehouseId: parseId(input.warehouseId, "warehouse_id") }),
      ...(input.productId === undefined ? {} : { productId: parseId(input.productId, "product_id") }),
      ...(input.orderId === undefined ? {} : { orderId: parseId(input.orderId, "order_id") }),
      ...(input.kind === undefined ? {} : { kind: parseMovementKind(input.kind) }),
      ...(since === undefined ? {} : { since }),
      ...(until === undefined ? {} : { until }),
    };
    return this.stock.movements(query);
  }
}

function parseInstant(value: unknown, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InvalidInputError(field, "must be an ISO 8601 date-time");
  }
  return value;
}
