import type { Actor } from "../identity/User.js";
import { allocateStock, type Demand } from "../inventory/allocateStock.js";
import type { Warehouse } from "../inventory/Warehouse.js";
import type { Clock } from "../ports/Clock.js";
import type { Products } from "../ports/Products.js";
import type { ReservationTimer } from "../ports/ReservationTimer.js";
import type { StockLedger } from "../ports/StockLedger.js";
import type { UnitOfWork } from "../ports/UnitOfWork.js";
import type { Warehouses } from "../ports/Warehouses.js";
import {
  InsufficientStockError,
  InvalidInputError,
  ProductNotFoundError,
  WarehouseInactiveError,
  WarehouseNotFoundError,
} from "../shared/errors.js";
import { lineTotalCents, MAX_ORDER_LINES, MAX_QUANTITY, parseId, parseQuantity, sumCents } from "../shared/values.js";
import { bestEffort } from "./bestEffort.js";
import type { Order, OrderLine } from "./Order.js";

export interface PlaceOrderInput {
  readonly actor: Actor;
  readonly items: readonly { readonly productId: number; readonly quantity: number }[];
  /** Serve the whole order from this warehouse; otherwise the allocation policy picks. */
  readonly warehouseId?: number;
}

export interface PlaceOrderPorts {
  readonly products: Products;
  readonly warehouses: Warehouses;
  readonly stock: StockLedger;
  readonly unitOfWork: UnitOfWork;
  readonly timer: ReservationTimer;
  readonly clock: Clock;
}

/** A reservation that loses a race for the last units is planned again this many times. */
const RESERVE_ATTEMPTS = 3;

/**
 * Checkout: validates the items (duplicate product lines are merged into one demand), plans
 * which warehouses serve them, and reserves every line with the new pending order in one unit
 * of work. Nothing is reserved when any line fails.
 */
export class PlaceOrder {
  constructor(
    private readonly ports: PlaceOrderPorts,
    private readonly reservationTtlSeconds: number,
  ) {
    // Fail at wiring time: a bad TTL (say, from a mistyped setting) would date every order Invalid Date.
    if (
      typeof reservationTtlSeconds !== "number" ||
      !Number.isFinite(reservationTtlSeconds) ||
      reservationTtlSeconds <= 0
    ) {
      throw new InvalidInputError("reservation_ttl_seconds", "must be a positive number of seconds");
    }
  }

  async execute(input: PlaceOrderInput): Promise<Order> {
    const demands = mergeDemands(input.items);
    const productIds = demands.map((d) => d.productId);
    const products = await this.ports.products.findByIds(productIds);
    const priceOf = new Map(products.map((p) => [p.id, p.priceCents]));
    const unknown = productIds.find((id) => !priceOf.has(id));
    if (unknown !== undefined) throw new ProductNotFoundError(unknown);

    for (let attempt = 1; ; attempt++) {
      // Read again on every attempt: a warehouse switched off since the last plan is no candidate.
      const candidates = await this.candidateWarehouses(input.warehouseId);
      const levels = await this.ports.stock.levels({
        productIds,
        ...(input.warehouseId === undefined ? {} : { warehouseId: input.warehouseId }),
      });
      const lines: OrderLine[] = allocateStock(demands, levels, candidates).map((line) => ({
        ...line,
        unitPriceCents: priceOf.get(line.productId) ?? 0,
      }));
      const now = this.ports.clock.now();
      const newOrder = {
        userId: input.actor.userId,
        lines,
        totalCents: sumCents(lines.map((l) => lineTotalCents(l.quantity, l.unitPriceCents))),
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.reservationTtlSeconds * 1000),
      };
      try {
        const order = await this.ports.unitOfWork.run(async (tx) => {
          const created = await tx.orders.create(newOrder);
          await tx.stock.reserve(created.id, lines);
          return created;
        });
        // Postgres already holds expiresAt: a timer that is down delays nothing past the sweep.
        await bestEffort(() => this.ports.timer.schedule(order.id, order.expiresAt));
        return order;
      } catch (error) {
        // Another checkout took the units, or a warehouse went inactive, between planning and
        // reserving: plan again.
        if (error instanceof InsufficientStockError && attempt < RESERVE_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  private async candidateWarehouses(warehouseId: number | undefined): Promise<number[]> {
    if (warehouseId === undefined) {
      const all = await this.ports.warehouses.list();
      return all.filter((w: Warehouse) => w.status === "active").map((w) => w.id);
    }
    const id = parseId(warehouseId, "warehouse_id");
    const warehouse = await this.ports.warehouses.findById(id);
    if (warehouse === null) throw new WarehouseNotFoundError(id);
    if (warehouse.status !== "active") throw new WarehouseInactiveError(id);
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
