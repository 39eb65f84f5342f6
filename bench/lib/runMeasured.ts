// Runs a command to its end and answers its output and the CPU seconds it and its children used.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface MeasuredRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** User + system CPU seconds of the command (all its threads and children), from bash's `times`. */
  readonly cpuSeconds: number;
  /** Wall-clock seconds from spawn to exit. */
  readonly wallSeconds: number;
}

/** `times` prints the shell's, then its children's, user and system time, e.g. "0m1.250s 0m0.310s". */
function childCpuSeconds(timesOutput: string): number {
  const line = timesOutput.trim().split("\n")[1] ?? "";
  let total = 0;
  for (const [, minutes, seconds] of line.matchAll(/(\d+)m([\d.]+)s/g)) total += Number(minutes) * 60 + Number(seconds);
  return total;
}

/**
 * Runs `command args` under bash, which reports the command's CPU time with its `times` builtin
 * once the command has exited (exact, where sampling /proc/<pid>/stat would miss the last moments).
 */
export async function runMeasured(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<MeasuredRun> {
  const dir = mkdtempSync(join(tmpdir(), "bench-times-"));
  const timesFile = join(dir, "times");
  const script = `"$@"; rc=$?; times > "${timesFile}"; exit $rc`;
  const started = performance.now();
  try {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn("bash", ["-c", script, "bash", command, ...args], {
          env,
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
        });
        child.stderr.on("data", (chunk: Buffer) => {
          err += chunk.toString();
        });
        child.once("error", reject);
        // "close", not "exit": both streams are fully read by then.
        child.once("close", (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }));
      },
    );
    const wallSeconds = (performance.now() - started) / 1000;
    return { code, stdout, stderr, cpuSeconds: childCpuSeconds(readFileSync(timesFile, "utf8")), wallSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
