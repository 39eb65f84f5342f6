// ImportProducts and ExportProducts on the fakes: the admin check, the row rules, the report, the export's pages.
import { describe, expect, it } from "vitest";
import {
  type Actor,
  ExportProducts,
  ForbiddenError,
  ImportProducts,
  ImportRejectedError,
  type ImportRowInput,
  MAX_IMPORT_ERRORS,
} from "../src/index.js";
import { createInMemoryPorts } from "../src/testing/index.js";

const admin: Actor = { userId: 1, role: "admin" };
const customer: Actor = { userId: 2, role: "customer" };

function given() {
  const ports = createInMemoryPorts();
  const w1 = ports.db.addWarehouse({ name: "W1" });
  const importer = new ImportProducts(ports.productImport);
  const run = (rows: ImportRowInput[], dryRun = false, actor = admin) => importer.execute({ actor, rows, dryRun });
  const products = () => [...ports.db.tables.products.values()];
  return { ports, w1, run, products };
}

describe("ImportProducts", () => {
  it("applies rows that pass every rule and reports the counts", async () => {
    const { run, w1, products } = given();
    const report = await run([
      { line: 2, sku: "A", name: "Apple", price_cents: 10, warehouse_id: w1.id, on_hand: 4 },
      { line: 3, sku: "B", name: "Bean", price_cents: 0, warehouse_id: null, on_hand: null },
    ]);
    expect(report).toEqual({ created: 2, updated: 0, unchanged: 0, stockSet: 1, dryRun: false });
    expect(products().map((p) => p.sku)).toEqual(["A", "B"]);
  });

  it("is the admin's alone, refused before any row is read", async () => {
    const { ports } = given();
    let read = false;
    const rows = {
      *[Symbol.iterator]() {
        read = true;
        yield { line: 2, sku: "A", name: "A", price_cents: 1 };
      },
    };
    await expect(
      new ImportProducts(ports.productImport).execute({ actor: customer, rows, dryRun: false }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(read).toBe(false);
  });

  it("lists at most MAX_IMPORT_ERRORS errors, in line order, and counts them all; nothing is written", async () => {
    const { run, products } = given();
    const rows = Array.from({ length: MAX_IMPORT_ERRORS + 5 }, (_, i) => ({
      line: MAX_IMPORT_ERRORS + 6 - i,
      sku: `S${i}`,
      name: "",
      price_cents: 1,
    }));
    const rejected = run(rows);
    await expect(rejected).rejects.toBeInstanceOf(ImportRejectedError);
    const error = (await rejected.catch((e: unknown) => e)) as ImportRejectedError;
    expect(error.errorCount).toBe(MAX_IMPORT_ERRORS + 5);
    expect(error.errors).toHaveLength(MAX_IMPORT_ERRORS);
    const lines = error.errors.map((e) => e.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(products()).toEqual([]);
  });

  it("keeps the errors found before a reader fails, with the reader's own", async () => {
    const { ports } = given();
    async function* rows(): AsyncGenerator<ImportRowInput> {
      yield { line: 2, sku: "", name: "A", price_cents: 1 };
      throw new ImportRejectedError([{ line: 3, field: null, error: "broken quoting" }]);
    }
    const rejected = new ImportProducts(ports.productImport).execute({ actor: admin, rows: rows(), dryRun: false });
    await expect(rejected).rejects.toMatchObject({
      errors: [
        { line: 2, field: "sku", error: "must be 1 to 64 characters" },
        { line: 3, field: null, error: "broken quoting" },
      ],
    });
  });

  it("a dry run counts what would happen and writes nothing", async () => {
    const { run, products } = given();
    expect(await run([{ line: 2, sku: "A", name: "A", price_cents: 1 }], true)).toMatchObject({
      created: 1,
      dryRun: true,
    });
    expect(products()).toEqual([]);
  });
});

describe("ExportProducts", () => {
  it("pulls pages lazily, each after the last row of the one before", async () => {
    const { ports, run, w1 } = given();
    await run(
      Array.from({ length: 5 }, (_, i) => ({
        line: i + 2,
        sku: `P${i}`,
        name: "P",
        price_cents: i,
        warehouse_id: w1.id,
        on_hand: i + 1,
      })),
    );
    const pages: number[] = [];
    for await (const page of new ExportProducts(ports.productExport, 2).execute({ actor: admin }))
      pages.push(page.length);
    expect(pages).toEqual([2, 2, 1]);
    expect(() => new ExportProducts(ports.productExport).execute({ actor: customer })).toThrow(ForbiddenError);
  });
});
