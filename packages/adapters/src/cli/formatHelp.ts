/** One environment variable a process reads: what `--help` prints, and the default its loader falls back to. */
export interface EnvVar {
  /** Unset when the variable has no default (required, or off when absent). */
  readonly default?: string | number;
  readonly meaning: string;
}

/** Every variable a process reads, by name, in the order `--help` lists them. */
export type EnvTable = Readonly<Record<string, EnvVar>>;

/** True when the arguments ask for help (`--help` or `-h` anywhere). */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes("--help") || argv.includes("-h");
}

/** `usage` (a line or a paragraph), then one aligned line per variable with its default. */
export function formatHelp(usage: string, env: EnvTable): string {
  const rows = Object.entries(env).map(([name, v]) => [
    name,
    v.default === undefined ? "" : `(${v.default})`,
    v.meaning,
  ]);
  const nameWidth = Math.max(...rows.map(([name]) => (name ?? "").length));
  const defaultWidth = Math.max(...rows.map(([, d]) => (d ?? "").length));
  const lines = rows.map(([name, d, meaning]) =>
    `  ${(name ?? "").padEnd(nameWidth)}  ${(d ?? "").padEnd(defaultWidth)}  ${meaning}`.trimEnd(),
  );
  return `${usage.trimEnd()}\n\nEnvironment variables (default in parentheses):\n${lines.join("\n")}\n`;
}
