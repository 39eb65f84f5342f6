import { createHash } from "node:crypto";
import { type Clock, type ReservationTimer, StorageUnavailableError } from "@orders/domain";
import { SystemClock } from "../inprocess/SystemClock.js";
import { isRedisReadyFor, type RedisClient } from "./connectRedis.js";

export type ReservationTimerOperation = "schedule" | "scheduleMany" | "cancel" | "claimDue";

export interface RedisReservationTimerOptions {
  /**
   * Namespace of the keys, also their Redis Cluster hash tag: every key of one timer lives in
   * one slot, so the claim script and MULTI may touch several of them. Default "orders".
   */
  readonly prefix?: string;
  /** How long a claimed order stays hidden before it is due again (its release failed). */
  readonly leaseMs?: number;
  /** Where the reservation key's TTL is measured from; defaults to the system clock. */
  readonly clock?: Clock;
  /** Told about every failed call before it rejects (to log a warning and count a metric). */
  readonly onError?: (error: unknown, operation: ReservationTimerOperation) => void;
}

/**
 * Claims up to ARGV[2] members of the due index scored <= ARGV[1] and moves each one's score to
 * ARGV[3] (now + lease) in the same atomic step: concurrent claimers never get the same order,
 * and an order whose release failed (never cancelled) comes due again when the lease ends.
 */
const CLAIM_SCRIPT = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(due) do
  redis.call('ZADD', KEYS[1], 'XX', ARGV[3], member)
end
return due
`;
const CLAIM_SHA = createHash("sha1").update(CLAIM_SCRIPT).digest("hex");

const DEFAULT_LEASE_MS = 30_000;

/**
 * Members are zero-padded so that Redis's tie order for equal deadlines (by member, as bytes) is
 * numeric order: the same order as the Postgres sweep's `ORDER BY expires_at, id`, which lets the
 * worker release a claimed batch with one sweep transaction.
 */
const member = (orderId: number): string => String(orderId).padStart(16, "0");

/**
 * The reservation timer on Redis. Per order: a `{prefix}:reservation:<id>` key whose TTL is the
 * time left (so operators can watch it with TTL), and a member (the id, zero-padded to 16
 * digits) of the `{prefix}:due` sorted set scored by expiresAt in ms, which workers claim from. Failures reject with
 * StorageUnavailableError; callers treat the timer as best effort (the sweep is the backstop).
 */
export class RedisReservationTimer implements ReservationTimer {
  private readonly dueKey: string;
  private readonly reservationPrefix: string;
  private readonly leaseMs: number;
  private readonly clock: Clock;

  constructor(
    private readonly client: RedisClient,
    private readonly options: RedisReservationTimerOptions = {},
  ) {
    const tag = `{${options.prefix ?? "orders"}}`;
    this.dueKey = `${tag}:due`;
    this.reservationPrefix = `${tag}:reservation:`;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.clock = options.clock ?? new SystemClock();
  }

  /** The key an operator inspects for one order (`TTL <key>`). */
  reservationKey(orderId: number): string {
    return `${this.reservationPrefix}${orderId}`;
  }

  /** The sorted set of due times. */
  get dueIndexKey(): string {
    return this.dueKey;
  }

  schedule(orderId: number, expiresAt: Date): Promise<void> {
    return this.guard("schedule", () => this.writeDeadlines([{ orderId, expiresAt }]));
  }

  /** Every entry's key and index member in one MULTI: one round trip for a checkout batch. */
  scheduleMany(entries: readonly { readonly orderId: number; readonly expiresAt: Date }[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return this.guard("scheduleMany", () => this.writeDeadlines(entries));
  }

  private async writeDeadlines(entries: readonly { readonly orderId: number; readonly expiresAt: Date }[]) {
    const now = this.clock.now().getTime();
    const multi = this.client.multi();
    for (const { orderId, expiresAt } of entries) {
      const at = expiresAt.getTime();
      const ttlMs = at - now;
      const key = this.reservationKey(orderId);
      // A deadline already past gets no TTL key (PX must be positive); the index still holds it.
      if (ttlMs > 0) multi.set(key, expiresAt.toISOString(), { expiration: { type: "PX", value: ttlMs } });
      else multi.del(key);
    }
    multi.zAdd(
      this.dueKey,
      entries.map(({ orderId, expiresAt }) => ({ score: expiresAt.getTime(), value: member(orderId) })),
    );
    await multi.exec();
  }

  cancel(orderId: number): Promise<void> {
    return this.guard("cancel", async () => {
      await this.client.multi().del(this.reservationKey(orderId)).zRem(this.dueKey, member(orderId)).exec();
    });
  }

  claimDue(now: Date, limit: number): Promise<number[]> {
    return this.guard("claimDue", async () => {
      if (limit <= 0) return [];
      const args = {
        keys: [this.dueKey],
        arguments: [String(now.getTime()), String(limit), String(now.getTime() + this.leaseMs)],
      };
      let reply: unknown;
      try {
        reply = await this.client.evalSha(CLAIM_SHA, args);
      } catch (error) {
        // First use on this server (or after SCRIPT FLUSH): send the script itself once.
        if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
        reply = await this.client.eval(CLAIM_SCRIPT, args);
      }
      if (!Array.isArray(reply)) throw new Error("unexpected reply from the claim script");
      return reply.map((m) => Number(String(m)));
    });
  }

  private async guard<T>(operation: ReservationTimerOperation, work: () => Promise<T>): Promise<T> {
    try {
      // MULTI ... EXEC on a disconnected client waits for the next reconnect attempt (seconds)
      // despite disableOfflineQueue, so refuse up front: a checkout must not wait on the timer.
      if (!isRedisReadyFor(this.client, this.dueKey)) throw new Error("redis is not connected");
      return await work();
    } catch (error) {
      this.options.onError?.(error, operation);
      throw error instanceof StorageUnavailableError ? error : new StorageUnavailableError(error);
    }
  }
}
