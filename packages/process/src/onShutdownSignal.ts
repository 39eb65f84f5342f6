import type { Logger } from "pino";

/** Longest a shutdown may take before the process exits anyway: an orchestrator would kill it next. */
export const SHUTDOWN_DEADLINE_MS = 10_000;

/**
 * On the first SIGTERM or SIGINT: logs it, runs `stop`, and exits 0 once it resolves, or 1 when it
 * throws or outlasts SHUTDOWN_DEADLINE_MS. Further signals are ignored.
 */
export function onShutdownSignal(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    setTimeout(() => {
      logger.error("shutdown deadline passed, exiting");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    try {
      await stop();
    } catch (error) {
      logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
    logger.info("stopped");
    process.exit(0);
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void shutdown(signal));
}
