import { isSellable } from "../catalog/Product.js";
import type { Actor } from "../identity/User.js";
import { allocateStock, type Demand } from "../inventory/allocateStock.js";
import type { StockLevel } from "../inventory/StockLevel.js";
import type { Catalog } from "../ports/Catalog.js";
import type { Clock } from "../ports/Clock.js";
import type { HoldLimits, NewOrder, Placement, Reservations } from "../ports/Reservations.js";
import type { ReservationTimer } from "../ports/ReservationTimer.js";
import type { Warehouses } from "../ports/Warehouses.js";
import { Coalescer } from "../shared/Coalescer.js";
import {
  InsufficientStockError,
  InvalidInputError,
  ProductArchivedError,
  ProductNotFoundError,
  WarehouseInactiveError,
  WarehouseNotFoundError,
} from "../shared/errors.js";
import { RETRY_POLICY } from "../shared/retryPolicy.js";
import { lineTotalCents, MAX_ORDER_LINES, MAX_QUANTITY, parseId, parseQuantity, sumCents } from "../shared/values.js";
import { bestEffort } from "./bestEffort.js";
import type { Order, OrderLine } from "./Order.js";

export interface PlaceOrderInput {
  readonly actor: Actor;
  readonly items: readonly { readonly productId: number; readonly quantity: number }[];
  /** Serve the whole order from this warehouse; otherwise the allocation policy picks. */
  readonly warehouseId?: number;
}

/** How much one customer may hold, and how many orders one coalesced write carries. */
export interface PlaceOrderOptions {
  readonly holdLimits?: HoldLimits;
  /** The most orders one coalesced write (Reservations.placeMany) judges. */
  readonly maxBatch?: number;
}

/** A customer holds at most 10 pending units of one product and 5 pending orders, unless told otherwise. */
export const DEFAULT_HOLD_LIMITS: HoldLimits = { maxPendingUnitsPerProduct: 10, maxPendingOrders: 5 };

/** Orders per coalesced write, unless told otherwise: enough to carry a flash sale, small enough to stay short. */
export const DEFAULT_CHECKOUT_BATCH_MAX = 64;

/** One order's verdict and when its timer entry is written (one timer call per batch). */
interface BatchResult {
  readonly placement: Placement;
  readonly scheduled: Promise<void>;
}

export interface PlaceOrderPorts {
  readonly catalog: Catalog;
  readonly warehouses: Warehouses;
  readonly reservations: Reservations;
  readonly timer: ReservationTimer;
  readonly clock: Clock;
}

/**
 * Checkout: validates the items (duplicate product lines are merged into one demand), plans
 * which warehouses serve them, and stores the new pending order with every line reserved in one
 * write (Reservations.placeMany, shared with the checkouts that arrive while the previous write
 * runs). Nothing is written when any line fails or the customer would pass a hold limit.
 */
export class PlaceOrder {
  private readonly holdLimits: HoldLimits;
  private readonly writes: Coalescer<NewOrder, BatchResult>;

  constructor(
    private readonly ports: PlaceOrderPorts,
    private readonly reservationTtlSeconds: number,
    options: PlaceOrderOptions = {},
  ) {
    const holdLimits = options.holdLimits ?? DEFAULT_HOLD_LIMITS;
    const maxBatch = options.maxBatch ?? DEFAULT_CHECKOUT_BATCH_MAX;
    this.holdLimits = holdLimits;
    // Fail at wiring time: a bad TTL (say, from a mistyped setting) would date every order Invalid Date.
    if (
      typeof reservationTtlSeconds !== "number" ||
      !Number.isFinite(reservationTtlSeconds) ||
      reservationTtlSeconds <= 0
    ) {
      throw new InvalidInputError("reservation_ttl_seconds", "must be a positive number of seconds");
    }
    for (const [name, value] of [
      ["max_pending_units_per_product", holdLimits.maxPendingUnitsPerProduct],
      ["max_pending_orders", holdLimits.maxPendingOrders],
      ["checkout_batch_max", maxBatch],
    ] as const) {
      if (!Number.isSafeInteger(value) || value < 1) throw new InvalidInputError(name, "must be a positive integer");
    }
    this.writes = new Coalescer((orders) => this.placeBatch(orders), maxBatch);
  }

  async execute(input: PlaceOrderInput): Promise<Order> {
    const demands = mergeDemands(input.items);
    const productIds = demands.map((d) => d.productId);

    for (let attempt = 1; ; attempt++) {
      // Read again on every attempt: a warehouse switched off since the last plan is no candidate.
      // Prices and stock levels (with each warehouse's status and priority) come in one read.
      const products = await this.ports.catalog.findWithStock(productIds);
      const priceOf = new Map(products.map((p) => [p.id, p.priceCents]));
      const unknown = productIds.find((id) => !priceOf.has(id));
      if (unknown !== undefined) throw new ProductNotFoundError(unknown);
      const archived = products.find((p) => !isSellable(p));
      if (archived !== undefined) throw new ProductArchivedError(archived.id);
      const levels = products.flatMap((p) => p.levels);
      const candidates = await this.candidateWarehouses(input.warehouseId, levels);
      const lines: OrderLine[] = allocateStock(demands, levels, candidates).map((line) => ({
        ...line,
        unitPriceCents: priceOf.get(line.productId) ?? 0,
      }));
      const now = this.ports.clock.now();
      // Checkouts arriving while a write runs share the next one (Coalescer): each order is still
      // judged on its own, all or nothing, in arrival order, and answered here on its own.
      const { placement, scheduled } = await this.writes.submit({
        userId: input.actor.userId,
        lines,
        totalCents: sumCents(lines.map((l) => lineTotalCents(l.quantity, l.unitPriceCents))),
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.reservationTtlSeconds * 1000),
      });
      if ("placed" in placement) {
        await scheduled;
        return placement.placed;
      }
      // Another checkout took the units, or a warehouse went inactive, between planning and
      // reserving: plan again. This is the only retry of a lost checkout race (RETRY_POLICY).
      if (placement.refused instanceof InsufficientStockError && attempt < RETRY_POLICY.attempts) continue;
      throw placement.refused;
    }
  }

  /**
   * One write for a batch of checkouts (Reservations.placeMany, with the hold limits), then one
   * timer call for every order it placed. The next batch may start while the timer call runs.
   */
  private async placeBatch(orders: readonly NewOrder[]): Promise<BatchResult[]> {
    const placements = await this.ports.reservations.placeMany(orders, this.holdLimits);
    const entries = placements.flatMap((p) =>
      "placed" in p ? [{ orderId: p.placed.id, expiresAt: p.placed.expiresAt }] : [],
    );
    // Postgres already holds expiresAt: a timer that is down delays nothing past the sweep.
    const scheduled =
      entries.length === 0 ? Promise.resolve() : bestEffort(() => this.ports.timer.scheduleMany(entries));
    return placements.map((placement) => ({ placement, scheduled }));
  }

  /**
   * The warehouses that may serve the order, in the order they are tried. Without a choice: the
   * active warehouses holding any of the products, by priority then id (a warehouse holding none
   * of them could serve nothing). A chosen warehouse must exist and be active.
   */
  private async candidateWarehouses(warehouseId: number | undefined, levels: readonly StockLevel[]): Promise<number[]> {
    if (warehouseId === undefined) {
      const priorityOf = new Map<number, number>();
      for (const level of levels) {
        if (level.warehouseStatus === "active") priorityOf.set(level.warehouseId, level.warehousePriority);
      }
      return [...priorityOf]
        .sort(([idA, priorityA], [idB, priorityB]) => priorityA - priorityB || idA - idB)
        .map(([id]) => id);
    }
    const id = parseId(warehouseId, "warehouse_id");
    // The stock read already says the warehouse's status when it holds any of the products.
    const status =
      levels.find((l) => l.warehouseId === id)?.warehouseStatus ?? (await this.ports.warehouses.findById(id))?.status;
    if (status === undefined) throw new WarehouseNotFoundError(id);
    if (status !== "active") throw new WarehouseInactiveError(id);
    return [id];
  }
}

function mergeDemands(items: PlaceOrderInput["items"]): Demand[] {
  if (!Array.isArray(items) || items.length === 0) {
    throw new InvalidInputError("items", "must list at least one item");
  }
  if (items.length > MAX_ORDER_LINES) {
    throw new InvalidInputError("items", `must list at most ${MAX_ORDER_LINES} items`);
  }
  const merged = new Map<number, number>();
  items.forEach((item, i) => {
    const productId = parseId(item?.productId, `items[${i}].product_id`);
    const quantity = parseQuantity(item?.quantity, `items[${i}].quantity`);
    merged.set(productId, (merged.get(productId) ?? 0) + quantity);
  });
  return [...merged].map(([productId, quantity]) => {
    if (quantity > MAX_QUANTITY) {
      throw new InvalidInputError("items", `product ${productId}: quantity must be at most ${MAX_QUANTITY} in total`);
    }
    return { productId, quantity };
  });
}
