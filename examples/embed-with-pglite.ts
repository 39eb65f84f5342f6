// Another Node app embedding the order service's domain on its own database: PGlite in memory,
// the real Postgres adapters over it, and the use cases from @orders/domain. No server needed.
// It imports the packages by name, as any app does: in an app that installed the packed tarballs
// (README, "The domain as a library"), `npx tsx embed-with-pglite.ts`. In this repository,
// against dist/ after `make build`, or from the sources with the repo's `development` condition:
//
//   node --import tsx examples/embed-with-pglite.ts
//   node --conditions=development --import tsx examples/embed-with-pglite.ts
import { createPostgresPorts, migrate, openEmbeddedDatabase, ScryptPasswordHasher } from "@orders/adapters";
import {
  type Actor,
  type Clock,
  createOrderService,
  type LoginAttempts,
  type ReservationTimer,
  type TokenIssuer,
  UnauthenticatedError,
} from "@orders/domain";

const db = await openEmbeddedDatabase(); // pass a folder to keep the data on disk
await migrate(db, { seed: true });

// The ports this app does not care about get the smallest honest implementations.
const clock: Clock = { now: () => new Date() };
const timer: ReservationTimer = {
  schedule: async () => undefined, // expiry would come from a sweep (expireOverdueReservations)
  scheduleMany: async () => undefined,
  cancel: async () => undefined,
  claimDue: async () => [],
};
const tokens: TokenIssuer = {
  issue: async (actor) => ({ token: `${actor.role}:${actor.userId}`, expiresIn: 3600 }),
  verify: async (): Promise<Actor> => {
    throw new UnauthenticatedError("this example issues no verifiable tokens");
  },
};
const loginAttempts: LoginAttempts = {
  reserve: async () => ({ allowed: true }), // no lockout
  reset: async () => undefined,
};

const service = createOrderService(
  { ...createPostgresPorts(db), clock, timer, tokens, loginAttempts, hasher: new ScryptPasswordHasher() },
  { reservationTtlSeconds: 300 },
);

try {
  const { user } = await service.logIn.execute({ emailOrPhone: "customer@example.com", password: "customer123" });
  const actor: Actor = { userId: user.id, role: user.role };
  const order = await service.placeOrder.execute({ actor, items: [{ productId: 1, quantity: 2 }] });
  const paid = await service.payOrder.execute({ actor, orderId: order.id });
  const [keyboard] = await service.listProducts.execute({ limit: 1 });
  console.log(
    JSON.stringify({
      orderId: paid.id,
      status: paid.status,
      totalCents: paid.totalCents,
      lines: paid.lines,
      product1AvailableAfter: keyboard?.available,
    }),
  );
} finally {
  await db.close();
}
