// The feed of committed events: the sequencer that gives them positions in commit order and fans
// them out to webhook deliveries, the paged read, and the retention purge.
import { type Clock, DEFAULT_DELIVERY_RETRY, type EventFeed, type FeedPage, type FeedQuery } from "@orders/domain";
import type { SqlRunner } from "../postgres/SqlRunner.js";
import { toSafeInteger } from "../postgres/toSafeInteger.js";
import { EVENT_COLUMNS, type EventRow, toDomainEvent } from "./eventRow.js";

export interface PostgresEventFeedOptions {
  readonly clock: Clock;
  /** How long a new delivery is retried before it fails (DeliveryRetryPolicy.giveUpAfterMs). */
  readonly giveUpAfterMs?: number;
}

const DEFAULT_SEQUENCE_BATCH = 1000;
const PURGE_BATCH = 5000;

/*
 * Why positions are commit order. Events are inserted with a NULL position by the writing
 * transaction. The sequencer locks the one event_feed row (sequencers run one at a time), then, in
 * a new statement and so a new snapshot, numbers the committed events that have none after the head,
 * in insert order, and moves the head, all in one transaction. A reader sees either none or all of
 * one sequencer's positions, and every position below the head is final: an event that commits later
 * gets a higher position, whatever its transaction id. Within one batch insert order keeps each
 * aggregate's events in sequence order: the next event of an aggregate is inserted only after the
 * previous one committed (the event_sequences row lock), so it has the larger insert_no.
 */
export class PostgresEventFeed implements EventFeed {
  private readonly giveUpAfterMs: number;

  constructor(
    private readonly db: SqlRunner,
    private readonly options: PostgresEventFeedOptions,
  ) {
    this.giveUpAfterMs = options.giveUpAfterMs ?? DEFAULT_DELIVERY_RETRY.giveUpAfterMs;
  }

  async sequence(limit = DEFAULT_SEQUENCE_BATCH): Promise<number> {
    // A cheap look first: most calls find nothing and take no lock.
    const [pending] = await this.db.query<{ any: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM events WHERE position IS NULL) AS any",
      [],
    );
    if (pending?.any !== true) return 0;
    const now = this.options.clock.now();
    return this.db.transaction(async (tx) => {
      const [head] = await tx.query<{ last_position: unknown }>(
        "SELECT last_position FROM event_feed WHERE id FOR UPDATE",
        [],
      );
      const last = toSafeInteger(head?.last_position ?? 0);
      const [numbered] = await tx.query<{ n: unknown; top: unknown }>(
        `WITH batch AS (
           SELECT id, row_number() OVER (ORDER BY insert_no) AS n
           FROM events WHERE position IS NULL ORDER BY insert_no LIMIT $2
         ), numbered AS (
           UPDATE events e SET position = $1::bigint + b.n FROM batch b WHERE e.id = b.id RETURNING e.position
         )
         SELECT count(*) AS n, max(position) AS top FROM numbered`,
        [last, limit],
      );
      const n = toSafeInteger(numbered?.n ?? 0);
      if (n === 0) return 0;
      const top = toSafeInteger(numbered?.top);
      await tx.query(
        `INSERT INTO webhook_deliveries
           (webhook_id, event_id, aggregate_type, aggregate_id, position, next_attempt_at, give_up_at)
         SELECT w.id, e.id, e.aggregate_type, e.aggregate_id, e.position, $3::timestamptz,
                $3::timestamptz + $4::bigint * interval '1 millisecond'
         FROM events e JOIN webhooks w ON w.status = 'enabled' AND e.type = ANY (w.event_types)
         WHERE e.position > $1::bigint AND e.position <= $2::bigint
         ORDER BY e.position, w.id`,
        [last, top, now, this.giveUpAfterMs],
      );
      await tx.query("UPDATE event_feed SET last_position = $1 WHERE id", [top]);
      return n;
    });
  }

  async read(query: FeedQuery): Promise<FeedPage> {
    // The page and the head in one statement, so one snapshot: every position up to the head is in it.
    const rows = await this.db.query<Partial<EventRow> & { position: unknown; head: unknown }>(
      `SELECT h.last_position AS head, p.*
       FROM event_feed h
       LEFT JOIN LATERAL (
         SELECT ${EVENT_COLUMNS}, e.position
         FROM events e
         WHERE e.position > $1 AND (cardinality($2::text[]) = 0 OR e.type = ANY ($2::text[]))
         ORDER BY e.position LIMIT $3
       ) p ON true
       WHERE h.id
       ORDER BY p.position`,
      [query.after, query.types, query.limit],
    );
    const found = rows.filter((row): row is EventRow & { position: unknown; head: unknown } => row.id != null);
    const events = found.map(toDomainEvent);
    const last = found.at(-1);
    if (found.length === query.limit && last !== undefined) {
      return { events, nextCursor: toSafeInteger(last.position) };
    }
    // A short page read everything up to the head: skip past what the type filter left out.
    return { events, nextCursor: Math.max(toSafeInteger(rows[0]?.head ?? 0), query.after) };
  }

  async purge(before: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const [row] = await this.db.query<{ n: unknown }>(
        `WITH old AS (
           SELECT e.id FROM events e
           WHERE e.occurred_at < $1 AND e.position IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'pending')
           LIMIT $2
         ), gone AS (DELETE FROM events e USING old WHERE e.id = old.id RETURNING 1)
         SELECT count(*) AS n FROM gone`,
        [before, PURGE_BATCH],
      );
      const n = toSafeInteger(row?.n ?? 0);
      total += n;
      if (n < PURGE_BATCH) break;
    }
    await this.db.query("DELETE FROM webhook_deliveries WHERE status <> 'pending' AND finished_at < $1", [before]);
    return total;
  }
}
