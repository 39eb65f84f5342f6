import { describe } from "vitest";

/** Marks a suite that needs a server, so the run can name the suites it skipped in one line. */
export const NEEDS_SERVER_TAG = "[needs ";

type Server = "postgres" | "redis" | "nats";

const ENV: Record<Server, string> = { postgres: "TEST_DATABASE_URL", redis: "TEST_REDIS_URL", nats: "TEST_NATS_URL" };

function serverUrl(server: Server): string | undefined {
  const name = ENV[server];
  const value = process.env[name];
  if (value !== undefined && value !== "") return value;
  // In CI a missing server is a broken setup, never a silent skip.
  if (process.env.CI === "true") throw new Error(`${name} is not set but CI=true: start ${server} (see .ci/run)`);
  return undefined;
}

/** The real PostgreSQL server to test against (TEST_DATABASE_URL), or undefined when there is none. */
export const postgresUrl = (): string | undefined => serverUrl("postgres");

/** The real NATS server with JetStream to test against (TEST_NATS_URL), or undefined when there is none. */
export const natsUrl = (): string | undefined => serverUrl("nats");

/** The real Redis server to test against (TEST_REDIS_URL), or undefined when there is none. */
export const redisUrl = (): string | undefined => serverUrl("redis");

/**
 * `describe` for a suite that needs `server`: skipped, with a name the SkippedServersReporter
 * picks up, when the server is not configured. Usage: `describeWithServer("redis")("name", fn)`.
 */
export function describeWithServer(server: Server) {
  const configured = serverUrl(server) !== undefined;
  return (name: string, body: () => void) =>
    describe.skipIf(!configured)(configured ? name : `${name} ${NEEDS_SERVER_TAG}${ENV[server]}]`, body);
}
