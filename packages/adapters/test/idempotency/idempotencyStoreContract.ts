import { expect, it } from "vitest";
import { IDEMPOTENCY_KEY_TTL_MS, IDEMPOTENCY_LEASE_MS, type IdempotencyStore } from "../../src/idempotency/index.js";

/** Answers an empty store. */
export type MakeIdempotencyStore = () => Promise<IdempotencyStore>;

const T0 = new Date("2030-01-01T00:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const ALICE = 1;
const BOB = 2;

/** The behaviour every IdempotencyStore must have; times come in through `now`, so no clock is needed. */
export function idempotencyStoreContract(make: MakeIdempotencyStore): void {
  const claimA = (store: IdempotencyStore, now = T0, fingerprint = "fp-a", userId = ALICE, key = "k1") =>
    store.claim({ userId, key, fingerprint, now });

  it("claims a new key, then answers in flight with the lease's remaining seconds", async () => {
    const store = await make();
    expect(await claimA(store)).toEqual({ state: "claimed" });
    expect(await claimA(store, at(20_500))).toEqual({
      state: "in_flight",
      retryAfterSeconds: Math.ceil((IDEMPOTENCY_LEASE_MS - 20_500) / 1000),
    });
  });

  it("replays the stored status and body exactly once completed, however often asked", async () => {
    const store = await make();
    await claimA(store);
    const body = JSON.stringify({ order_id: 42, note: "zürich ✓", nested: { a: [1, 2] } });
    await store.complete({ userId: ALICE, key: "k1", statusCode: 201, body });
    for (const when of [at(1), at(IDEMPOTENCY_LEASE_MS * 2), at(IDEMPOTENCY_KEY_TTL_MS - 1)]) {
      expect(await claimA(store, when)).toEqual({ state: "replay", statusCode: 201, body });
    }
  });

  it("answers mismatch for the same key with another payload, running or finished", async () => {
    const store = await make();
    await claimA(store);
    expect(await claimA(store, at(1), "fp-b")).toEqual({ state: "mismatch" });
    // Past the lease the unfinished claim can be taken over, but only by the same payload.
    expect(await claimA(store, at(IDEMPOTENCY_LEASE_MS + 1), "fp-b")).toEqual({ state: "mismatch" });
    await store.complete({ userId: ALICE, key: "k1", statusCode: 200, body: "{}" });
    expect(await claimA(store, at(2), "fp-b")).toEqual({ state: "mismatch" });
  });

  it("keeps keys per user", async () => {
    const store = await make();
    await claimA(store);
    expect(await claimA(store, T0, "fp-other", BOB)).toEqual({ state: "claimed" });
    expect(await claimA(store, T0, "fp-a", ALICE, "k2")).toEqual({ state: "claimed" });
  });

  it("forgets an abandoned claim so the retry runs, but never a finished one", async () => {
    const store = await make();
    await claimA(store);
    await store.abandon({ userId: ALICE, key: "k1" });
    expect(await claimA(store, at(1))).toEqual({ state: "claimed" });
    await store.complete({ userId: ALICE, key: "k1", statusCode: 409, body: '{"code":"insufficient_stock"}' });
    await store.abandon({ userId: ALICE, key: "k1" });
    expect(await claimA(store, at(2))).toMatchObject({ state: "replay", statusCode: 409 });
  });

  it("lets the same payload take over a claim left unfinished past the lease (a crashed process)", async () => {
    const store = await make();
    await claimA(store);
    expect(await claimA(store, at(IDEMPOTENCY_LEASE_MS - 1))).toMatchObject({ state: "in_flight" });
    expect(await claimA(store, at(IDEMPOTENCY_LEASE_MS))).toEqual({ state: "claimed" });
    // The takeover starts a new lease.
    expect(await claimA(store, at(IDEMPOTENCY_LEASE_MS + 1000))).toMatchObject({ state: "in_flight" });
  });

  it("treats a key older than 24 h as new, whatever its payload was", async () => {
    const store = await make();
    await claimA(store);
    await store.complete({ userId: ALICE, key: "k1", statusCode: 201, body: '{"order_id":1}' });
    expect(await claimA(store, at(IDEMPOTENCY_KEY_TTL_MS), "fp-b")).toEqual({ state: "claimed" });
    expect(await claimA(store, at(IDEMPOTENCY_KEY_TTL_MS + 1), "fp-b")).toMatchObject({ state: "in_flight" });
  });

  it("completes only an unfinished claim: the first stored answer stays", async () => {
    const store = await make();
    await claimA(store);
    await store.complete({ userId: ALICE, key: "k1", statusCode: 201, body: "first" });
    await store.complete({ userId: ALICE, key: "k1", statusCode: 200, body: "second" });
    expect(await claimA(store, at(1))).toEqual({ state: "replay", statusCode: 201, body: "first" });
  });

  it("purges keys claimed before the cutoff and counts them", async () => {
    const store = await make();
    await claimA(store, T0, "fp", ALICE, "old");
    await store.complete({ userId: ALICE, key: "old", statusCode: 201, body: "{}" });
    await claimA(store, T0, "fp", BOB, "old-unfinished");
    await claimA(store, at(10_000), "fp", ALICE, "new");
    // purgeExpired takes now; the cutoff is 24 h (IDEMPOTENCY_KEY_TTL_MS) before it, here at(5_000).
    expect(await store.purgeExpired(at(5_000 + IDEMPOTENCY_KEY_TTL_MS))).toBe(2);
    expect(await store.purgeExpired(at(5_000 + IDEMPOTENCY_KEY_TTL_MS))).toBe(0);
    // The purged key is new again; the kept one still answers.
    expect(await claimA(store, at(11_000), "other", ALICE, "old")).toEqual({ state: "claimed" });
    expect(await claimA(store, at(11_000), "fp", ALICE, "new")).toMatchObject({ state: "in_flight" });
  });

  it("hands exactly one of 20 concurrent claims of one key the claim", async () => {
    const store = await make();
    const results = await Promise.all(Array.from({ length: 20 }, () => claimA(store, T0, "fp-same", ALICE, "race")));
    expect(results.filter((r) => r.state === "claimed")).toHaveLength(1);
    expect(results.filter((r) => r.state === "in_flight")).toHaveLength(19);
  });

  it("hands exactly one of 20 concurrent takeovers of an abandoned claim the claim", async () => {
    const store = await make();
    await claimA(store, T0, "fp-same", ALICE, "stale");
    const later = at(IDEMPOTENCY_LEASE_MS + 5_000);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => claimA(store, later, "fp-same", ALICE, "stale")),
    );
    expect(results.filter((r) => r.state === "claimed")).toHaveLength(1);
    expect(results.filter((r) => r.state === "in_flight")).toHaveLength(19);
  });
}
