// A throwaway PostgreSQL cluster for the chaos run: initdb, start, stop, on its own port.
import { execFile } from "node:child_process";
import { chownSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const env = process.env;
const run = promisify(execFile);
const BIN = env.CHAOS_PG_BIN ?? "/usr/lib/postgresql/15/bin";

/**
 * A throwaway PostgreSQL cluster in `dir` on 127.0.0.1:`port`, trust auth, owned by the
 * `postgres` OS user (initdb refuses root). Nothing here touches the machine's shared cluster.
 */
export class PrivatePostgres {
  private readonly dataDir: string;

  constructor(
    private readonly dir: string,
    readonly port: number,
    private readonly osUser = "postgres",
  ) {
    this.dataDir = join(dir, "pgdata");
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private async as(cmd: string, args: readonly string[]): Promise<string> {
    const asRoot = process.getuid?.() === 0;
    const { stdout } = asRoot
      ? await run("runuser", ["-u", this.osUser, "--", join(BIN, cmd), ...args])
      : await run(join(BIN, cmd), [...args]);
    return stdout;
  }

  async init(): Promise<void> {
    mkdirSync(this.dataDir, { recursive: true });
    if (process.getuid?.() === 0) {
      const { stdout } = await run("id", ["-u", this.osUser]);
      const { stdout: gid } = await run("id", ["-g", this.osUser]);
      chownSync(this.dir, Number(stdout.trim()), Number(gid.trim()));
      chownSync(this.dataDir, Number(stdout.trim()), Number(gid.trim()));
    }
    await this.as("initdb", ["-D", this.dataDir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  }

  async start(): Promise<void> {
    await this.as("pg_ctl", [
      "-D",
      this.dataDir,
      "-l",
      join(this.dir, "postgres.log"),
      "-w",
      "-t",
      "30",
      "-o",
      `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dir} -c fsync=off -c max_connections=100`,
      "start",
    ]);
  }

  /** Fast shutdown: connected sessions are cut, as in a failover or a restart. */
  async stop(): Promise<void> {
    await this.as("pg_ctl", ["-D", this.dataDir, "-m", "fast", "-w", "-t", "30", "stop"]);
  }

  async stopQuietly(): Promise<void> {
    await this.as("pg_ctl", ["-D", this.dataDir, "-m", "immediate", "-w", "-t", "10", "stop"]).catch(() => undefined);
  }
}
