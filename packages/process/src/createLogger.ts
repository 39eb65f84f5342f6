import { type DestinationStream, type Logger, pino } from "pino";
import pretty from "pino-pretty";
import type { LogFormat, LogLevel } from "./EnvReader.js";

export interface LoggerConfig {
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
}

/** auto: pretty exactly when the output is a terminal, so files, pipes and log shippers get JSON lines. */
export function prettyLogs(format: LogFormat, isTTY: boolean): boolean {
  return format === "pretty" || (format === "auto" && isTTY);
}

/**
 * The pino logger of every process (`service` names the process). Human-readable through
 * pino-pretty when `prettyLogs` says so, JSON lines otherwise. `destination` is for tests; the
 * processes write to stdout. pino-pretty runs as a synchronous stream, not a worker-thread
 * transport, so the last lines before process.exit are not lost.
 */
export function createLogger(
  config: LoggerConfig,
  service: string,
  destination: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): Logger {
  const options = { level: config.logLevel, base: { service } };
  const toStdout = destination === process.stdout;
  if (!prettyLogs(config.logFormat, destination.isTTY === true)) {
    return toStdout ? pino(options) : pino(options, destination as DestinationStream);
  }
  return pino(
    options,
    pretty({
      ...(toStdout ? { sync: true } : { destination, colorize: false }),
      translateTime: "SYS:HH:MM:ss.l",
      ignore: "pid,hostname",
    }),
  );
}
