import { describe, expect, it } from "vitest";
import { givenApp } from "./givenApp.js";

type Answer = Awaited<ReturnType<Awaited<ReturnType<typeof givenApp>>["send"]>>;

/** The target of `Link: <...>; rel="next"`, or null when there is none. */
function nextOf(res: Answer): string | null {
  const link = res.headers.get("Link");
  if (link === null) return null;
  const match = /^<([^>]*)>; rel="next"$/.exec(link);
  if (match?.[1] === undefined) throw new Error(`not a rel="next" link: ${link}`);
  return match[1];
}

describe('Link: <...>; rel="next" on keyset-paged lists', () => {
  it("GET /products: a full page links the next one after its last id; following the links walks every product once", async () => {
    const t = await givenApp();
    for (const sku of ["A-1", "B-1", "C-1"]) t.ports.db.addProduct({ sku, name: sku, priceCents: 100 });

    const first = await t.send("GET", "/products?limit=2", { as: t.alice });
    expect(first.status).toBe(200);
    expect(first.list).toHaveLength(2);
    expect(nextOf(first)).toBe(`/products?limit=2&after_id=${first.list[1]?.id}`);

    const seen = [...first.list];
    let next = nextOf(first);
    let pages = 1;
    while (next !== null) {
      const page = await t.send("GET", next, { as: t.alice });
      expect(page.status).toBe(200);
      seen.push(...page.list);
      next = nextOf(page);
      pages++;
      if (next === null) expect(page.list.length).toBeLessThan(2);
    }
    expect(pages).toBe(3);
    const ids = seen.map((p) => p.id as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(5);
  });

  it("a page shorter than the limit (the default 100 included) is the last: no Link", async () => {
    const t = await givenApp();
    const all = await t.send("GET", "/products", { as: t.alice });
    expect(all.list).toHaveLength(2);
    expect(all.headers.get("Link")).toBeNull();
    const short = await t.send("GET", "/products?limit=3", { as: t.alice });
    expect(short.headers.get("Link")).toBeNull();
  });

  it("a full last page still links, to an empty page without a Link", async () => {
    const t = await givenApp();
    const first = await t.send("GET", "/products?limit=2", { as: t.alice });
    const next = nextOf(first);
    expect(next).not.toBeNull();
    const empty = await t.send("GET", next ?? "", { as: t.alice });
    expect(empty.status).toBe(200);
    expect(empty.list).toEqual([]);
    expect(empty.headers.get("Link")).toBeNull();
  });

  it("GET /orders keeps the filters in the link: an admin pages through one customer's pending orders", async () => {
    const t = await givenApp();
    for (let i = 0; i < 3; i++) {
      const placed = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 1 } });
      expect(placed.status).toBe(201);
    }
    await t.send("POST", "/checkout", { as: t.bob, body: { product_id: t.widget.id, quantity: 1 } });

    const first = await t.send("GET", `/orders?status=pending&user_id=${t.alice.userId}&limit=2`, { as: t.admin });
    expect(first.list.map((o) => o.user_id)).toEqual([t.alice.userId, t.alice.userId]);
    const next = nextOf(first);
    expect(next).toBe(`/orders?status=pending&user_id=${t.alice.userId}&limit=2&after_id=${first.list[1]?.order_id}`);

    const second = await t.send("GET", next ?? "", { as: t.admin });
    expect(second.list).toHaveLength(1);
    expect(second.list[0]?.user_id).toBe(t.alice.userId);
    expect(second.list[0]?.order_id as number).toBeGreaterThan(first.list[1]?.order_id as number);
    expect(second.headers.get("Link")).toBeNull();
  });

  it("is documented on both lists in /openapi.json", async () => {
    const t = await givenApp();
    const doc = (await (await t.app.request("/openapi.json")).json()) as {
      paths: Record<string, { get: { responses: Record<string, { headers?: Record<string, unknown> }> } }>;
    };
    for (const path of ["/products", "/orders"]) {
      expect(doc.paths[path]?.get.responses["200"]?.headers?.Link, path).toBeDefined();
    }
  });
});
