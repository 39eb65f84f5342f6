// The chaos run's steady checkout+pay load from async loops, recording every request and what is in flight.
export interface RequestRecord {
  readonly op: "checkout" | "pay";
  readonly target: string;
  readonly startedAt: number;
  readonly endedAt: number;
  /** 0 when no HTTP response came back. */
  readonly status: number;
  /** The error body's `code`, or the client-side failure (ECONNREFUSED, timeout...). */
  readonly code: string | undefined;
}

export interface LoadDriverOptions {
  /** Base URLs of the HTTP processes; each request goes to the next one, round robin. */
  readonly targets: readonly string[];
  readonly tokens: readonly string[];
  /** Products with ample stock, and the scarce one some checkouts contend for. */
  readonly productIds: readonly number[];
  readonly scarceProductId: number;
  readonly loops: number;
  /** A request with no answer after this long counts as a hang. */
  readonly requestTimeoutMs: number;
  /** Share of orders paid right away; the rest are left to expire. */
  readonly payShare: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What went wrong when no HTTP response came back: client_timeout, ECONNREFUSED, ... */
function failureCode(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError" || error.name === "AbortError") return "client_timeout";
    const cause = (error as { cause?: { code?: unknown } }).cause;
    if (typeof cause?.code === "string") return cause.code;
    return error.message.slice(0, 40);
  }
  return String(error);
}

/**
 * A steady checkout+pay load from `loops` async loops, bounded by stop(). Every request is
 * recorded (target, status, error code, timing) for the checks and the summary.
 */
export interface ApiAnswer {
  /** 0 when no answer came (see `code`). */
  readonly status: number;
  /** The error code of a 4xx/5xx answer (`http_<status>` without one), or why no answer came. */
  readonly code: string | undefined;
  readonly json: Record<string, unknown> | undefined;
}

/** One request with a bearer token and an optional JSON body; never rejects. */
export async function callApi(
  url: string,
  method: "GET" | "POST",
  token: string,
  body: unknown,
  timeoutMs: number,
): Promise<ApiAnswer> {
  try {
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    const code =
      response.status >= 400 ? (typeof json?.code === "string" ? json.code : `http_${response.status}`) : undefined;
    return { status: response.status, code, json };
  } catch (error) {
    return { status: 0, code: failureCode(error), json: undefined };
  }
}

export class LoadDriver {
  readonly records: RequestRecord[] = [];
  private running = false;
  private loops: Promise<void>[] = [];
  private next = 0;

  constructor(private readonly options: LoadDriverOptions) {}

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.options.loops }, (_, i) => this.loop(i));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Requests in flight now: started, not finished (tracked by the caller through `inFlight`). */
  readonly inFlight = new Set<{ target: string; startedAt: number; record?: RequestRecord }>();

  private pickTarget(): string {
    const targets = this.options.targets;
    const target = targets[this.next % targets.length] ?? "";
    this.next++;
    return target;
  }

  private async send(
    op: RequestRecord["op"],
    target: string,
    token: string,
    body: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> | undefined }> {
    const entry: { target: string; startedAt: number; record?: RequestRecord } = { target, startedAt: Date.now() };
    this.inFlight.add(entry);
    const { status, code, json } = await callApi(`${target}/${op}`, "POST", token, body, this.options.requestTimeoutMs);
    const record: RequestRecord = { op, target, startedAt: entry.startedAt, endedAt: Date.now(), status, code };
    entry.record = record;
    this.inFlight.delete(entry);
    this.records.push(record);
    return { status, json };
  }

  private async loop(i: number): Promise<void> {
    const { tokens, productIds, scarceProductId, payShare } = this.options;
    let n = i;
    while (this.running) {
      n++;
      const token = tokens[n % tokens.length] ?? "";
      // One checkout in five goes for the scarce product, so stock runs out and the guard is tested.
      const productId = n % 5 === 0 ? scarceProductId : (productIds[n % productIds.length] ?? scarceProductId);
      const checkout = await this.send("checkout", this.pickTarget(), token, { product_id: productId, quantity: 1 });
      const orderId = checkout.json?.order_id;
      if (checkout.status === 201 && typeof orderId === "number" && Math.random() < payShare) {
        await this.send("pay", this.pickTarget(), token, { order_id: orderId });
      }
      // A refused connection answers at once: pause so a dead target is not spun on.
      await sleep(checkout.status === 0 ? 50 : 5);
    }
  }
}
