// Starts a throwaway Redis Cluster (masters + replicas) on free loopback ports, for tests and `make scale`.
import { type ChildProcess, execFile, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP port nothing listens on at the moment (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject()));
    });
  });
}

/** `count` distinct free ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** Whether redis-server and redis-cli are on PATH. */
export function redisClusterToolsPresent(): boolean {
  return ["redis-server", "redis-cli"].every((tool) => spawnSync(tool, ["--version"]).status === 0);
}

export interface ClusterNode {
  readonly port: number;
  readonly process: ChildProcess;
}

export interface RedisClusterOptions {
  readonly masters?: number;
  readonly replicasPerMaster?: number;
  /** cluster-node-timeout: how long a silent master takes to be failed over. */
  readonly nodeTimeoutMs?: number;
}

export interface RunningRedisCluster {
  /** `redis+cluster://127.0.0.1:p1,...` naming every node as a seed. */
  readonly url: string;
  readonly nodes: readonly ClusterNode[];
  /** The port of the master serving `key`'s slot now (asks the cluster). */
  masterPortFor(key: string): Promise<number>;
  /** kill -9 the node on `port`. */
  kill(port: number): void;
  /** Resolves once every slot is served and a master answers for each (after a failover). */
  waitHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...args], { timeout: 10_000 });
  return stdout;
}

/**
 * Starts masters x (1 + replicasPerMaster) redis-server processes with cluster mode on, no
 * persistence, each on a free loopback port (its bus port picked free too), joins them with
 * `redis-cli --cluster create --cluster-replicas N --cluster-yes` and waits for cluster_state:ok.
 * The processes are our children: stop() (or the test process ending) ends them.
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RunningRedisCluster> {
  const masters = options.masters ?? 3;
  const replicas = options.replicasPerMaster ?? 1;
  const count = masters * (1 + replicas);
  const dir = mkdtempSync(join(tmpdir(), "redis-cluster-"));
  const ports = await freePorts(count * 2);
  const nodes: ClusterNode[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(
      nodes.map(async (node) => {
        if (node.process.exitCode !== null || node.process.signalCode !== null) return;
        const exited = new Promise((resolve) => node.process.once("exit", resolve));
        node.process.kill("SIGKILL");
        await exited;
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < count; i++) {
      const port = ports[i] as number;
      const child = spawn(
        "redis-server",
        [
          "--port",
          String(port),
          "--cluster-port",
          String(ports[count + i]),
          "--bind",
          "127.0.0.1",
          "--cluster-enabled",
          "yes",
          "--cluster-config-file",
          join(dir, `nodes-${port}.conf`),
          "--cluster-node-timeout",
          String(options.nodeTimeoutMs ?? 2_000),
          "--dir",
          dir,
          "--save",
          "",
          "--appendonly",
          "no",
          // Replicas sync at once (the default waits 5 s to batch them): a replica that never synced cannot take over.
          "--repl-diskless-sync-delay",
          "0",
          "--logfile",
          join(dir, `redis-${port}.log`),
        ],
        { stdio: "ignore" },
      );
      nodes.push({ port, process: child });
    }
    for (const node of nodes) await waitForPing(node.port);
    await run(
      "redis-cli",
      [
        "--cluster",
        "create",
        ...nodes.map((n) => `127.0.0.1:${n.port}`),
        "--cluster-replicas",
        String(replicas),
        "--cluster-yes",
      ],
      { timeout: 30_000 },
    );
    const cluster: RunningRedisCluster = {
      url: `redis+cluster://${nodes.map((n) => `127.0.0.1:${n.port}`).join(",")}`,
      nodes,
      masterPortFor: async (key) => {
        const live = nodes.filter((n) => n.process.exitCode === null && n.process.signalCode === null);
        for (const node of live) {
          const slot = Number((await cli(node.port, "CLUSTER", "KEYSLOT", key)).trim());
          const shards = await cli(node.port, "CLUSTER", "SLOTS");
          const port = masterOfSlot(shards, slot);
          if (port !== undefined) return port;
        }
        throw new Error(`no master serves ${key}`);
      },
      kill: (port) => {
        nodes.find((n) => n.port === port)?.process.kill("SIGKILL");
      },
      waitHealthy: (timeoutMs = 30_000) => waitForClusterOk(nodes, timeoutMs),
      stop,
    };
    await cluster.waitHealthy();
    return cluster;
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForPing(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await cli(port, "PING")).trim() === "PONG") return;
    } catch {}
    await sleep(50);
  }
  throw new Error(`redis-server on ${port} did not start`);
}

/**
 * cluster_state:ok on every live node, every slot covered by a live master, and every live
 * replica in sync with its master (so that it can take over when the master dies).
 */
async function waitForClusterOk(nodes: readonly ClusterNode[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const live = nodes.filter((n) => n.process.exitCode === null && n.process.signalCode === null);
    try {
      const infos = await Promise.all(live.map((n) => cli(n.port, "CLUSTER", "INFO")));
      const replication = await Promise.all(live.map((n) => cli(n.port, "INFO", "replication")));
      const synced = replication.every((r) => !/role:slave/.test(r) || /master_link_status:up/.test(r));
      if (synced && infos.every((info) => /cluster_state:ok/.test(info) && /cluster_slots_ok:16384/.test(info))) return;
    } catch {}
    await sleep(200);
  }
  throw new Error("the Redis Cluster did not reach cluster_state:ok");
}

/** Reads `redis-cli CLUSTER SLOTS` (one value per line): the master port of the range holding `slot`. */
function masterOfSlot(output: string, slot: number): number | undefined {
  const lines = output.split("\n").map((l) => l.trim());
  // Each range: from, to, master ip, master port, master id, then replicas (ip, port, id...).
  for (let i = 0; i + 3 < lines.length; i++) {
    const from = Number(lines[i]);
    const to = Number(lines[i + 1]);
    if (/^\d+$/.test(lines[i] ?? "") && /^\d+$/.test(lines[i + 1] ?? "") && lines[i + 2] === "127.0.0.1") {
      if (slot >= from && slot <= to) return Number(lines[i + 3]);
    }
  }
  return undefined;
}
