// Standard Webhooks signing (the specification's published example, and an independent HMAC of what
// WebhookSink sends), the answers it accepts, its timeout, and the URL guard.
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { DomainEvent } from "@orders/domain";
import { FixedClock } from "@orders/domain/testing";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPrivateAddress, WebhookSink, WebhookUrlGuard } from "../../src/events/index.js";

const EVENT: DomainEvent = {
  id: "0b9c7c2e-6a0c-4a55-9d8a-2f9e1b6c1f00",
  type: "warehouse.status_changed",
  occurred_at: "2026-12-01T00:00:00.000Z",
  aggregate: { type: "warehouse", id: 2 },
  sequence: 3,
  data: { warehouse_id: 2, name: "Surabaya", status: "inactive", previous_status: "active" },
};

describe("Standard Webhooks signature", () => {
  it("matches the specification's published example", () => {
    const signer = new Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    expect(signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", new Date(1614265330 * 1000), '{"test": 2432232314}')).toBe(
      "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    );
  });
});

describe("WebhookSink", () => {
  let server: Server;
  let url: string;
  let answer = 200;
  let delayMs = 0;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  // Now, to the second: the verifier refuses a timestamp more than 5 minutes off.
  const clock = new FixedClock(new Date(Math.floor(Date.now() / 1000) * 1000));
  const seconds = String(clock.now().getTime() / 1000);

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        setTimeout(() => res.writeHead(answer).end("ok"), delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("POSTs the event with webhook-id, webhook-timestamp and a v1 signature any verifier accepts", async () => {
    received.length = 0;
    answer = 204;
    expect(await new WebhookSink({ url, secret, timeoutMs: 2_000, clock }).send(EVENT)).toEqual({ statusCode: 204 });
    const [got] = received;
    if (got === undefined) throw new Error("nothing received");
    expect(JSON.parse(got.body)).toEqual(EVENT);
    expect(got.headers["webhook-id"]).toBe(EVENT.id);
    expect(got.headers["webhook-timestamp"]).toBe(seconds);
    const key = Buffer.from(secret.slice("whsec_".length), "base64");
    const expected = createHmac("sha256", key).update(`${EVENT.id}.${seconds}.${got.body}`).digest("base64");
    expect(got.headers["webhook-signature"]).toBe(`v1,${expected}`);
    // The receiver's side, as the README shows it; a changed body fails.
    const headers = got.headers as Record<string, string>;
    expect(new Webhook(secret).verify(got.body, headers)).toEqual(EVENT);
    expect(() => new Webhook(secret).verify(got.body.replace("inactive", "active!"), headers)).toThrow();
  });

  it("rejects a non-2xx answer with its status, and no answer within the timeout", async () => {
    answer = 500;
    delayMs = 0;
    await expect(new WebhookSink({ url, secret, timeoutMs: 2_000, clock }).send(EVENT)).rejects.toMatchObject({
      statusCode: 500,
      message: "receiver answered 500",
    });
    answer = 302;
    await expect(new WebhookSink({ url, secret, timeoutMs: 2_000, clock }).send(EVENT)).rejects.toMatchObject({
      statusCode: 302,
    });
    answer = 200;
    delayMs = 1_000;
    await expect(new WebhookSink({ url, secret, timeoutMs: 200, clock }).send(EVENT)).rejects.toMatchObject({
      statusCode: null,
      message: "no answer within 200 ms",
    });
    delayMs = 0;
    await expect(
      new WebhookSink({ url: "http://127.0.0.1:1/closed", secret, timeoutMs: 2_000, clock }).send(EVENT),
    ).rejects.toMatchObject({ statusCode: null, message: expect.stringMatching(/^request failed/) });
  });
});

describe("WebhookUrlGuard", () => {
  it("knows private, loopback, link-local and reserved addresses, v4, v6 and v4-mapped", () => {
    for (const address of [
      "10.0.0.1",
      "127.0.0.1",
      "169.254.169.254",
      "172.16.5.4",
      "192.168.0.1",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:127.0.0.1",
      "::",
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ["93.184.215.14", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8", "172.32.0.1"]) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });

  it("resolves names and refuses one that has any private address; allows everything when told to", async () => {
    const lookup = async (host: string) =>
      host === "mixed.example"
        ? [{ address: "93.184.215.14" }, { address: "10.0.0.5" }]
        : [{ address: "93.184.215.14" }];
    const guard = new WebhookUrlGuard({ allowPrivate: false, lookup });
    await expect(guard.check("https://mixed.example/hook")).rejects.toMatchObject({ code: "webhook_url_refused" });
    await expect(guard.check("https://public.example/hook")).resolves.toBe("https://public.example/hook");
    const failing = new WebhookUrlGuard({
      allowPrivate: false,
      lookup: async () => Promise.reject(new Error("ENOTFOUND")),
    });
    await expect(failing.check("https://nowhere.example/")).rejects.toMatchObject({
      details: { reason: "nowhere.example does not resolve" },
    });
    const open = new WebhookUrlGuard({ allowPrivate: true, lookup });
    await expect(open.check("http://127.0.0.1:8080/hook")).resolves.toBe("http://127.0.0.1:8080/hook");
    await expect(open.check("file:///etc/passwd")).rejects.toMatchObject({ code: "webhook_url_refused" });
  });
});
