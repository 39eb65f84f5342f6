import { type Clock, createOrderService, type OrderService, SlidingWindowLoginAttempts } from "@orders/domain";
import { FakePasswordHasher, FakeTokenIssuer, FixedClock, InMemoryReservationTimer } from "@orders/domain/testing";
import { createPostgresPorts, type SqlRunner } from "../../src/postgres/index.js";

export const RESERVATION_TTL_SECONDS = 300;

/** The real use cases over the Postgres ports; only the non-database ports are fakes. */
export function orderServiceOn(db: SqlRunner, clock: Clock = new FixedClock()): OrderService {
  return createOrderService(
    {
      ...createPostgresPorts(db),
      clock,
      timer: new InMemoryReservationTimer(clock),
      hasher: new FakePasswordHasher(),
      tokens: new FakeTokenIssuer(clock),
      loginAttempts: new SlidingWindowLoginAttempts({ clock }),
    },
    { reservationTtlSeconds: RESERVATION_TTL_SECONDS },
  );
}
