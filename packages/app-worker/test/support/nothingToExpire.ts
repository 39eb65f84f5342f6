import type { ExpiryUseCases } from "../../src/index.js";

/** Use cases with nothing to release, for tests of the worker's loops rather than of expiry. */
export const nothingToExpire: ExpiryUseCases = {
  expireReservation: { execute: async ({ orderId }) => ({ outcome: "not_found", orderId }) },
  expireOverdueReservations: { execute: async () => [] },
};
