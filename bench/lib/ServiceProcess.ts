// A compiled service process (http or worker): start, wait for ready, stop with a signal, read its memory.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { createServer } from "node:net";

export interface ServiceProcessOptions {
  /** Label in logs and reports, e.g. "http-1". */
  readonly name: string;
  /** Script run with `node`, e.g. packages/app-http/dist/main.js. */
  readonly script: string;
  readonly env: Readonly<Record<string, string>>;
  /** Extra node flags, e.g. --cpu-prof. */
  readonly nodeArgs?: readonly string[];
  /** stdout and stderr are appended here. */
  readonly logFile: string;
  /** Polled until it answers 200. */
  readonly readyUrl: string;
}

/** Clock ticks per second of /proc/<pid>/stat's CPU times. */
const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A free TCP port on 127.0.0.1 (asks the kernel, then releases it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** GET `url` with a deadline; answers the status, or 0 when there was no answer. */
export async function probe(url: string, timeoutMs = 2_000): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/** One node process of the service under test, started and stopped by the harness only. */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;

  constructor(readonly options: ServiceProcessOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    if (this.running) throw new Error(`${this.options.name} is already running`);
    const log = createWriteStream(this.options.logFile, { flags: "a" });
    const child = spawn(process.execPath, [...(this.options.nodeArgs ?? []), this.options.script], {
      env: { PATH: process.env.PATH ?? "", ...this.options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    this.exit = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  }

  /** Resolves once readyUrl answers 200; rejects if the process exits or the deadline passes. */
  async waitReady(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running)
        throw new Error(`${this.options.name} exited before it was ready (see ${this.options.logFile})`);
      if ((await probe(this.options.readyUrl, 1_000)) === 200) return;
      await sleep(100);
    }
    throw new Error(`${this.options.name} not ready after ${timeoutMs} ms (see ${this.options.logFile})`);
  }

  /** Sends `signal` and waits for the exit (SIGKILL after `timeoutMs`); answers the exit code and signal. */
  async stop(
    signal: NodeJS.Signals = "SIGTERM",
    timeoutMs = 15_000,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
    const child = this.child;
    const exit = this.exit;
    if (child === undefined || exit === undefined) return { code: null, signal: null, ms: 0 };
    const started = Date.now();
    if (this.running) child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    const result = await exit;
    clearTimeout(timer);
    return { ...result, ms: Date.now() - started };
  }

  /** The exit of the current child, for a caller that sent the signal itself. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.exit ?? Promise.resolve({ code: null, signal: null });
  }

  /** User + system CPU seconds the process has used so far (/proc/<pid>/stat); undefined once it is gone. */
  cpuSeconds(): number | undefined {
    if (this.child?.pid === undefined || !this.running) return undefined;
    try {
      // The fields after the command name, which is in parentheses and may hold spaces.
      const stat = readFileSync(`/proc/${this.child.pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    } catch {
      return undefined;
    }
  }

  /** Peak and current resident memory (kB) from /proc; undefined once the process is gone. */
  memory(): { peakRssKb: number; rssKb: number } | undefined {
    if (this.child?.pid === undefined || !this.running) return undefined;
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, "utf8");
      const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
      return { peakRssKb: field("VmHWM"), rssKb: field("VmRSS") };
    } catch {
      return undefined;
    }
  }
}
