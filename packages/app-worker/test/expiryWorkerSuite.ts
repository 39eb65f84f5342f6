import { available, type Order, ReservationExpiredError } from "@orders/domain";
import { pino } from "pino";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { ExpiryWorker, type ExpiryWorkerOptions } from "../src/index.js";
import type { Harness } from "./support/harness.js";
import { sleep, waitFor } from "./support/waitFor.js";

export type MakeHarness = (options: { ttlSeconds: number; units: number }) => Promise<Harness>;

/** The worker's promises, on whatever store and timer `make` builds. */
export function expiryWorkerSuite(name: string, make: MakeHarness): void {
  describe(`ExpiryWorker on ${name}`, () => {
    let h: Harness | undefined;
    const workers: ExpiryWorker[] = [];
    const registry = new Registry();

    const startWorker = (harness: Harness, options: Partial<ExpiryWorkerOptions> = {}): ExpiryWorker => {
      const worker = new ExpiryWorker({
        useCases: harness.service,
        timer: harness.timer,
        clock: harness.clock,
        logger: pino({ level: "silent" }),
        registry,
        pollIntervalMs: 50,
        batchSize: 100,
        sweepIntervalMs: 60_000,
        ...options,
      });
      workers.push(worker);
      worker.start();
      return worker;
    };
    const setUp = async (ttlSeconds: number, units: number): Promise<Harness> => {
      h = await make({ ttlSeconds, units });
      return h;
    };
    const level = async (harness: Harness) => {
      const [row] = await harness.catalog.levels({ productIds: [harness.productId], warehouseId: harness.warehouseId });
      if (row === undefined) throw new Error("no stock row");
      return row;
    };
    const placeMany = async (harness: Harness, count: number, at: Date): Promise<Order[]> => {
      const placing = harness.placingService(at);
      const placed: Order[] = [];
      for (let i = 0; i < count; i += 20) {
        const batch = Array.from({ length: Math.min(20, count - i) }, () =>
          placing.placeOrder.execute({
            actor: harness.actor,
            items: [{ productId: harness.productId, quantity: 1 }],
            warehouseId: harness.warehouseId,
          }),
        );
        placed.push(...(await Promise.all(batch)));
      }
      return placed;
    };
    /** Status of each order, and the release/sale ledger rows written for each. */
    const outcome = async (harness: Harness, placed: readonly Order[]) => {
      const ids = new Set(placed.map((o) => o.id));
      const movements = (await harness.stock.movements({ productId: harness.productId })).filter(
        (m) => m.orderId !== null && m.orderId !== undefined && ids.has(m.orderId),
      );
      const statuses = await Promise.all(placed.map(async (o) => (await harness.orders.findById(o.id))?.status));
      const count = (kind: string) => {
        const per = new Map<number, number>();
        for (const m of movements)
          if (m.kind === kind && m.orderId != null) per.set(m.orderId, (per.get(m.orderId) ?? 0) + 1);
        return per;
      };
      return { statuses, releases: count("release"), sales: count("sale") };
    };

    afterEach(async () => {
      await Promise.all(workers.splice(0).map((w) => w.stop()));
      await h?.close();
      h = undefined;
    });

    it("releases a 1 s reservation within 2 s of its expiry and gives the stock back", async () => {
      const harness = await setUp(1, 10);
      startWorker(harness);
      const order = await harness.service.placeOrder.execute({
        actor: harness.actor,
        items: [{ productId: harness.productId, quantity: 3 }],
        warehouseId: harness.warehouseId,
      });
      expect(available(await level(harness))).toBe(7);
      await waitFor(
        "the order to expire",
        async () => (await harness.orders.findById(order.id))?.status === "expired",
        order.expiresAt.getTime() + 2_000 - Date.now(),
      );
      expect(Date.now() - order.expiresAt.getTime()).toBeLessThan(2_000);
      expect(available(await level(harness))).toBe(10);
    });

    it("two workers expire 1,000 reservations due together exactly once each", async () => {
      const harness = await setUp(1, 1_000);
      const a = startWorker(harness);
      const b = startWorker(harness);
      const started = Date.now();
      // All 1,000 share one deadline, set past the time placing them takes.
      const placed = await placeMany(harness, 1_000, new Date(started + harness.placingBudgetMs));
      const releasedBy = (...ws: ExpiryWorker[]) =>
        ws.reduce((n, w) => n + w.health().released.timer + w.health().released.sweep, 0);
      // Workers count a release just after its commit: wait for the counts as well as the stock.
      await waitFor(
        "every order to expire",
        async () => (await level(harness)).reserved === 0 && releasedBy(a, b) >= 1_000,
        20_000,
      );
      const { statuses, releases, sales } = await outcome(harness, placed);
      expect(statuses.every((s) => s === "expired")).toBe(true);
      expect([...releases.values()].every((n) => n === 1) && releases.size === 1_000).toBe(true);
      expect(sales.size).toBe(0);
      expect(available(await level(harness))).toBe(1_000);
      expect(releasedBy(a, b)).toBe(1_000);
    }, 60_000);

    it("a worker restarted after the deadlines releases everything overdue within its first sweep", async () => {
      const harness = await setUp(1, 50);
      const first = startWorker(harness);
      const placed = await placeMany(harness, 50, new Date());
      await first.stop();
      await sleep(1_200);
      expect((await level(harness)).reserved).toBe(50);
      const restarted = startWorker(harness, { pollIntervalMs: 60_000, sweepIntervalMs: 60_000 });
      await waitFor("the first sweep", async () => restarted.sweeps >= 1);
      // The first claim batch runs beside the first sweep, which skips the orders it holds: let that
      // batch commit. With both intervals at 60 s, nothing released within these 5 s came from a later pass.
      await waitFor("the first claim batch to commit", async () => (await level(harness)).reserved === 0, 5_000);
      const { statuses } = await outcome(harness, placed);
      expect(statuses.every((s) => s === "expired")).toBe(true);
      expect(available(await level(harness))).toBe(50);
    });

    it("the sweep releases every reservation after the timer lost its entries", async () => {
      const harness = await setUp(1, 100);
      const placed = await placeMany(harness, 100, new Date());
      await harness.loseTimerEntries();
      const worker = startWorker(harness, { sweepIntervalMs: 300 });
      await waitFor(
        "the sweep to release all",
        async () => (await level(harness)).reserved === 0 && worker.health().released.sweep >= 100,
        10_000,
      );
      const { statuses, releases } = await outcome(harness, placed);
      expect(statuses.every((s) => s === "expired")).toBe(true);
      expect(releases.size).toBe(100);
      expect(worker.health().released).toEqual({ timer: 0, sweep: 100 });
    });

    it("keeps sweeping while the timer is down", async () => {
      const harness = await setUp(1, 5);
      const down = {
        schedule: () => Promise.reject(new Error("down")),
        scheduleMany: () => Promise.reject(new Error("down")),
        cancel: () => Promise.reject(new Error("down")),
        claimDue: () => Promise.reject(new Error("down")),
      };
      const placed = await placeMany(harness, 5, new Date(Date.now() - 2_000));
      const worker = startWorker(harness, { timer: down, sweepIntervalMs: 200 });
      await waitFor("the sweep to release all", async () => (await level(harness)).reserved === 0);
      expect((await outcome(harness, placed)).statuses.every((s) => s === "expired")).toBe(true);
      expect(worker.health().ok).toBe(true);
    });

    it("payment at the last moment racing expiry: exactly one wins, stock stays consistent", async () => {
      const harness = await setUp(1, 40);
      startWorker(harness, { pollIntervalMs: 5 });
      const before = await level(harness);
      const at = new Date(Date.now() + 200);
      const placed = await placeMany(harness, 40, at);
      const deadline = at.getTime() + 1_000;
      // Payments spread from 20 ms before to 20 ms after the shared deadline.
      const payments = placed.map(async (order, i) => {
        await sleep(Math.max(0, deadline - 20 + i - Date.now()));
        try {
          await harness.service.payOrder.execute({ actor: harness.actor, orderId: order.id });
          return "paid";
        } catch (error) {
          if (error instanceof ReservationExpiredError || (error as { code?: string }).code === "order_not_payable") {
            return "lost";
          }
          throw error;
        }
      });
      const results = await Promise.all(payments);
      await waitFor("every order to close", async () => (await level(harness)).reserved === 0);
      const { statuses, releases, sales } = await outcome(harness, placed);
      placed.forEach((order, i) => {
        const status = statuses[i];
        expect(results[i]).toBe(status === "paid" ? "paid" : "lost");
        expect((releases.get(order.id) ?? 0) + (sales.get(order.id) ?? 0)).toBe(1);
        expect(status === "paid" ? sales.get(order.id) : releases.get(order.id)).toBe(1);
      });
      const sold = statuses.filter((s) => s === "paid").length;
      const after = await level(harness);
      expect(after.onHand + sold).toBe(before.onHand);
      expect(available(after) + sold).toBe(available(before));
    });
  });
}
