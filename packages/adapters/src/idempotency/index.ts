export {
  IDEMPOTENCY_KEY_TTL_MS,
  IDEMPOTENCY_LEASE_MS,
  type IdempotencyClaim,
  type IdempotencyClaimInput,
  type IdempotencyRecordKey,
  type IdempotencyStore,
} from "./IdempotencyStore.js";
export { InMemoryIdempotencyStore } from "./InMemoryIdempotencyStore.js";
export { SqlIdempotencyStore } from "./SqlIdempotencyStore.js";
