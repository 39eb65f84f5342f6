// Starts a throwaway PgBouncer (transaction pooling) in front of a PostgreSQL server, for tests and `make scale`.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./redisCluster.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const BINARY_CANDIDATES = ["pgbouncer", "/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"];

/** The pgbouncer binary, or undefined when none is installed (scripts/ensure-pgbouncer.sh installs it). */
export function pgbouncerBinary(): string | undefined {
  return BINARY_CANDIDATES.find((bin) => spawnSync(bin, ["--version"]).status === 0);
}

export interface PgbouncerOptions {
  /** The PostgreSQL server behind it (host and port are used; every database name is passed through). */
  readonly upstreamUrl: string;
  /** Server connections per (database, user) pair. */
  readonly poolSize?: number;
  readonly maxClientConnections?: number;
  /** Listen here (default: a free loopback port). */
  readonly port?: number;
}

export interface RunningPgbouncer {
  readonly port: number;
  /** `upstreamUrl` with host and port replaced by PgBouncer's. */
  readonly url: string;
  /** Same as url but for another database name. */
  urlFor(database: string): string;
  /** Stops it (SIGINT: immediate shutdown, every connection cut). */
  stop(): Promise<void>;
  /** Starts it again on the same port after stop(). */
  start(): Promise<void>;
  /** stop() then start(). */
  restart(): Promise<void>;
  /** Stops it for good and removes its directory. */
  dispose(): Promise<void>;
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * PgBouncer in transaction mode on a loopback port: every database name maps to the same name on
 * the upstream server (`* = host port`), auth_type=any logs in as the upstream URL's user (the
 * local server trusts loopback). No `ignore_startup_parameters`: a client that sets search_path
 * through the `options` startup parameter is refused rather than silently given the wrong schema
 * (transaction pooling hands one server connection to many clients; session settings cannot follow).
 * When running as root it drops to the postgres user (pgbouncer refuses to run as root).
 */
export async function startPgbouncer(options: PgbouncerOptions): Promise<RunningPgbouncer> {
  const binary = pgbouncerBinary();
  if (binary === undefined) throw new Error("pgbouncer is not installed (run scripts/ensure-pgbouncer.sh)");
  const upstream = new URL(options.upstreamUrl);
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), "pgbouncer-"));
  const asRoot = process.getuid?.() === 0;
  const runAs = asRoot ? "postgres" : undefined;
  const user = decodeURIComponent(upstream.username || "postgres");
  const config = [
    "[databases]",
    `* = host=${upstream.hostname} port=${upstream.port || "5432"} user=${user}`,
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    "unix_socket_dir =",
    "auth_type = any",
    "pool_mode = transaction",
    `default_pool_size = ${options.poolSize ?? 20}`,
    `max_client_conn = ${options.maxClientConnections ?? 1000}`,
    "server_login_retry = 1",
    "query_wait_timeout = 10",
    `logfile = ${join(dir, "pgbouncer.log")}`,
    `pidfile = ${join(dir, "pgbouncer.pid")}`,
    "",
  ].join("\n");
  const ini = join(dir, "pgbouncer.ini");
  writeFileSync(ini, config);
  if (runAs !== undefined) {
    const pw = spawnSync("id", ["-u", runAs]).stdout.toString().trim();
    const gid = spawnSync("id", ["-g", runAs]).stdout.toString().trim();
    chownSync(dir, Number(pw), Number(gid));
    chownSync(ini, Number(pw), Number(gid));
  }
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    const args = runAs === undefined ? [ini] : ["-u", runAs, ini];
    const started = spawn(binary, args, { stdio: "ignore" });
    child = started;
    for (let i = 0; i < 200; i++) {
      if (await isListening(port)) return;
      if (started.exitCode !== null) break;
      await sleep(25);
    }
    throw new Error(`pgbouncer did not start on ${port} (see ${join(dir, "pgbouncer.log")})`);
  };
  const stop = async (): Promise<void> => {
    const running = child;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGINT");
    await exited;
  };
  const urlFor = (database: string): string => {
    const url = new URL(options.upstreamUrl);
    url.hostname = "127.0.0.1";
    url.port = String(port);
    url.pathname = `/${database}`;
    return url.toString();
  };
  await start();
  return {
    port,
    url: urlFor(upstream.pathname.slice(1) || "postgres"),
    urlFor,
    stop: async () => {
      await stop();
    },
    start,
    restart: async () => {
      await stop();
      await start();
    },
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
