export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** auto: human-readable when stdout is a terminal, JSON lines otherwise. */
export const LOG_FORMATS = ["auto", "json", "pretty"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The logging variables, the same in every process: spread into each process's EnvTable. */
export const LOG_ENV = {
  LOG_LEVEL: { default: "info", meaning: `pino level: ${LOG_LEVELS.join(", ")}` },
  LOG_FORMAT: {
    default: "auto",
    meaning: "auto (pino-pretty when stdout is a terminal, JSON lines otherwise), json or pretty",
  },
} as const;

/** Every problem with the environment, one line each, so one restart fixes them all. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads environment variables for a process's config, collecting one readable problem per bad
 * value instead of stopping at the first; `done` throws them all as one ConfigError.
 */
export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  /** The trimmed value, or undefined when unset or blank. */
  get(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  }

  problem(message: string): void {
    this.problems.push(message);
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
      this.problem(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  /** A required URL whose scheme is one of `schemes`. */
  url(name: string, schemes: readonly string[]): string {
    const value = this.get(name);
    if (value === undefined) {
      this.problem(`${name} is required (e.g. ${schemes[0]}://host:port/...)`);
      return "";
    }
    try {
      const scheme = new URL(value).protocol.replace(/:$/, "");
      if (!schemes.includes(scheme))
        this.problem(`${name} must start with ${schemes.map((s) => `${s}://`).join(" or ")}`);
    } catch {
      this.problem(`${name} is not a valid URL`);
    }
    return value;
  }

  logLevel(): LogLevel {
    return this.oneOf("LOG_LEVEL", LOG_LEVELS, LOG_ENV.LOG_LEVEL.default);
  }

  logFormat(): LogFormat {
    return this.oneOf("LOG_FORMAT", LOG_FORMATS, LOG_ENV.LOG_FORMAT.default);
  }

  private oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.get(name) ?? fallback;
    const value = allowed.find((a) => a === raw);
    if (value === undefined) this.problem(`${name} must be one of ${allowed.join(", ")}, got "${raw}"`);
    return value ?? fallback;
  }

  /** Answers `config` when every value was good, else throws every problem at once. */
  done<T>(config: T): T {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
    return config;
  }
}
