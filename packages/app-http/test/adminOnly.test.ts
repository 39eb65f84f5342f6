import type { Role } from "@orders/domain";
import { Hono } from "hono";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../src/http/AppEnv.js";
import { adminOnly } from "../src/http/adminOnly.js";
import { handleError } from "../src/http/handleError.js";
import { parseJsonBody } from "../src/http/parseJsonBody.js";
import { idParam } from "../src/http/schemas.js";
import { validate } from "../src/http/validate.js";

/** A tiny app: the role comes from a header, then adminOnly, then the validators an admin route has. */
function tinyApp() {
  const reached: string[] = [];
  const app = new Hono<AppEnv>()
    .use(async (c, next) => {
      c.set("actor", { userId: 7, role: (c.req.header("X-Role") ?? "customer") as Role });
      await next();
    })
    .post(
      "/things/:id",
      adminOnly("change things"),
      async (_c, next) => {
        reached.push("validation");
        await next();
      },
      validate("param", idParam),
      parseJsonBody,
      (c) => c.json({ ok: true }),
    );
  app.onError(handleError(pino({ level: "silent" })));
  const post = (path: string, role: Role, body: string) =>
    app.request(path, { method: "POST", headers: { "X-Role": role }, body });
  return { post, reached };
}

describe("adminOnly", () => {
  it.each([
    ["a good request", "/things/1", "{}"],
    ["a bad path param", "/things/abc", "{}"],
    ["a body that is not JSON", "/things/1", "{nope"],
    ["an empty body", "/things/1", ""],
  ])("answers 403 forbidden to a customer for %s, before anything reads the input", async (_name, path, body) => {
    const { post, reached } = tinyApp();
    const res = await post(path, "customer", body);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ code: "forbidden", error: "only an admin may change things" });
    expect(reached).toEqual([]);
  });

  it("lets an admin through to the validators and the handler", async () => {
    const { post, reached } = tinyApp();
    const bad = await post("/things/abc", "admin", "{}");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "invalid_input", field: "id" });
    const good = await post("/things/1", "admin", "{}");
    expect(good.status).toBe(200);
    expect(reached).toEqual(["validation", "validation"]);
  });
});
