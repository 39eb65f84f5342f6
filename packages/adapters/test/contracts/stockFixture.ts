// The stock the Reservations, StockLedger and Catalog contracts start from, and their shared checks.
import { type Order, replayLedger, type StockLevel, type StockLine } from "@orders/domain";
import { beforeEach, expect } from "vitest";
import type { ContractTarget, MakeTarget } from "./ContractTarget.js";

export const T0 = new Date("2026-01-01T00:00:00.000Z");

/** W1, W2 and an inactive Off warehouse; P1 (10 in W1, 5 in W2) and P2 (3 in W1, 7 in Off); one customer. */
export interface StockFixture {
  t: ContractTarget;
  w1: number;
  w2: number;
  off: number;
  p1: number;
  p2: number;
  userId: number;
  /** on_hand and reserved of one row, or undefined when there is none. */
  level(warehouseId: number, productId: number): Promise<{ onHand: number; reserved: number } | undefined>;
  expectLedgerReplaysToLevels(): Promise<void>;
  /** Checkout's write: a pending order of `lines` (unit price 7) stored with its reservation. */
  placePending(lines: readonly StockLine[]): Promise<Order>;
  /** No order, no reservation, no ledger row beyond the fixture's adjustments. */
  expectNothingWritten(): Promise<void>;
}

/** Registers a beforeEach that builds the fixture on a fresh target; read the fields inside tests. */
export function stockFixture(makeTarget: MakeTarget): StockFixture {
  const f = {
    async level(warehouseId: number, productId: number) {
      const [found] = await f.t.ports.catalog.levels({ warehouseId, productIds: [productId] });
      return found === undefined ? undefined : { onHand: found.onHand, reserved: found.reserved };
    },
    async expectLedgerReplaysToLevels() {
      const levels = await f.t.ports.catalog.levels({});
      const replayed = replayLedger(await f.t.ports.stock.movements({}));
      expect(replayed).toEqual(
        levels.map(({ warehouseStatus: _s, warehousePriority: _p, ...rest }: StockLevel) => rest),
      );
    },
    placePending: (lines: readonly StockLine[]): Promise<Order> =>
      f.t.ports.reservations.placePending({
        userId: f.userId,
        totalCents: 7 * lines.reduce((sum, l) => sum + l.quantity, 0),
        lines: lines.map((l) => ({ ...l, unitPriceCents: 7 })),
        createdAt: T0,
        expiresAt: new Date(T0.getTime() + 60_000),
      }),
    async expectNothingWritten() {
      expect(await f.t.ports.orders.list({ limit: 10 })).toEqual([]);
      expect((await f.t.ports.stock.movements({})).every((m) => m.kind === "adjust")).toBe(true);
      for (const l of await f.t.ports.catalog.levels({})) expect(l.reserved).toBe(0);
    },
  } as StockFixture;

  beforeEach(async () => {
    const t = await makeTarget();
    f.t = t;
    f.w1 = (await t.given.warehouse({ name: "W1" })).id;
    f.w2 = (await t.given.warehouse({ name: "W2" })).id;
    f.off = (await t.given.warehouse({ name: "Off", status: "inactive" })).id;
    f.p1 = (await t.given.product({ sku: "P1", name: "One", priceCents: 100 })).id;
    f.p2 = (await t.given.product({ sku: "P2", name: "Two", priceCents: 200 })).id;
    f.userId = (await t.given.user({ email: "c@example.com", phone: null, role: "customer", passwordHash: "h" })).id;
    await t.ports.stock.adjust(f.w1, f.p1, 10);
    await t.ports.stock.adjust(f.w2, f.p1, 5);
    await t.ports.stock.adjust(f.w1, f.p2, 3);
    await t.ports.stock.adjust(f.off, f.p2, 7);
  });
  return f;
}
