// Refuses webhook URLs the service must not call: other schemes, and hosts on private, loopback or
// link-local addresses (DNS names are resolved), unless private URLs are allowed.
import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { MAX_WEBHOOK_URL_LENGTH, WebhookUrlRefusedError } from "@orders/domain";

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  BLOCKED.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  BLOCKED.addSubnet(net, prefix, "ipv6");
}

/** True for private, loopback, link-local, unspecified, multicast and reserved addresses (v4, v6, v4-mapped v6). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] !== undefined) return BLOCKED.check(mapped[1], "ipv4");
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? "ipv4" : "ipv6");
}

export type Lookup = (hostname: string) => Promise<readonly { address: string }[]>;

export interface WebhookUrlGuardOptions {
  /** WEBHOOK_ALLOW_PRIVATE_URLS: tests and local receivers on 127.0.0.1. */
  readonly allowPrivate: boolean;
  readonly lookup?: Lookup;
}

export class WebhookUrlGuard {
  private readonly lookup: Lookup;

  constructor(private readonly options: WebhookUrlGuardOptions) {
    this.lookup = options.lookup ?? ((hostname) => dnsLookup(hostname, { all: true, verbatim: true }));
  }

  /** Answers the URL normalized, or throws WebhookUrlRefusedError. Checked on create, update and before every send. */
  async check(text: string): Promise<string> {
    if (text.length > MAX_WEBHOOK_URL_LENGTH) {
      throw new WebhookUrlRefusedError(text.slice(0, 100), `longer than ${MAX_WEBHOOK_URL_LENGTH} characters`);
    }
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new WebhookUrlRefusedError(text, "not an absolute URL");
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new WebhookUrlRefusedError(text, "only http and https URLs");
    }
    if (url.username !== "" || url.password !== "") {
      throw new WebhookUrlRefusedError(text, "credentials in the URL are not accepted");
    }
    if (this.options.allowPrivate) return url.toString();
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    const addresses = isIP(host) !== 0 ? [host] : await this.resolve(text, host);
    const blocked = addresses.find(isPrivateAddress);
    if (blocked !== undefined) {
      throw new WebhookUrlRefusedError(
        text,
        `${host} is a private, loopback or link-local address (${blocked}); set WEBHOOK_ALLOW_PRIVATE_URLS=true to allow it`,
      );
    }
    return url.toString();
  }

  private async resolve(text: string, host: string): Promise<string[]> {
    try {
      const found = await this.lookup(host);
      if (found.length === 0) throw new Error("no address");
      return found.map((a) => a.address);
    } catch {
      throw new WebhookUrlRefusedError(text, `${host} does not resolve`);
    }
  }
}
