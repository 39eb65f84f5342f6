// How far each cursor-driven sink (NATS JetStream, or any broker) has published, with a lease so
// one worker at a time publishes for a sink, in feed order.
import type { Clock } from "@orders/domain";
import type { SqlRunner } from "../postgres/SqlRunner.js";
import { toSafeInteger } from "../postgres/toSafeInteger.js";

export class PostgresSinkCursors {
  constructor(
    private readonly db: SqlRunner,
    private readonly clock: Clock,
  ) {}

  /** The sink's position if this worker now holds it for `leaseMs`; null while another holds it. */
  async claim(name: string, leaseMs: number): Promise<number | null> {
    const now = this.clock.now();
    await this.db.query("INSERT INTO event_sink_cursors (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", [name]);
    const [row] = await this.db.query<{ position: unknown }>(
      `UPDATE event_sink_cursors SET leased_until = $2::timestamptz + $3::bigint * interval '1 millisecond'
       WHERE name = $1 AND (leased_until IS NULL OR leased_until <= $2) RETURNING position`,
      [name, now, leaseMs],
    );
    return row === undefined ? null : toSafeInteger(row.position);
  }

  /** Moves the sink past `position` and lets go of it. */
  async release(name: string, position: number): Promise<void> {
    await this.db.query(
      "UPDATE event_sink_cursors SET position = greatest(position, $2), leased_until = NULL WHERE name = $1",
      [name, position],
    );
  }
}
