import type { JetStreamSink, SqlRunner } from "@orders/adapters";
import type { Clock, ReservationTimer } from "@orders/domain";
import { token } from "@orders/process";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { WorkerConfig } from "./config.js";
import type { EventWorker } from "./EventWorker.js";
import type { ExpiryUseCases, ExpiryWorker } from "./ExpiryWorker.js";

// Injection tokens of the worker's composition root; only container.ts registers them.
export const Tokens = {
  Config: token<WorkerConfig>("WorkerConfig"),
  Logger: token<Logger>("Logger"),
  Registry: token<Registry>("Registry"),
  Database: token<SqlRunner>("Database"),
  Clock: token<Clock>("Clock"),
  ReservationTimer: token<ReservationTimer>("ReservationTimer"),
  ExpiryUseCases: token<ExpiryUseCases>("ExpiryUseCases"),
  ExpiryWorker: token<ExpiryWorker>("ExpiryWorker"),
  /** Null without NATS_URL. */
  Nats: token<JetStreamSink | null>("Nats"),
  EventWorker: token<EventWorker>("EventWorker"),
} as const;
