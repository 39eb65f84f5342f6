import { ConfigError } from "@orders/process";
import { describe, expect, it } from "vitest";
import { loadConfig, WORKER_ENV, WORKER_HELP } from "../src/config.js";

const required = { DATABASE_URL: "postgres://u@db:5432/orders", REDIS_URL: "redis://cache:6379" };

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    expect(loadConfig(required)).toEqual({
      databaseUrl: required.DATABASE_URL,
      redisUrl: required.REDIS_URL,
      sweepIntervalSeconds: 30,
      pollIntervalMs: 250,
      batchSize: 100,
      healthPort: 8086,
      logLevel: "info",
      logFormat: "auto",
      events: { natsUrl: undefined, allowPrivateWebhookUrls: false, retentionDays: 7, webhookRetryHours: 24 },
    });
  });

  it("names every bad value, one message each", () => {
    const env = {
      REDIS_URL: "http://cache",
      SWEEP_INTERVAL_SECONDS: "5m",
      WORKER_BATCH_SIZE: "0",
      WORKER_POLL_INTERVAL_MS: "-1",
      LOG_LEVEL: "loud",
      LOG_FORMAT: "colourful",
    };
    let problems: readonly string[] = [];
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) problems = error.problems;
    }
    expect(problems).toEqual([
      "DATABASE_URL is required (e.g. postgres://host:port/...)",
      "REDIS_URL must start with redis://, rediss:// or redis+cluster://",
      'SWEEP_INTERVAL_SECONDS must be a whole number from 1 to 3600, got "5m"',
      'WORKER_POLL_INTERVAL_MS must be a whole number from 10 to 60000, got "-1"',
      'WORKER_BATCH_SIZE must be a whole number from 1 to 10000, got "0"',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      'LOG_FORMAT must be one of auto, json, pretty, got "colourful"',
    ]);
  });

  it("documents in --help every variable it reads, with its default", () => {
    const read = new Set<string>();
    const env = new Proxy({} as Record<string, string | undefined>, {
      get: (_, name) => {
        if (typeof name === "string") read.add(name);
        return undefined;
      },
    });
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect([...read].sort()).toEqual(Object.keys(WORKER_ENV).sort());
    for (const name of read) expect(WORKER_HELP).toContain(name);
    expect(WORKER_HELP).toMatch(/WORKER_HEALTH_PORT\s+\(8086\)/);
  });
});
