import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Actor, DomainError, type Order, type OrderStatus, type Product, type Warehouse } from "../src/index.js";
import { createTestShop, type TestShop, TTL_SECONDS } from "./support/createTestShop.js";

const WAREHOUSES = 3;
const PRODUCTS = 3;
const CUSTOMERS = 2;

const quantity = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 1, max: 8 }) },
  { weight: 2, arbitrary: fc.integer({ min: 9, max: 80 }) }, // usually more than there is
  { weight: 1, arbitrary: fc.constant(1_000_001) }, // above the quantity bound
);
const warehouseIndex = fc.integer({ min: 0, max: WAREHOUSES - 1 });
const productIndex = fc.integer({ min: 0, max: PRODUCTS - 1 });
const orderPick = fc.nat();
/** Mostly short steps, so orders live long enough to be paid; sometimes past the TTL. */
const advanceSeconds = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 60 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: TTL_SECONDS + 60 }) },
);
/** Customers 0..CUSTOMERS-1; CUSTOMERS means the admin. */
const actorIndex = fc.integer({ min: 0, max: CUSTOMERS });

const checkout = fc.record({
  kind: fc.constant("checkout" as const),
  customer: fc.integer({ min: 0, max: CUSTOMERS - 1 }),
  items: fc.array(fc.record({ product: productIndex, quantity }), { minLength: 1, maxLength: 3 }),
  // Usually let the allocation policy choose; sometimes ask for one warehouse.
  warehouse: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: warehouseIndex }),
});

const simpleCommand = fc.oneof(
  { weight: 3, arbitrary: checkout },
  // Mostly the owner pays; sometimes someone else tries (and must get order_not_found).
  fc.record({ kind: fc.constant("pay" as const), order: orderPick, byOwner: fc.boolean(), actor: actorIndex }),
  fc.record({ kind: fc.constant("pay" as const), order: orderPick, byOwner: fc.constant(true), actor: actorIndex }),
  fc.record({ kind: fc.constant("cancel" as const), order: orderPick, byOwner: fc.boolean(), actor: actorIndex }),
  fc.record({
    kind: fc.constant("expire" as const),
    order: orderPick,
    advanceSeconds,
  }),
  fc.record({
    kind: fc.constant("sweep" as const),
    limit: fc.integer({ min: 1, max: 4 }),
    advanceSeconds,
  }),
  fc.record({
    kind: fc.constant("transfer" as const),
    from: warehouseIndex,
    to: warehouseIndex,
    product: productIndex,
    quantity,
  }),
  fc.record({
    kind: fc.constant("setStatus" as const),
    warehouse: warehouseIndex,
    status: fc.constantFrom("active" as const, "inactive" as const),
  }),
);
type SimpleCommand = typeof simpleCommand extends fc.Arbitrary<infer C> ? C : never;

/** Two commands started together, as concurrent requests would be. */
const command = fc.oneof(
  { weight: 8, arbitrary: simpleCommand },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("race" as const), first: simpleCommand, second: simpleCommand }),
  },
);
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

const setup = fc.record({
  stock: fc.array(fc.integer({ min: 0, max: 30 }), {
    minLength: WAREHOUSES * PRODUCTS,
    maxLength: WAREHOUSES * PRODUCTS,
  }),
  priorities: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: WAREHOUSES, maxLength: WAREHOUSES }),
  // One warehouse in four starts inactive.
  inactive: fc.array(
    fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    { minLength: WAREHOUSES, maxLength: WAREHOUSES },
  ),
});

type Setup = typeof setup extends fc.Arbitrary<infer S> ? S : never;

/** The error codes each command may legitimately end with; anything else fails the property. */
const EXPECTED_CODES: Record<SimpleCommand["kind"], readonly string[]> = {
  checkout: ["insufficient_stock", "invalid_input", "warehouse_inactive"],
  pay: ["order_not_found", "order_not_payable", "reservation_expired"],
  cancel: ["order_not_found", "order_not_cancellable"],
  expire: [],
  sweep: [],
  transfer: ["insufficient_stock", "invalid_input", "warehouse_inactive"],
  setStatus: [],
};

interface World {
  readonly shop: TestShop;
  readonly warehouses: Warehouse[];
  readonly products: Product[];
  readonly customers: Actor[];
  readonly admin: Actor;
  readonly orderIds: number[];
  /** Customer index of each order's owner. */
  readonly owners: Map<number, number>;
  readonly initialOnHand: number;
  soldUnits: number;
  statuses: Map<number, OrderStatus>;
}

async function buildWorld(init: Setup): Promise<World> {
  const shop = createTestShop();
  const warehouses = init.priorities.map((priority, i) =>
    shop.givenWarehouse({ priority, status: init.inactive[i] ? "inactive" : "active" }),
  );
  const products = Array.from({ length: PRODUCTS }, (_, i) => shop.givenProduct({ priceCents: 100 * (i + 1) }));
  let initialOnHand = 0;
  for (const [w, warehouse] of warehouses.entries()) {
    for (const [p, product] of products.entries()) {
      const units = init.stock[w * PRODUCTS + p] ?? 0;
      if (units > 0) await shop.givenStock(warehouse, product, units);
      initialOnHand += units;
    }
  }
  const customers = [];
  for (let i = 0; i < CUSTOMERS; i++) customers.push(await shop.givenCustomer());
  const world: World = {
    shop,
    warehouses,
    products,
    customers,
    admin: await shop.givenAdmin(),
    orderIds: [],
    owners: new Map(),
    initialOnHand,
    soldUnits: 0,
    statuses: new Map(),
  };
  return world;
}

const at = <T>(list: readonly T[], index: number): T => {
  const item = list[index % list.length];
  if (item === undefined) throw new Error(`no item at ${index}`);
  return item;
};
const unitsOf = (order: Order) => order.lines.reduce((sum, line) => sum + line.quantity, 0);

async function run(world: World, cmd: SimpleCommand): Promise<void> {
  const { shop } = world;
  const actor = (index: number) => (index === CUSTOMERS ? world.admin : at(world.customers, index));
  const orderId = (pick: number) => (world.orderIds.length === 0 ? 424242 : at(world.orderIds, pick));
  const caller = (id: number, byOwner: boolean, index: number) => {
    const owner = world.owners.get(id);
    return byOwner && owner !== undefined ? actor(owner) : actor(index);
  };
  try {
    switch (cmd.kind) {
      case "checkout": {
        const order = await shop.service.placeOrder.execute({
          actor: at(world.customers, cmd.customer),
          items: cmd.items.map((i) => ({ productId: at(world.products, i.product).id, quantity: i.quantity })),
          ...(cmd.warehouse === undefined ? {} : { warehouseId: at(world.warehouses, cmd.warehouse).id }),
        });
        world.orderIds.push(order.id);
        world.owners.set(order.id, cmd.customer);
        return;
      }
      case "pay": {
        const id = orderId(cmd.order);
        const paid = await shop.service.payOrder.execute({ actor: caller(id, cmd.byOwner, cmd.actor), orderId: id });
        world.soldUnits += unitsOf(paid);
        return;
      }
      case "cancel": {
        const id = orderId(cmd.order);
        await shop.service.cancelOrder.execute({ actor: caller(id, cmd.byOwner, cmd.actor), orderId: id });
        return;
      }
      case "expire":
        shop.clock.advanceSeconds(cmd.advanceSeconds);
        await shop.service.expireReservation.execute({ orderId: orderId(cmd.order) });
        return;
      case "sweep":
        shop.clock.advanceSeconds(cmd.advanceSeconds);
        await shop.service.expireOverdueReservations.execute({ limit: cmd.limit });
        return;
      case "transfer":
        await shop.service.transferStock.execute({
          actor: world.admin,
          fromWarehouseId: at(world.warehouses, cmd.from).id,
          toWarehouseId: at(world.warehouses, cmd.to).id,
          productId: at(world.products, cmd.product).id,
          quantity: cmd.quantity,
        });
        return;
      case "setStatus":
        await shop.service.setWarehouseStatus.execute({
          actor: world.admin,
          warehouseId: at(world.warehouses, cmd.warehouse).id,
          status: cmd.status,
        });
        return;
    }
  } catch (error) {
    if (error instanceof DomainError && EXPECTED_CODES[cmd.kind].includes(error.code)) return;
    throw error;
  }
}

async function checkInvariants(world: World): Promise<void> {
  const { shop } = world;
  const levels = await shop.levels();
  for (const level of levels) {
    expect(level.onHand).toBeGreaterThanOrEqual(0);
    expect(level.reserved).toBeGreaterThanOrEqual(0);
    expect(level.reserved).toBeLessThanOrEqual(level.onHand);
  }

  // on_hand only leaves the shop through sales.
  const onHand = levels.reduce((sum, level) => sum + level.onHand, 0);
  expect(onHand).toBe(world.initialOnHand - world.soldUnits);

  expect(await shop.replayedStock()).toEqual(await shop.currentStock());

  const orders = await shop.allOrders();
  const paidUnits = orders.filter((o) => o.status === "paid").reduce((sum, o) => sum + unitsOf(o), 0);
  expect(paidUnits).toBe(world.soldUnits);

  // Every reserved unit belongs to a pending order line in that warehouse, and vice versa.
  const pendingByRow = new Map<string, number>();
  for (const order of orders.filter((o) => o.status === "pending")) {
    for (const line of order.lines) {
      const key = `${line.warehouseId}:${line.productId}`;
      pendingByRow.set(key, (pendingByRow.get(key) ?? 0) + line.quantity);
    }
  }
  for (const level of levels) {
    expect(level.reserved).toBe(pendingByRow.get(`${level.warehouseId}:${level.productId}`) ?? 0);
    pendingByRow.delete(`${level.warehouseId}:${level.productId}`);
  }
  expect(pendingByRow.size).toBe(0);

  // Only pending orders move, and only once.
  const next = new Map<number, OrderStatus>();
  for (const order of orders) {
    const before = world.statuses.get(order.id);
    if (before === undefined) expect(order.status).toBe("pending");
    else if (before !== "pending") expect(order.status).toBe(before);
    expect(order.closedAt === null).toBe(order.status === "pending");
    next.set(order.id, order.status);
  }
  expect(next.size).toBeGreaterThanOrEqual(world.statuses.size);
  world.statuses = next;
}

async function runAll(world: World, commands: readonly Command[]): Promise<void> {
  await checkInvariants(world);
  for (const cmd of commands) {
    if (cmd.kind === "race") await Promise.all([run(world, cmd.first), run(world, cmd.second)]);
    else await run(world, cmd);
    await checkInvariants(world);
  }
}

describe("stock invariants under random command sequences", () => {
  it("hold after every step of checkout, pay, cancel, expire, sweep, transfer and set-status", async () => {
    await fc.assert(
      fc.asyncProperty(setup, fc.array(command, { maxLength: 40, size: "max" }), async (init, commands) => {
        await runAll(await buildWorld(init), commands);
      }),
      { numRuns: 200 },
    );
    // Bounded by numRuns, not by time: ~3 s alone, longer on a loaded 2-core CI box.
  }, 60_000);
});
