// CachedCatalog: the 1 s lag bound on a fake clock, invalidation by this process's writes, single flight, keys, failures, size.
import { type Actor, type Catalog, createOrderService, type Product, type Warehouse } from "@orders/domain";
import { createInMemoryPorts, FixedClock } from "@orders/domain/testing";
import { describe, expect, it } from "vitest";
import { CATALOG_LISTING_MAX_AGE_MS, CachedCatalog, cachedCatalogPorts } from "../../src/inprocess/index.js";

/** An in-memory shop whose service runs on cachedCatalogPorts, and its uncached ports for writes behind its back. */
async function givenShop() {
  const clock = new FixedClock();
  const raw = createInMemoryPorts(clock);
  const ports = cachedCatalogPorts(raw, { clock });
  const service = createOrderService({ ...raw, ...ports }, { reservationTtlSeconds: 300 });
  const warehouse: Warehouse = raw.db.addWarehouse({ name: "Main" });
  const product: Product = raw.db.addProduct({ sku: "PEN", name: "Pen", priceCents: 250 });
  await raw.stock.adjust(warehouse.id, product.id, 10);
  const user = raw.db.addUser({ email: "c@example.com", phone: null, role: "customer", passwordHash: "x" });
  const customer: Actor = { userId: user.id, role: user.role };
  const admin = raw.db.addUser({ email: "a@example.com", phone: null, role: "admin", passwordHash: "x" });
  const live = createOrderService(raw, { reservationTtlSeconds: 300 });
  const available = async () => (await service.listProducts.execute())[0]?.available;
  const liveAvailable = async () => (await live.listProducts.execute())[0]?.available;
  return { clock, raw, ports, service, warehouse, product, customer, admin, available, liveAvailable };
}

/** A Catalog whose listing reads wait until the test lets them finish; counts the reads. */
class GatedCatalog implements Catalog {
  reads = 0;
  private readonly gates: { resolve: (rows: []) => void; reject: (error: Error) => void }[] = [];

  listWithStock(): Promise<[]> {
    this.reads++;
    return new Promise((resolve, reject) => this.gates.push({ resolve, reject }));
  }

  finish(read: number): void {
    this.gates[read]?.resolve([]);
  }

  fail(read: number, error: Error): void {
    this.gates[read]?.reject(error);
  }

  findWithStock = async () => [];
  levels = async () => [];
}

/** A cache over a GatedCatalog on a fixed clock that has served one listing ({ limit: 50 }): read 0. */
async function givenServedListing() {
  const inner = new GatedCatalog();
  const clock = new FixedClock();
  const cache = new CachedCatalog(inner, { clock });
  const first = cache.listWithStock({ limit: 50 });
  inner.finish(0);
  return { inner, clock, cache, firstRows: await first };
}

describe("CachedCatalog", () => {
  it("lags stock written behind its back by less than the bound, measured from when the read began", async () => {
    const shop = await givenShop();
    expect(await shop.available()).toBe(10);

    // A write this process did not make (another HTTP process, the worker): the cache cannot know.
    await shop.raw.stock.adjust(shop.warehouse.id, shop.product.id, 5);
    shop.clock.advanceSeconds((CATALOG_LISTING_MAX_AGE_MS - 1) / 1000);
    expect(await shop.available()).toBe(10);

    shop.clock.advanceSeconds(0.001);
    expect(await shop.available()).toBe(15);
  });

  it("shows this process's own stock writes at once: checkout, pay, cancel, transfer, warehouse status", async () => {
    const shop = await givenShop();
    const other = shop.raw.db.addWarehouse({ name: "Other" });
    const adminActor: Actor = { userId: shop.admin.id, role: "admin" };
    expect(await shop.available()).toBe(10);

    const order = await shop.service.placeOrder.execute({
      actor: shop.customer,
      items: [{ productId: shop.product.id, quantity: 3 }],
    });
    expect(await shop.available()).toBe(7);

    await shop.service.cancelOrder.execute({ actor: shop.customer, orderId: order.id });
    expect(await shop.available()).toBe(10);

    await shop.service.transferStock.execute({
      actor: adminActor,
      fromWarehouseId: shop.warehouse.id,
      toWarehouseId: other.id,
      productId: shop.product.id,
      quantity: 4,
    });
    await shop.service.setWarehouseStatus.execute({ actor: adminActor, warehouseId: other.id, status: "inactive" });
    expect(await shop.available()).toBe(6);

    const paid = await shop.service.placeOrder.execute({
      actor: shop.customer,
      items: [{ productId: shop.product.id, quantity: 1 }],
    });
    await shop.service.payOrder.execute({ actor: shop.customer, orderId: paid.id });
    expect(await shop.available()).toBe(5);
    // The clock never moved: every change above came from invalidation, not from age.
  });

  it("drops listings after every write through the wrapped ports, even a failed one", async () => {
    const shop = await givenShop();
    const writes: [string, () => Promise<unknown>][] = [
      ["stock.adjust", () => shop.ports.stock.adjust(shop.warehouse.id, shop.product.id, 1)],
      [
        "unitOfWork.run",
        () => shop.ports.unitOfWork.run((tx) => tx.stock.adjust(shop.warehouse.id, shop.product.id, 1)),
      ],
      ["warehouses.setStatus", () => shop.ports.warehouses.setStatus(shop.warehouse.id, "active")],
      [
        "stock.receive",
        () =>
          shop.ports.stock.receive({
            warehouseId: shop.warehouse.id,
            lines: [{ productId: shop.product.id, quantity: 1 }],
            reference: null,
            actorUserId: shop.admin.id,
          }),
      ],
      [
        "stock.count",
        () =>
          shop.ports.stock.count(shop.warehouse.id, shop.product.id, 500, {
            actorUserId: shop.admin.id,
            reason: "count",
            note: null,
          }),
      ],
      ["products.update", () => shop.ports.products.update(shop.product.id, { priceCents: 2 })],
      [
        "productImport.apply",
        () =>
          shop.ports.productImport.apply(
            [{ line: 2, sku: "IMPORTED-1", name: "Imported", priceCents: 1, stock: null }],
            { actorUserId: shop.admin.id, dryRun: false },
          ),
      ],
      [
        "reservations.placeMany",
        () =>
          shop.ports.reservations.placeMany(
            [
              {
                userId: shop.customer.userId,
                totalCents: 1,
                lines: [{ warehouseId: shop.warehouse.id, productId: shop.product.id, quantity: 1, unitPriceCents: 1 }],
                createdAt: shop.clock.now(),
                expiresAt: new Date(shop.clock.now().getTime() + 60_000),
              },
            ],
            { maxPendingUnitsPerProduct: 100, maxPendingOrders: 100 },
          ),
      ],
      ["failed stock.adjust", () => shop.ports.stock.adjust(shop.warehouse.id, shop.product.id, -1_000).catch(() => 0)],
    ];
    for (const [name, write] of writes) {
      await shop.available();
      // Behind the cache's back, so only the write below can make the listing current.
      await shop.raw.stock.adjust(shop.warehouse.id, shop.product.id, 100);
      expect(await shop.available()).not.toBe(await shop.liveAvailable());

      await write();

      expect({ name, available: await shop.available() }).toEqual({ name, available: await shop.liveAvailable() });
    }
  });

  it("leaves reads alone: a listing survives reading orders, warehouses and stock levels", async () => {
    const shop = await givenShop();
    await shop.available();
    await shop.raw.stock.adjust(shop.warehouse.id, shop.product.id, 5);

    await shop.ports.warehouses.list();
    await shop.ports.stock.movements({});
    await shop.ports.catalog.levels({});

    expect(await shop.available()).toBe(10);
  });

  it("reads live for checkout planning and stock levels", async () => {
    const shop = await givenShop();
    await shop.available();
    await shop.raw.stock.adjust(shop.warehouse.id, shop.product.id, 5);

    expect((await shop.ports.catalog.findWithStock([shop.product.id]))[0]?.levels[0]?.onHand).toBe(15);
    expect((await shop.ports.catalog.levels({}))[0]?.onHand).toBe(15);
  });

  it("shares one read among concurrent misses of the same listing (single flight)", async () => {
    const inner = new GatedCatalog();
    const cache = new CachedCatalog(inner, { clock: new FixedClock() });

    const waiting = Array.from({ length: 20 }, () => cache.listWithStock({ limit: 50 }));
    inner.finish(0);
    const answers = await Promise.all(waiting);

    expect(inner.reads).toBe(1);
    expect(new Set(answers).size).toBe(1);
  });

  it("renews a listing asked for in the second half of its life while serving it: nobody waits at expiry", async () => {
    const { inner, clock, cache, firstRows } = await givenServedListing();

    clock.advanceSeconds((CATALOG_LISTING_MAX_AGE_MS * 0.75) / 1000);
    // Served from memory at once, and the renewing read has started.
    expect(await cache.listWithStock({ limit: 50 })).toBe(firstRows);
    expect(await cache.listWithStock({ limit: 50 })).toBe(firstRows);
    expect(inner.reads).toBe(2);
    inner.finish(1);
    await Promise.resolve();

    // Past the first read's bound: the renewed listing (younger than the bound) answers, no new read.
    clock.advanceSeconds((CATALOG_LISTING_MAX_AGE_MS * 0.3) / 1000);
    const renewed = await cache.listWithStock({ limit: 50 });
    expect(renewed).not.toBe(firstRows);
    expect(inner.reads).toBe(2);
  });

  it("does not keep a renewing read that was in flight when a write invalidated the listing", async () => {
    const { inner, clock, cache } = await givenServedListing();
    clock.advanceSeconds(CATALOG_LISTING_MAX_AGE_MS / 2 / 1000);
    await cache.listWithStock({ limit: 50 });
    expect(inner.reads).toBe(2);

    cache.invalidate();
    inner.finish(1);
    await Promise.resolve();
    const after = cache.listWithStock({ limit: 50 });
    expect(inner.reads).toBe(3);
    inner.finish(2);
    await after;
  });

  it("keys listings by the whole query", async () => {
    const inner = new GatedCatalog();
    const cache = new CachedCatalog(inner, { clock: new FixedClock() });

    const reads = [
      cache.listWithStock({ limit: 50 }),
      cache.listWithStock({ limit: 2 }),
      cache.listWithStock({ limit: 2, afterId: 7 }),
    ];
    for (let i = 0; i < 3; i++) inner.finish(i);
    await Promise.all(reads);
    await cache.listWithStock({ limit: 2 });

    expect(inner.reads).toBe(3);
  });

  it("does not serve a read that was in flight when a write invalidated it to requests made after the write", async () => {
    const inner = new GatedCatalog();
    const cache = new CachedCatalog(inner, { clock: new FixedClock() });

    const before = cache.listWithStock({ limit: 50 });
    cache.invalidate();
    const after = cache.listWithStock({ limit: 50 });
    inner.finish(0);
    inner.finish(1);
    await Promise.all([before, after]);

    expect(inner.reads).toBe(2);
  });

  it("does not keep a failed read: every waiter gets the error, the next request reads again", async () => {
    const inner = new GatedCatalog();
    const cache = new CachedCatalog(inner, { clock: new FixedClock() });

    const waiting = [cache.listWithStock({ limit: 50 }), cache.listWithStock({ limit: 50 })];
    inner.fail(0, new Error("database down"));
    for (const w of waiting) await expect(w).rejects.toThrow("database down");

    const retried = cache.listWithStock({ limit: 50 });
    inner.finish(1);
    await expect(retried).resolves.toEqual([]);
    expect(inner.reads).toBe(2);
  });

  it("keeps at most maxEntries listings, dropping the oldest", async () => {
    const inner = new GatedCatalog();
    const cache = new CachedCatalog(inner, { clock: new FixedClock(), maxEntries: 2 });

    for (const limit of [1, 2, 3]) {
      const read = cache.listWithStock({ limit });
      inner.finish(inner.reads - 1);
      await read;
    }
    const again = cache.listWithStock({ limit: 1 });
    inner.finish(inner.reads - 1);
    await again;
    await cache.listWithStock({ limit: 3 });

    expect(inner.reads).toBe(4);
  });
});
