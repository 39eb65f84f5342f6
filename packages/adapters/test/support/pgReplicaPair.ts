// A private PostgreSQL 15 primary and a streaming replica (pg_basebackup -R) on free loopback ports, for tests and `make scale`.
import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePorts } from "./redisCluster.js";

const run = promisify(execFile);
const BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
const OS_USER = "postgres";

/** Whether the PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) are there. */
export const postgresBinariesPresent = (): boolean =>
  ["initdb", "pg_ctl", "pg_basebackup"].every((b) => existsSync(join(BIN, b)));

async function as(cmd: string, args: readonly string[]): Promise<string> {
  // initdb and postgres refuse to run as root: run them as the postgres OS user then.
  const { stdout } =
    process.getuid?.() === 0
      ? await run("runuser", ["-u", OS_USER, "--", join(BIN, cmd), ...args], { timeout: 120_000 })
      : await run(join(BIN, cmd), [...args], { timeout: 120_000 });
  return stdout;
}

async function ownDir(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() !== 0) return;
  const { stdout: uid } = await run("id", ["-u", OS_USER]);
  const { stdout: gid } = await run("id", ["-g", OS_USER]);
  chownSync(dir, Number(uid.trim()), Number(gid.trim()));
}

/** One server of the pair: its data directory, port, and pg_ctl start/stop. */
export class PostgresServer {
  constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly socketDir: string,
    private readonly maxConnections: number,
  ) {}

  url(database = "postgres"): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    await as("pg_ctl", [
      "-D",
      this.dataDir,
      "-l",
      `${this.dataDir}.log`,
      "-w",
      "-t",
      "60",
      "-o",
      `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.socketDir} -c fsync=off -c max_connections=${this.maxConnections}`,
      "start",
    ]);
  }

  /** Fast shutdown: sessions are cut. */
  async stop(): Promise<void> {
    await as("pg_ctl", ["-D", this.dataDir, "-m", "fast", "-w", "-t", "30", "stop"]);
  }

  async stopQuietly(): Promise<void> {
    await as("pg_ctl", ["-D", this.dataDir, "-m", "immediate", "-w", "-t", "10", "stop"]).catch(() => undefined);
  }
}

export interface PrimaryWithReplica {
  readonly primary: PostgresServer;
  readonly replica: PostgresServer;
  /** Stops both and removes their directory. */
  dispose(): Promise<void>;
}

/**
 * initdb a primary (trust auth on loopback, replication included; wal_level=replica is PostgreSQL
 * 15's default), start it, copy it with `pg_basebackup -R` (which writes standby.signal and
 * primary_conninfo) and start that copy as a hot standby streaming from the primary.
 */
export async function startPrimaryWithReplica(options: { maxConnections?: number } = {}): Promise<PrimaryWithReplica> {
  const dir = mkdtempSync(join(tmpdir(), "pg-replica-"));
  await ownDir(dir);
  const [primaryPort, replicaPort] = (await freePorts(2)) as [number, number];
  const maxConnections = options.maxConnections ?? 100;
  const primary = new PostgresServer(join(dir, "primary"), primaryPort, dir, maxConnections);
  const replica = new PostgresServer(join(dir, "replica"), replicaPort, dir, maxConnections);
  const dispose = async () => {
    await replica.stopQuietly();
    await primary.stopQuietly();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await ownDir(primary.dataDir);
    await as("initdb", ["-D", primary.dataDir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
    await primary.start();
    await as("pg_basebackup", [
      "-h",
      "127.0.0.1",
      "-p",
      String(primaryPort),
      "-U",
      "postgres",
      "-D",
      replica.dataDir,
      "-R",
      "-X",
      "stream",
      "-c",
      "fast",
    ]);
    await replica.start();
    return { primary, replica, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
