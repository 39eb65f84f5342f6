// Opens the Redis connection the adapters share: one server (redis://) or a Redis Cluster (redis+cluster://).
import { StorageUnavailableError } from "@orders/domain";
import clusterKeySlot from "cluster-key-slot";
import { createClient, createCluster } from "redis";

/** A client of one Redis server. */
export type RedisSingleClient = ReturnType<typeof createClient>;
/** A client of a Redis Cluster: routes each command to the master of its key's slot. */
export type RedisClusterClient = ReturnType<typeof createCluster>;
/** What every Redis adapter takes: either kind (keys of one adapter share a hash tag, so one slot). */
export type RedisClient = RedisSingleClient | RedisClusterClient;

/** The URL schemes naming a cluster: `redis+cluster://host:port,host:port` (seed nodes, any subset). */
const CLUSTER_SCHEMES = ["redis+cluster:", "rediss+cluster:"] as const;

export type RedisTarget =
  | { readonly kind: "single"; readonly url: string }
  | { readonly kind: "cluster"; readonly nodeUrls: readonly string[] };

/**
 * Reads a Redis setting: `redis://` or `rediss://` names one server; `redis+cluster://` (or
 * `rediss+cluster://`) followed by comma-separated host:port seed nodes names a cluster, e.g.
 * `redis+cluster://user:pass@10.0.0.1:7000,10.0.0.2:7000` (credentials apply to every node).
 * Throws an Error saying what is wrong.
 */
export function parseRedisTarget(url: string): RedisTarget {
  const scheme = CLUSTER_SCHEMES.find((s) => url.startsWith(`${s}//`));
  if (scheme === undefined) {
    let protocol: string;
    try {
      protocol = new URL(url).protocol;
    } catch {
      throw new Error("is not a valid URL");
    }
    if (protocol !== "redis:" && protocol !== "rediss:")
      throw new Error("must start with redis://, rediss:// or redis+cluster://");
    return { kind: "single", url };
  }
  const rest = url.slice(scheme.length + 2);
  const at = rest.lastIndexOf("@");
  const credentials = at >= 0 ? `${rest.slice(0, at)}@` : "";
  const hosts = (at >= 0 ? rest.slice(at + 1) : rest).replace(/\/.*$/, "");
  const base = scheme === "rediss+cluster:" ? "rediss://" : "redis://";
  const nodeUrls = hosts
    .split(",")
    .map((h) => h.trim())
    .filter((h) => h !== "")
    .map((h) => {
      const node = new URL(`${base}${credentials}${h}`);
      if (node.port === "") throw new Error(`cluster node "${h}" needs a port (host:port)`);
      return node.toString().replace(/\/$/, "");
    });
  if (nodeUrls.length === 0) throw new Error("names no cluster node (redis+cluster://host:port,host:port)");
  return { kind: "cluster", nodeUrls };
}

/** What is wrong with a REDIS_URL value for parseRedisTarget, or undefined when it is fine. */
export function redisUrlProblem(url: string): string | undefined {
  try {
    parseRedisTarget(url);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export const isRedisCluster = (client: RedisClient): client is RedisClusterClient => "masters" in client;

/**
 * Whether a command on `key` would reach a connected server now. On one server: the client is
 * ready. On a cluster: the master owning the key's slot is connected. MULTI ... EXEC on a
 * disconnected client waits for the next reconnect despite disableOfflineQueue, so the adapters
 * ask this first and fail fast (a checkout must not wait on Redis).
 */
export function isRedisReadyFor(client: RedisClient, key: string): boolean {
  if (!isRedisCluster(client)) return client.isReady;
  if (!client.isOpen) return false;
  const shard = client.slots[clusterKeySlot(key)];
  return shard?.master.client?.isReady === true;
}

export interface ConnectRedisOptions {
  /** Give up on one connection attempt after this long. */
  readonly connectTimeoutMs?: number;
  /** A command that gets no reply within this long rejects. */
  readonly commandTimeoutMs?: number;
  /** Longest pause between background reconnection attempts. */
  readonly maxReconnectDelayMs?: number;
  /**
   * true (default): resolve once connected, reject with StorageUnavailableError when the first
   * attempt fails. false: never reject: resolve once the first attempt has settled, connected or
   * failed (at most connectTimeoutMs), and keep connecting in the background; commands reject
   * until the connection is up (for a worker whose sweep must run while Redis is down). Waiting
   * for that first attempt means a healthy start sends its first command on a ready client.
   */
  readonly waitForConnection?: boolean;
  /** Called for every client error (connection refused, reset...); the client keeps reconnecting. */
  readonly onError?: (error: unknown) => void;
  /** Cluster only: how often to check that every master is connected, and re-read the topology if not. */
  readonly clusterCheckIntervalMs?: number;
}

/**
 * A node-redis client that fails fast while Redis is down instead of queueing commands in memory,
 * and keeps reconnecting in the background with capped exponential backoff. `url` is read by
 * parseRedisTarget: a cluster URL opens node-redis's cluster client.
 */
export async function connectRedis(url: string, options: ConnectRedisOptions = {}): Promise<RedisClient> {
  const target = parseRedisTarget(url);
  if (target.kind === "cluster") return connectCluster(target.nodeUrls, options);
  const maxDelay = options.maxReconnectDelayMs ?? 5_000;
  const client = createClient({
    url,
    // Commands issued while disconnected reject at once rather than waiting for a reconnect.
    disableOfflineQueue: true,
    commandOptions: { timeout: options.commandTimeoutMs ?? 1_000 },
    socket: {
      connectTimeout: options.connectTimeoutMs ?? 2_000,
      // Never give up: a Redis that comes back is picked up without a restart.
      reconnectStrategy: (retries) => Math.min(50 * 2 ** Math.min(retries, 10), maxDelay),
    },
  });
  // Without a listener an 'error' event would crash the process.
  client.on("error", (error: unknown) => options.onError?.(error));
  const connecting = client.connect();
  const firstFailure = new Promise<never>((_, reject) => {
    client.once("error", (error: unknown) => reject(new StorageUnavailableError(error)));
  });
  if (options.waitForConnection === false) {
    connecting.catch(() => undefined);
    await Promise.race([connecting, firstFailure]).catch(() => undefined);
    return client;
  }
  try {
    await Promise.race([connecting, firstFailure]);
    return client;
  } catch (error) {
    client.destroy();
    throw error;
  }
}

/** The part of node-redis's cluster internals used to re-read the topology (see connectCluster). */
interface Rediscoverable {
  readonly _slots?: { rediscover?: (startWith: { options: unknown }) => Promise<void> };
}

/**
 * The cluster client, plus what node-redis leaves out: it re-reads the topology only on MOVED/ASK
 * (redis/node-redis#2806), so after a master dies its slots keep pointing at the dead address and
 * every command there fails until a restart. A timer checks every clusterCheckIntervalMs that each
 * master is connected and, when one is not, re-reads CLUSTER SHARDS from the seed nodes: once the
 * replica has been promoted, commands go to it. Node clients reconnect with a short backoff
 * (at most 1 s) so a master that comes back (as a replica) is noticed quickly too.
 */
async function connectCluster(nodeUrls: readonly string[], options: ConnectRedisOptions): Promise<RedisClusterClient> {
  const maxDelay = Math.min(options.maxReconnectDelayMs ?? 1_000, 1_000);
  const rootNodes = nodeUrls.map((url) => ({ url }));
  const cluster = createCluster({
    rootNodes,
    defaults: {
      disableOfflineQueue: true,
      socket: {
        connectTimeout: options.connectTimeoutMs ?? 2_000,
        reconnectStrategy: (retries) => Math.min(50 * 2 ** Math.min(retries, 10), maxDelay),
      },
    },
    commandOptions: { timeout: options.commandTimeoutMs ?? 1_000 },
    // Connect to a node when a command first needs it: discovery never waits on a dead node.
    minimizeConnections: true,
  });
  cluster.on("error", (error: unknown) => options.onError?.(error));
  cluster.on("node-error", (error: unknown) => options.onError?.(error));

  let refreshing = false;
  const refresh = async (): Promise<void> => {
    if (refreshing || !cluster.isOpen) return;
    if (cluster.masters.every((m) => m.client?.isReady === true)) return;
    refreshing = true;
    try {
      if (cluster.masters.some((m) => m.client !== undefined && !m.client.isReady)) {
        const seed = rootNodes[Math.floor(Math.random() * rootNodes.length)];
        await (cluster as unknown as Rediscoverable)._slots?.rediscover?.({ options: seed });
      }
      // A master new to the topology (a promoted replica) gets its connection now, not on first use.
      await Promise.allSettled(cluster.masters.filter((m) => m.client === undefined).map((m) => cluster.nodeClient(m)));
    } catch (error) {
      options.onError?.(error);
    } finally {
      refreshing = false;
    }
  };
  const connectOnce = async (): Promise<void> => {
    await cluster.connect();
    // Open the master connections now, so the first command finds them ready.
    await Promise.allSettled(cluster.masters.map((m) => cluster.nodeClient(m)));
  };

  let retries = 0;
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    timer = setTimeout(
      async () => {
        if (!cluster.isOpen) {
          // No seed node answered yet: keep trying in the background.
          retries += 1;
          await connectOnce().catch((error: unknown) => options.onError?.(error));
        } else {
          retries = 0;
          await refresh();
        }
        if (!closed) tick();
      },
      cluster.isOpen ? (options.clusterCheckIntervalMs ?? 250) : Math.min(50 * 2 ** Math.min(retries, 10), maxDelay),
    );
    timer.unref();
  };
  let closed = false;
  const stop = (): void => {
    closed = true;
    if (timer !== undefined) clearTimeout(timer);
  };
  const destroy = cluster.destroy.bind(cluster);
  const close = cluster.close.bind(cluster);
  cluster.destroy = () => {
    stop();
    return destroy();
  };
  cluster.close = () => {
    stop();
    return close();
  };

  try {
    await connectOnce();
  } catch (error) {
    if (options.waitForConnection !== false) {
      stop();
      throw new StorageUnavailableError(error);
    }
    options.onError?.(error);
  }
  tick();
  return cluster;
}
