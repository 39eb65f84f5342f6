-- The last completed expiry sweep, by any worker: one row, moved forward by every sweep. It is the
-- audit's evidence that a worker had the chance to release an overdue order: a pending order that
-- expired before a completed sweep started should have been released by it.
CREATE TABLE worker_sweeps (
  id           boolean PRIMARY KEY DEFAULT true CHECK (id),
  started_at   timestamptz NOT NULL,
  completed_at timestamptz NOT NULL
);
