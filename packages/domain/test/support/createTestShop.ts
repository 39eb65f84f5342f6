import {
  type Actor,
  createOrderService,
  type Order,
  type Product,
  type Role,
  replayLedger,
  type StockLevel,
  type User,
  type Warehouse,
} from "../../src/index.js";
import { createInMemoryPorts } from "../../src/testing/index.js";

export const TTL_SECONDS = 300;

export interface StockCounts {
  readonly onHand: number;
  readonly reserved: number;
}

/**
 * A shop on the in-memory fakes with small `given...` helpers that build state, plus readers
 * for the state the tests assert on (stock, orders, ledger).
 */
export function createTestShop(
  options: {
    readonly reservationTtlSeconds?: number;
    /** Hold limits per customer; none unless a test asks (the tests of the limits do). */
    readonly maxPendingUnitsPerProduct?: number;
    readonly maxPendingOrders?: number;
  } = {},
) {
  const ports = createInMemoryPorts();
  const service = createOrderService(ports, {
    reservationTtlSeconds: options.reservationTtlSeconds ?? TTL_SECONDS,
    maxPendingUnitsPerProduct: options.maxPendingUnitsPerProduct ?? Number.MAX_SAFE_INTEGER,
    maxPendingOrders: options.maxPendingOrders ?? Number.MAX_SAFE_INTEGER,
  });
  let users = 0;

  const givenWarehouse = (fields: Partial<Omit<Warehouse, "id">> = {}): Warehouse =>
    ports.db.addWarehouse({ name: `Warehouse ${ports.db.tables.warehouses.size + 1}`, ...fields });

  const givenProduct = (fields: Partial<Omit<Product, "id">> = {}): Product => {
    const n = ports.db.tables.products.size + 1;
    return ports.db.addProduct({ sku: `SKU-${n}`, name: `Product ${n}`, priceCents: 100, ...fields });
  };

  const givenStock = async (warehouse: Warehouse, product: Product, onHand: number): Promise<void> => {
    await ports.stock.adjust(warehouse.id, product.id, onHand);
  };

  const givenUser = async (
    fields: { email?: string; phone?: string | null; password?: string; role?: Role } = {},
  ): Promise<User> => {
    users++;
    return ports.db.addUser({
      email: fields.email ?? `user${users}@example.com`,
      phone: fields.phone ?? null,
      role: fields.role ?? "customer",
      passwordHash: await ports.hasher.hash(fields.password ?? "correct horse"),
    });
  };

  const givenCustomer = async (): Promise<Actor> => {
    const user = await givenUser();
    return { userId: user.id, role: user.role };
  };

  const givenAdmin = async (): Promise<Actor> => {
    const user = await givenUser({ role: "admin" });
    return { userId: user.id, role: user.role };
  };

  const givenOrder = (
    actor: Actor,
    items: readonly { product: Product; quantity: number }[],
    warehouse?: Warehouse,
  ): Promise<Order> =>
    service.placeOrder.execute({
      actor,
      items: items.map((i) => ({ productId: i.product.id, quantity: i.quantity })),
      ...(warehouse === undefined ? {} : { warehouseId: warehouse.id }),
    });

  /** on_hand and reserved of one product in one warehouse (0/0 when no row exists yet). */
  const stockAt = async (warehouse: Warehouse, product: Product): Promise<StockCounts> => {
    const [level] = await ports.catalog.levels({ warehouseId: warehouse.id, productIds: [product.id] });
    return { onHand: level?.onHand ?? 0, reserved: level?.reserved ?? 0 };
  };

  const levels = async (): Promise<StockLevel[]> => ports.catalog.levels({});

  /** The levels as the ledger implies them, shaped like replayLedger's answer. */
  const currentStock = async () =>
    (await levels()).map(({ warehouseId, productId, onHand, reserved }) => ({
      warehouseId,
      productId,
      onHand,
      reserved,
    }));

  const replayedStock = async () => replayLedger(await ports.stock.movements({}));

  const orderById = async (id: number): Promise<Order | null> => ports.orders.findById(id);

  const allOrders = async (): Promise<Order[]> => ports.orders.list({ limit: 10_000 });

  return {
    ports,
    service,
    clock: ports.clock,
    givenWarehouse,
    givenProduct,
    givenStock,
    givenUser,
    givenCustomer,
    givenAdmin,
    givenOrder,
    stockAt,
    levels,
    currentStock,
    replayedStock,
    orderById,
    allOrders,
  };
}

export type TestShop = ReturnType<typeof createTestShop>;

/** A shop with one warehouse holding 10 units of one product, and a customer's pending order of 4. */
export async function givenPendingOrder() {
  const shop = createTestShop();
  const w = shop.givenWarehouse();
  const p = shop.givenProduct();
  await shop.givenStock(w, p, 10);
  const owner = await shop.givenCustomer();
  const order = await shop.givenOrder(owner, [{ product: p, quantity: 4 }]);
  return { shop, w, p, owner, order };
}
