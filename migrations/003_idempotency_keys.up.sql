-- Idempotency-Key requests: one row per (user, key) holding the request's fingerprint and, once
-- the first attempt finished, the status and body to replay. created_at is when the current claim
-- was taken: it drives the in-flight lease and the 24 h expiry (the worker deletes old rows).
-- No foreign key to users: a claim is one statement on the request path, and nothing deletes users.
CREATE TABLE idempotency_keys (
  user_id       bigint NOT NULL,
  key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  fingerprint   text NOT NULL,
  status_code   integer CHECK (status_code BETWEEN 100 AND 599),
  response_body text,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (user_id, key),
  CONSTRAINT idempotency_keys_finished_has_body CHECK ((status_code IS NULL) = (response_body IS NULL))
);
CREATE INDEX idempotency_keys_by_created_at ON idempotency_keys (created_at);
