// `make import FILE=products.csv`: streams a CSV (or JSON) file to a running service's POST /products/import, with progress.
import { createReadStream, statSync } from "node:fs";
import { parseArgs } from "node:util";

const HELP = `Usage: make import FILE=products.csv [DRY_RUN=1]
       node --import tsx scripts/import/cli.ts FILE [--dry-run] [--url URL] [--login EMAIL] [--password PASSWORD]

Streams FILE to POST /products/import of a running service, all or nothing. A .json file is sent
as application/json (read whole by the server), anything else as text/csv with the header
sku,name,price_cents[,warehouse_id,on_hand].

  --dry-run         check every line against the stored data, write nothing   (DRY_RUN=1)
  --url URL         the service                  (IMPORT_URL, default http://127.0.0.1:8085)
  --login LOGIN     an admin's email or phone    (IMPORT_LOGIN, default admin@example.com)
  --password PASS   that admin's password        (IMPORT_PASSWORD, default admin123)

Progress goes to stderr: rows per second and percent of the file sent, on one updating line on a
terminal, one plain line per 10% otherwise. Exit 0 when applied (or the dry run passed), 1 when
lines were refused (they are listed), 2 on any other failure.
`;

interface Options {
  readonly file: string;
  readonly dryRun: boolean;
  readonly url: string;
  readonly login: string;
  readonly password: string;
}

function readOptions(argv: readonly string[], env: NodeJS.ProcessEnv): Options | null {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      "dry-run": { type: "boolean" },
      url: { type: "string" },
      login: { type: "string" },
      password: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const file = positionals[0] ?? env.FILE;
  if (values.help === true || file === undefined || file === "") return null;
  const truthy = (v: string | undefined) => v !== undefined && v !== "" && v !== "0" && v.toLowerCase() !== "false";
  return {
    file,
    dryRun: values["dry-run"] === true || truthy(env.DRY_RUN),
    url: (values.url ?? env.IMPORT_URL ?? "http://127.0.0.1:8085").replace(/\/+$/, ""),
    login: values.login ?? env.IMPORT_LOGIN ?? "admin@example.com",
    password: values.password ?? env.IMPORT_PASSWORD ?? "admin123",
  };
}

/** Progress of the upload: one updating line on a terminal, a line per 10% elsewhere. */
class Progress {
  private readonly started = Date.now();
  private lastDraw = 0;
  private lastDecile = 0;
  sentBytes = 0;
  rows = 0;

  constructor(
    private readonly totalBytes: number,
    private readonly out: NodeJS.WriteStream,
  ) {}

  private line(): string {
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    const percent = this.totalBytes === 0 ? 100 : Math.floor((this.sentBytes / this.totalBytes) * 100);
    const rate = Math.round(this.dataRows() / seconds);
    return `${String(percent).padStart(3)}%  ${this.dataRows().toLocaleString("en")} rows sent  ${rate.toLocaleString("en")} rows/s`;
  }

  /** Lines sent less the header (a CSV row with a quoted line break counts twice: an estimate). */
  dataRows(): number {
    return Math.max(this.rows - 1, 0);
  }

  /** Seconds since the upload began. */
  elapsed(): number {
    return (Date.now() - this.started) / 1000;
  }

  update(chunk: Buffer): void {
    this.sentBytes += chunk.byteLength;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.rows++;
    if (this.out.isTTY) {
      const now = Date.now();
      if (now - this.lastDraw >= 100) {
        this.lastDraw = now;
        this.out.write(`\r${this.line()}\u001b[K`);
      }
      return;
    }
    const decile = this.totalBytes === 0 ? 10 : Math.floor((this.sentBytes / this.totalBytes) * 10);
    if (decile > this.lastDecile) {
      this.lastDecile = decile;
      this.out.write(`${this.line()}\n`);
    }
  }

  done(): void {
    if (this.out.isTTY) this.out.write(`\r${this.line()}\u001b[K\n`);
    this.out.write("sent; the service is checking and applying every line in one transaction...\n");
  }
}

interface ImportAnswer {
  code?: string;
  error?: string;
  dry_run?: boolean;
  created?: number;
  updated?: number;
  unchanged?: number;
  stock_set?: number;
  error_count?: number;
  errors?: { line: number; field: string | null; error: string }[];
}

async function logIn(options: Options): Promise<string> {
  const res = await fetch(`${options.url}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email_or_phone: options.login, password: options.password }),
  });
  const body = (await res.json().catch(() => ({}))) as { token?: string; error?: string };
  if (!res.ok || body.token === undefined)
    throw new Error(`log-in as ${options.login} failed: ${res.status} ${body.error ?? ""}`);
  return body.token;
}

async function run(options: Options): Promise<number> {
  const totalBytes = statSync(options.file).size;
  const token = await logIn(options);
  const progress = new Progress(totalBytes, process.stderr);
  const file = createReadStream(options.file, { highWaterMark: 256 * 1024 });
  // Pulled by fetch as it sends: the file is never held whole in memory.
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      file.on("data", (chunk) => {
        const buffer = chunk as Buffer;
        progress.update(buffer);
        controller.enqueue(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) file.pause();
      });
      file.on("end", () => {
        progress.done();
        controller.close();
      });
      file.on("error", (error) => controller.error(error));
    },
    pull() {
      file.resume();
    },
    cancel() {
      file.destroy();
    },
  });
  const json = options.file.toLowerCase().endsWith(".json");
  const res = await fetch(`${options.url}/products/import${options.dryRun ? "?dry_run=true" : ""}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      "Content-Type": json ? "application/json" : "text/csv",
      "Content-Length": String(totalBytes),
    },
    body,
    duplex: "half",
  } as RequestInit);
  const answer = (await res.json().catch(() => ({}))) as ImportAnswer;
  if (res.ok) {
    const verb = answer.dry_run === true ? "dry run passed, nothing written; would have" : "imported:";
    const seconds = progress.elapsed();
    const rate = Math.round(progress.dataRows() / Math.max(seconds, 0.001));
    process.stdout.write(
      `${verb} created ${answer.created}, updated ${answer.updated}, unchanged ${answer.unchanged}, stock set ${answer.stock_set}` +
        ` (${seconds.toFixed(1)} s, ${rate.toLocaleString("en")} rows/s end to end)\n`,
    );
    return 0;
  }
  if (answer.code === "import_rejected") {
    const errors = answer.errors ?? [];
    process.stdout.write(`refused, nothing written: ${answer.error_count ?? errors.length} error(s)\n`);
    for (const e of errors.slice(0, 50))
      process.stdout.write(`  line ${e.line}${e.field === null ? "" : ` ${e.field}`}: ${e.error}\n`);
    if (errors.length > 50) process.stdout.write(`  ... and ${(answer.error_count ?? errors.length) - 50} more\n`);
    return 1;
  }
  process.stderr.write(`import failed: ${res.status} ${answer.code ?? ""} ${answer.error ?? ""}\n`);
  return 2;
}

const options = readOptions(process.argv.slice(2), process.env);
if (options === null) {
  process.stdout.write(HELP);
  process.exit(process.argv.includes("--help") || process.argv.includes("-h") ? 0 : 2);
}
try {
  process.exit(await run(options));
} catch (error) {
  process.stderr.write(`import failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
