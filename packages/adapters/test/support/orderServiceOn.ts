import {
  type Clock,
  createOrderService,
  type OrderService,
  type OrderServiceOptions,
  SlidingWindowLoginAttempts,
} from "@orders/domain";
import { FakePasswordHasher, FakeTokenIssuer, FixedClock, InMemoryReservationTimer } from "@orders/domain/testing";
import { createPostgresPorts, type SqlRunner } from "../../src/postgres/index.js";

export const RESERVATION_TTL_SECONDS = 300;

/** No hold limits: the races below are about stock; the ones about the limits pass their own. */
const NO_HOLD_LIMITS = {
  maxPendingUnitsPerProduct: Number.MAX_SAFE_INTEGER,
  maxPendingOrders: Number.MAX_SAFE_INTEGER,
};

/** The real use cases over the Postgres ports; only the non-database ports are fakes. */
export function orderServiceOn(
  db: SqlRunner,
  clock: Clock = new FixedClock(),
  limits: Partial<Pick<OrderServiceOptions, "maxPendingUnitsPerProduct" | "maxPendingOrders">> = {},
): OrderService {
  return createOrderService(
    {
      ...createPostgresPorts(db),
      clock,
      timer: new InMemoryReservationTimer(clock),
      hasher: new FakePasswordHasher(),
      tokens: new FakeTokenIssuer(clock),
      loginAttempts: new SlidingWindowLoginAttempts({ clock }),
    },
    { reservationTtlSeconds: RESERVATION_TTL_SECONDS, ...NO_HOLD_LIMITS, ...limits },
  );
}
