// POST /products/import and GET /products/export over the in-memory fakes: success, every error, bad input.
import { MAX_IMPORT_ROWS } from "@orders/domain";
import { describe, expect, it } from "vitest";
import { IMPORT_BODY_LIMIT_BYTES } from "../src/http/importRows.js";
import { givenApp } from "./givenApp.js";

const csv = (...lines: string[]) => `${lines.join("\r\n")}\r\n`;

async function given() {
  const shop = await givenApp();
  const importCsv = (body: string, query = "", as = shop.admin) =>
    shop.send("POST", `/products/import${query}`, { as, body, headers: { "Content-Type": "text/csv" } });
  const importJson = (body: unknown, query = "") =>
    shop.send("POST", `/products/import${query}`, {
      as: shop.admin,
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const productsBySku = () => new Map([...shop.ports.db.tables.products.values()].map((p) => [p.sku, p]));
  const onHand = (warehouseId: number, productId: number) =>
    shop.ports.db.tables.stock.get(`${warehouseId}:${productId}`)?.onHand;
  return { ...shop, importCsv, importJson, productsBySku, onHand };
}

describe("POST /products/import", () => {
  it("creates new SKUs, updates existing ones, sets counts through adjust movements", async () => {
    const shop = await given();
    const before = shop.ports.db.tables.movements.length;
    const res = await shop.importCsv(
      csv(
        "sku,name,price_cents,warehouse_id,on_hand",
        `NEW-1,"Mug, large",1299,${shop.north.id},40`,
        `W-1,Widget v2,1300,${shop.north.id},7`,
        "G-1,Gadget,999,,",
      ),
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ dry_run: false, created: 1, updated: 1, unchanged: 1, stock_set: 2, errors: [] });
    const products = shop.productsBySku();
    const mug = products.get("NEW-1");
    expect(mug).toMatchObject({ name: "Mug, large", priceCents: 1299 });
    expect(products.get("W-1")).toMatchObject({ name: "Widget v2", priceCents: 1300 });
    expect(shop.onHand(shop.north.id, mug?.id ?? 0)).toBe(40);
    expect(shop.onHand(shop.north.id, shop.widget.id)).toBe(7);
    const moves = shop.ports.db.tables.movements.slice(before);
    expect(moves.map((m) => [m.kind, m.onHandDelta])).toEqual([
      ["adjust", 40],
      ["adjust", -3],
    ]);
  });

  it("takes a JSON array of the same fields", async () => {
    const shop = await given();
    const res = await shop.importJson([
      { sku: "J-1", name: "Jar", price_cents: 450 },
      { sku: "J-2", name: "Jug", price_cents: 900, warehouse_id: shop.south.id, on_hand: 3 },
    ]);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ created: 2, stock_set: 1 });
    expect(shop.onHand(shop.south.id, shop.productsBySku().get("J-2")?.id ?? 0)).toBe(3);
  });

  it("lets a SKU repeat for other warehouses, with the same name and price", async () => {
    const shop = await given();
    const res = await shop.importCsv(
      csv(
        "sku,name,price_cents,warehouse_id,on_hand",
        `R-1,Rope,100,${shop.north.id},1`,
        `R-1,Rope,100,${shop.south.id},2`,
      ),
    );
    expect(res.json).toMatchObject({ created: 1, stock_set: 2 });
  });

  it("dry_run=true checks and counts, and writes nothing", async () => {
    const shop = await given();
    const before = structuredClone([...shop.ports.db.tables.products.values()]);
    const res = await shop.importCsv(csv("sku,name,price_cents", "D-1,Dry,1", "W-1,Widget,1"), "?dry_run=true");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ dry_run: true, created: 1, updated: 1, unchanged: 0, stock_set: 0, errors: [] });
    expect([...shop.ports.db.tables.products.values()]).toEqual(before);
  });

  it("refuses the whole file, naming line and field, when one row is bad", async () => {
    const shop = await given();
    const lines = ["sku,name,price_cents,warehouse_id,on_hand"];
    for (let i = 0; i < 50; i++) lines.push(`OK-${i},Fine,1,${shop.north.id},1`);
    lines.push(`LAST,Bad,-5,${shop.north.id},1`);
    const res = await shop.importCsv(csv(...lines));
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({
      code: "import_rejected",
      created: 0,
      errors: [{ line: 52, field: "price_cents", error: "must be a non-negative integer amount of cents" }],
    });
    expect(shop.productsBySku().has("OK-0")).toBe(false);
  });

  it("reports every bad field of every line, by line", async () => {
    const shop = await given();
    const res = await shop.importCsv(
      csv(
        "sku,name,price_cents,warehouse_id,on_hand",
        ",Nameless,1,,",
        " pad,  ,1.5,,",
        `OK,Fine,1000000000001,0,-1`,
        `OK2,Fine,1,${shop.north.id},`,
        `OK3,Fine,1,,4`,
        "OK4,Fine,12abc,,",
      ),
    );
    expect(res.status).toBe(422);
    expect(res.json.errors).toEqual([
      { line: 2, field: "sku", error: "must be 1 to 64 characters" },
      { line: 3, field: "sku", error: "must not start or end with a space" },
      { line: 3, field: "name", error: "must be 1 to 200 characters, not blank" },
      { line: 3, field: "price_cents", error: "must be a non-negative integer amount of cents" },
      { line: 4, field: "price_cents", error: "must be at most 1000000000000" },
      { line: 4, field: "warehouse_id", error: "must be a positive integer id" },
      { line: 4, field: "on_hand", error: "must be a whole number from 0 to 2147483647" },
      { line: 5, field: "on_hand", error: "is required with warehouse_id" },
      { line: 6, field: "warehouse_id", error: "is required with on_hand" },
      { line: 7, field: "price_cents", error: "must be a non-negative integer amount of cents" },
    ]);
    expect(res.json.error_count).toBe(10);
  });

  it("refuses a SKU repeated for the same warehouse, without stock, or with another name or price", async () => {
    const shop = await given();
    const n = shop.north.id;
    const s = shop.south.id;
    const res = await shop.importCsv(
      csv(
        "sku,name,price_cents,warehouse_id,on_hand",
        `A,Apple,1,${n},1`,
        `A,Apple,1,${n},2`,
        "B,Bean,1,,",
        "B,Bean,1,,",
        `C,Corn,1,${n},1`,
        `C,Corn!,2,${s},1`,
      ),
    );
    expect(res.json.errors).toEqual([
      { line: 3, field: "sku", error: `appears again for warehouse ${n} (first on line 2)` },
      { line: 5, field: "sku", error: "appears again (first on line 4)" },
      { line: 7, field: "name", error: "differs from line 6 for the same sku" },
      { line: 7, field: "price_cents", error: "differs from line 6 for the same sku" },
    ]);
  });

  it("refuses an unknown warehouse and a count below the reserved units, writing nothing", async () => {
    const shop = await given();
    await shop.service.placeOrder.execute({
      actor: shop.alice,
      items: [{ productId: shop.widget.id, quantity: 4 }],
    });
    const reservedRow = [...shop.ports.db.tables.stock.values()].find((r) => r.reserved > 0);
    const unknown = await shop.importCsv(csv("sku,name,price_cents,warehouse_id,on_hand", "NEW,New,1,999,1"));
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors).toEqual([{ line: 2, field: "warehouse_id", error: "warehouse 999 not found" }]);
    const below = await shop.importCsv(
      csv("sku,name,price_cents,warehouse_id,on_hand", "NEW,New,1,,", `W-1,Widget,1250,${reservedRow?.warehouseId},3`),
    );
    expect(below.status).toBe(422);
    expect(below.json.errors).toEqual([{ line: 3, field: "on_hand", error: "is below the 4 units reserved" }]);
    expect(shop.productsBySku().has("NEW")).toBe(false);
  });

  it("refuses bad CSV: header, field count, quoting, empty body", async () => {
    const shop = await given();
    const wrongHeader = await shop.importCsv(csv("sku,title,price_cents", "A,a,1"));
    expect(wrongHeader.json.errors).toEqual([
      {
        line: 1,
        field: "header",
        error: "unknown column(s) title: the first line names the columns sku,name,price_cents[,warehouse_id,on_hand]",
      },
    ]);
    const half = await shop.importCsv(csv("sku,name,price_cents,warehouse_id", "A,a,1,1"));
    expect(half.json.errors).toMatchObject([{ line: 1, field: "header" }]);
    const missing = await shop.importCsv(csv("sku,name"));
    expect(missing.json.errors).toMatchObject([
      { line: 1, field: "header", error: expect.stringContaining("price_cents") },
    ]);
    const twice = await shop.importCsv(csv("sku,name,price_cents,sku"));
    expect(twice.json.errors).toMatchObject([{ line: 1, field: "header", error: "column(s) sku appear twice" }]);
    const empty = await shop.importCsv("");
    expect(empty.status).toBe(422);
    expect(empty.json.errors).toMatchObject([{ line: 1, field: "header" }]);

    const width = await shop.importCsv(csv("sku,name,price_cents", "A,a,1,extra", "B,b"));
    expect(width.json.errors).toEqual([
      { line: 2, field: null, error: "has 4 fields, the header has 3" },
      { line: 3, field: null, error: "has 2 fields, the header has 3" },
    ]);
    const quote = await shop.importCsv(csv("sku,name,price_cents", 'A,"open,1', "B,b,2"));
    expect(quote.status).toBe(422);
    expect(quote.json.errors).toMatchObject([
      { line: 5, field: null, error: expect.stringContaining("Quote Not Closed") },
    ]);
    const stray = await shop.importCsv(csv("sku,name,price_cents", "A,a,1", 'B,b"x,1'));
    expect(stray.json.errors).toMatchObject([
      { line: 3, field: null, error: expect.stringContaining("Invalid Opening Quote") },
    ]);
    expect(shop.productsBySku().has("A")).toBe(false);
  });

  it("reads quoted fields with commas, quotes and line breaks, a BOM and LF line ends; lines count from the record's start", async () => {
    const shop = await given();
    // A quoted line break is read, and refused by the name rule (names are printable characters).
    const body = '\uFEFFsku,name,price_cents\nQ-1,"two\nlines",5\n\nQ-2,,1\n';
    const res = await shop.importCsv(body);
    expect(res.json.errors).toEqual([
      { line: 2, field: "name", error: "must be printable characters" },
      { line: 5, field: "name", error: "must be 1 to 200 characters, not blank" },
    ]);
    const ok = await shop.importCsv('\uFEFFsku,name,price_cents\nQ-1,"Say ""hi"", then leave",5\n');
    expect(ok.status).toBe(200);
    expect(shop.productsBySku().get("Q-1")?.name).toBe('Say "hi", then leave');
  });

  it("refuses bad JSON bodies", async () => {
    const shop = await given();
    expect((await shop.importJson("[{")).json).toMatchObject({ code: "invalid_json" });
    const notArray = await shop.importJson({ sku: "A" });
    expect(notArray.status).toBe(400);
    expect(notArray.json).toMatchObject({ code: "invalid_input", field: "body" });
    const items = await shop.importJson([
      7,
      { sku: "A", name: "a", price_cents: "1", price: 1 },
      { sku: "B", name: "b", price_cents: "1" },
    ]);
    expect(items.status).toBe(422);
    expect(items.json.errors).toEqual([
      { line: 1, field: null, error: "must be an object" },
      { line: 2, field: "price", error: "is not a column of the import" },
      { line: 3, field: "price_cents", error: "must be a non-negative integer amount of cents" },
    ]);
  });

  it("refuses other media types, a bad dry_run, non-admins and anonymous callers", async () => {
    const shop = await given();
    const form = await shop.send("POST", "/products/import", {
      as: shop.admin,
      body: "sku,name,price_cents\n",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
    expect(form.json.code).toBe("unsupported_media_type");
    expect((await shop.importCsv(csv("sku,name,price_cents"), "?dry_run=yes")).status).toBe(400);
    const customer = await shop.importCsv(csv("sku,name,price_cents", "A,a,1"), "", shop.alice);
    expect(customer.status).toBe(403);
    const anonymous = await shop.send("POST", "/products/import", {
      body: "x",
      headers: { "Content-Type": "text/csv" },
    });
    expect(anonymous.status).toBe(401);
  });

  it("takes bodies over the app's 64 KiB limit, and refuses one over its own", async () => {
    const shop = await given();
    const lines = ["sku,name,price_cents"];
    for (let i = 0; i < 5_000; i++) lines.push(`BIG-${i},Product number ${i} with a long enough name,${i}`);
    const big = csv(...lines);
    expect(big.length).toBeGreaterThan(64 * 1024);
    const res = await shop.importCsv(big);
    expect(res.status).toBe(200);
    expect(res.json.created).toBe(5_000);
    const declared = await shop.send("POST", "/products/import", {
      as: shop.admin,
      body: "sku,name,price_cents\n",
      headers: { "Content-Type": "text/csv", "Content-Length": String(IMPORT_BODY_LIMIT_BYTES + 1) },
    });
    expect(declared.status).toBe(413);
    // Other routes keep the app's limit.
    const login = await shop.send("POST", "/login", { body: JSON.stringify({ email: "x".repeat(70 * 1024) }) });
    expect(login.status).toBe(413);
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} rows`, async () => {
    const shop = await given();
    const lines = ["sku,name,price_cents"];
    for (let i = 0; i <= MAX_IMPORT_ROWS; i++) lines.push(`M${i},m,1`);
    const res = await shop.importCsv(csv(...lines));
    expect(res.status).toBe(422);
    expect(res.json.errors).toEqual([
      { line: MAX_IMPORT_ROWS + 2, field: null, error: `more than ${MAX_IMPORT_ROWS} rows in one import` },
    ]);
  }, 30_000);
});

describe("GET /products/export", () => {
  it("streams every product with its stock rows as CSV that imports back unchanged", async () => {
    const shop = await given();
    await shop.importCsv(csv("sku,name,price_cents", 'E-1,"Quoted, ""name""",5'));
    const res = await shop.send("GET", "/products/export", { as: shop.admin });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const e1 = shop.productsBySku().get("E-1")?.id;
    expect(res.text).toBe(
      csv(
        "sku,name,price_cents,warehouse_id,on_hand",
        `W-1,Widget,1250,${shop.north.id},10`,
        `W-1,Widget,1250,${shop.south.id},5`,
        `G-1,Gadget,999,${shop.north.id},3`,
        'E-1,"Quoted, ""name""",5,,',
      ),
    );
    expect(e1).toBeDefined();
    const again = await shop.importCsv(res.text);
    expect(again.json).toEqual({ dry_run: false, created: 0, updated: 0, unchanged: 3, stock_set: 3, errors: [] });
  });

  it("is the admin's alone", async () => {
    const shop = await given();
    expect((await shop.send("GET", "/products/export", { as: shop.alice })).status).toBe(403);
    expect((await shop.send("GET", "/products/export")).status).toBe(401);
  });
});
