import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "@orders/process";
import { describe, expect, it } from "vitest";
import { HTTP_ENV, HTTP_HELP, loadConfig } from "../src/config.js";
import { loadOrCreateSecret } from "../src/loadOrCreateSecret.js";

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe("loadConfig", () => {
  it("defaults to embedded mode on :8085 with the documented values", () => {
    expect(loadConfig({})).toEqual({
      port: 8085,
      mode: { kind: "embedded" },
      jwtSecret: undefined,
      jwtTtlSeconds: 3600,
      reservationTtlSeconds: 300,
      currency: "IDR",
      maxPendingUnitsPerProduct: 10,
      maxPendingOrders: 5,
      checkoutBatchMax: 64,
      checkoutRateLimit: 20,
      logLevel: "info",
      logFormat: "auto",
      corsOrigins: [],
      readReplica: null,
      dataDir: "./.data",
      databasePoolMax: 10,
      sweepIntervalSeconds: 30,
      production: false,
      events: { natsUrl: undefined, allowPrivateWebhookUrls: false, retentionDays: 7, webhookRetryHours: 24 },
    });
  });

  it("reads the hold limits and the checkout batch bound, and refuses a zero", () => {
    const config = loadConfig({ MAX_PENDING_UNITS_PER_PRODUCT: "3", MAX_PENDING_ORDERS: "2", CHECKOUT_BATCH_MAX: "8" });
    expect(config).toMatchObject({ maxPendingUnitsPerProduct: 3, maxPendingOrders: 2, checkoutBatchMax: 8 });
    expect(() => loadConfig({ MAX_PENDING_ORDERS: "0" })).toThrow(/MAX_PENDING_ORDERS/);
  });

  it("reads the events settings", () => {
    const config = loadConfig({
      NATS_URL: "nats://127.0.0.1:4222",
      WEBHOOK_ALLOW_PRIVATE_URLS: "true",
      EVENT_RETENTION_DAYS: "30",
      WEBHOOK_RETRY_HOURS: "2",
    });
    expect(config.events).toEqual({
      natsUrl: "nats://127.0.0.1:4222",
      allowPrivateWebhookUrls: true,
      retentionDays: 30,
      webhookRetryHours: 2,
    });
    let problems: readonly string[] = [];
    try {
      loadConfig({ NATS_URL: "http://x", WEBHOOK_ALLOW_PRIVATE_URLS: "yes", EVENT_RETENTION_DAYS: "0" });
    } catch (error) {
      problems = (error as { problems: readonly string[] }).problems;
    }
    expect(problems).toEqual([
      'WEBHOOK_ALLOW_PRIVATE_URLS must be "true" or "false"',
      expect.stringMatching(/^NATS_URL must start with nats:\/\//),
      expect.stringMatching(/^EVENT_RETENTION_DAYS/),
    ]);
  });

  it("reads CHECKOUT_RATE_LIMIT: 0 turns it off, a negative or fractional value is refused", () => {
    expect(loadConfig({ CHECKOUT_RATE_LIMIT: "0" }).checkoutRateLimit).toBe(0);
    expect(loadConfig({ CHECKOUT_RATE_LIMIT: "5" }).checkoutRateLimit).toBe(5);
    expect(() => loadConfig({ CHECKOUT_RATE_LIMIT: "-1" })).toThrow(/CHECKOUT_RATE_LIMIT/);
    expect(() => loadConfig({ CHECKOUT_RATE_LIMIT: "2.5" })).toThrow(/CHECKOUT_RATE_LIMIT/);
  });

  it("is in real mode with DATABASE_URL and REDIS_URL", () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://u@h:5432/db",
      REDIS_URL: "redis://h:6379",
      DATABASE_POOL_MAX: "20",
    });
    expect(config.mode).toEqual({ kind: "real", databaseUrl: "postgres://u@h:5432/db", redisUrl: "redis://h:6379" });
    expect(config.databasePoolMax).toBe(20);
    expect(config.readReplica).toBeNull();
  });

  it("reads browsing from DATABASE_READ_URL in real mode, with its lag limit", () => {
    const real = { DATABASE_URL: "postgres://u@h:5432/db", REDIS_URL: "redis+cluster://h:7000,h:7001" };
    expect(loadConfig({ ...real, DATABASE_READ_URL: "postgres://u@r:5432/db" }).readReplica).toEqual({
      url: "postgres://u@r:5432/db",
      maxLagMs: 1000,
    });
    expect(
      loadConfig({ ...real, DATABASE_READ_URL: "postgres://r/db", READ_REPLICA_MAX_LAG_MS: "250" }).readReplica
        ?.maxLagMs,
    ).toBe(250);
    expect(problemsOf({ DATABASE_READ_URL: "postgres://r/db" })).toEqual([
      "DATABASE_READ_URL needs real mode (DATABASE_URL and REDIS_URL)",
    ]);
    expect(problemsOf({ ...real, REDIS_URL: "redis+cluster://h" })).toEqual([
      'REDIS_URL cluster node "h" needs a port (host:port)',
    ]);
  });

  it("lists one clear message per bad value", () => {
    expect(
      problemsOf({
        PORT: "80a",
        DATABASE_URL: "mysql://h/db",
        REDIS_URL: "not a url",
        JWT_SECRET: "short",
        JWT_TTL_SECONDS: "0",
        RESERVATION_TTL_SECONDS: "-5",
        LOG_LEVEL: "verbose",
        DATABASE_POOL_MAX: "0",
      }),
    ).toEqual([
      'PORT must be a whole number from 0 to 65535, got "80a"',
      "DATABASE_URL must start with postgres:// or postgresql://",
      "REDIS_URL is not a valid URL",
      "JWT_SECRET must be at least 32 bytes, got 5",
      'JWT_TTL_SECONDS must be a whole number from 60 to 2592000, got "0"',
      'RESERVATION_TTL_SECONDS must be a whole number from 1 to 86400, got "-5"',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
      'DATABASE_POOL_MAX must be a whole number from 1 to 1000, got "0"',
    ]);
  });

  it("reads CURRENCY as an ISO 4217 code and refuses anything else", () => {
    expect(loadConfig({ CURRENCY: "EUR" }).currency).toBe("EUR");
    // Trimmed like every variable.
    expect(loadConfig({ CURRENCY: "USD " }).currency).toBe("USD");
    for (const bad of ["idr", "RP", "RUPIAH", "XYZ", "I D"]) {
      expect(problemsOf({ CURRENCY: bad }), bad).toEqual([
        `CURRENCY: "${bad}" is not an ISO 4217 currency code (3 capital letters, e.g. IDR)`,
      ]);
    }
  });

  it("reads CORS_ORIGINS as a list of exact origins and names each one that is not", () => {
    expect(loadConfig({ CORS_ORIGINS: " https://shop.example.com, http://localhost:5173 " }).corsOrigins).toEqual([
      "https://shop.example.com",
      "http://localhost:5173",
    ]);
    expect(problemsOf({ CORS_ORIGINS: "https://shop.example.com/,*,shop.example.com,https://ok.example" })).toEqual([
      'CORS_ORIGINS: "https://shop.example.com/" is not an origin (scheme://host[:port], no path or trailing slash, e.g. https://shop.example.com)',
      'CORS_ORIGINS: "*" is not an origin (scheme://host[:port], no path or trailing slash, e.g. https://shop.example.com)',
      'CORS_ORIGINS: "shop.example.com" is not an origin (scheme://host[:port], no path or trailing slash, e.g. https://shop.example.com)',
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
    loadConfig(env);
    expect([...read].sort()).toEqual(Object.keys(HTTP_ENV).sort());
    for (const name of read) expect(HTTP_HELP).toContain(name);
    expect(HTTP_HELP).toMatch(/PORT\s+\(8085\)/);
    // Read by startTracing before the config is loaded, and listed all the same.
    expect(HTTP_HELP).toContain("OTEL_EXPORTER_OTLP_ENDPOINT");
  });

  it("wants both storage URLs or neither", () => {
    expect(problemsOf({ DATABASE_URL: "postgres://h/db" })).toEqual([
      "REDIS_URL is required when DATABASE_URL is set (set both for real mode, neither for embedded mode)",
    ]);
  });

  it("refuses to start in production without JWT_SECRET", () => {
    expect(problemsOf({ NODE_ENV: "production" })).toEqual([
      "JWT_SECRET is required when NODE_ENV=production (at least 32 bytes)",
    ]);
    expect(loadConfig({ NODE_ENV: "production", JWT_SECRET: "p".repeat(32) }).jwtSecret).toBe("p".repeat(32));
  });
});

describe("loadOrCreateSecret", () => {
  it("generates a 32-byte secret once, mode 0600, and reads the same one back", () => {
    const dir = mkdtempSync(join(tmpdir(), "orders-secret-"));
    try {
      const first = loadOrCreateSecret(join(dir, "nested"));
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      expect(statSync(join(dir, "nested", "jwt-secret")).mode & 0o777).toBe(0o600);
      expect(loadOrCreateSecret(join(dir, "nested"))).toBe(first);
      expect(readFileSync(join(dir, "nested", "jwt-secret"), "utf8")).toBe(first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a stored secret that is too short", () => {
    const dir = mkdtempSync(join(tmpdir(), "orders-secret-"));
    try {
      writeFileSync(join(dir, "jwt-secret"), "tiny");
      expect(() => loadOrCreateSecret(dir)).toThrow(/shorter than 32 bytes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
