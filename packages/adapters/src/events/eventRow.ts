// One events row as the DomainEvent every sink and the feed carry.
import type { DomainEvent } from "@orders/domain";
import { toSafeInteger } from "../postgres/toSafeInteger.js";

export interface EventRow {
  id: string;
  type: string;
  occurred_at: Date | string;
  aggregate_type: string;
  aggregate_id: unknown;
  sequence: unknown;
  data: unknown;
}

export const EVENT_COLUMNS = "e.id, e.type, e.occurred_at, e.aggregate_type, e.aggregate_id, e.sequence, e.data";

export function toDomainEvent(row: EventRow): DomainEvent {
  return {
    id: row.id,
    type: row.type,
    occurred_at: new Date(row.occurred_at).toISOString(),
    aggregate: { type: row.aggregate_type, id: toSafeInteger(row.aggregate_id) },
    sequence: toSafeInteger(row.sequence),
    // jsonb arrives parsed from pg and PGlite alike.
    data: (typeof row.data === "string" ? JSON.parse(row.data) : row.data) as DomainEvent["data"],
  } as DomainEvent;
}
