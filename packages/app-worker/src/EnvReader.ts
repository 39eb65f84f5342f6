export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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
    const raw = this.get("LOG_LEVEL") ?? "info";
    const level = LOG_LEVELS.find((l) => l === raw);
    if (level === undefined) this.problem(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${raw}"`);
    return level ?? "info";
  }

  /** Answers `config` when every value was good, else throws every problem at once. */
  done<T>(config: T): T {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
    return config;
  }
}
