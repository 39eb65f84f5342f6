import type { DomainEvent, EventType } from "../events/DomainEvent.js";

export interface FeedQuery {
  /** The feed position read last (a previous page's nextCursor); 0 for the beginning. */
  readonly after: number;
  /** Only these types; all when empty. */
  readonly types: readonly EventType[];
  readonly limit: number;
}

export interface FeedPage {
  readonly events: readonly DomainEvent[];
  /** Where the next read starts: past every event returned and every one the type filter skipped. */
  readonly nextCursor: number;
}

/**
 * The committed events in commit order (read side). A reader that passes back `nextCursor` sees
 * each event exactly once: positions are given after commit, one transaction at a time.
 */
export interface EventFeed {
  /** Gives positions to the events committed since the last call, fans them out; answers how many. */
  sequence(limit?: number): Promise<number>;
  read(query: FeedQuery): Promise<FeedPage>;
  /** Deletes events, and delivered or failed attempts, that occurred before `before`; answers how many events. */
  purge(before: Date): Promise<number>;
}
