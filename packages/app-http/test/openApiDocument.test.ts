import { MAX_PAGE_LIMIT, ORDER_STATUSES } from "@orders/domain";
import { describe, expect, it } from "vitest";
import { givenApp } from "./givenApp.js";
import type { OpenApiDocument, Operation } from "./openApiSchemas.js";
import { schemaValidator } from "./openApiSchemas.js";

// What every operation must document, whether or not a test exercises it (openApiDrift.ts checks
// the answers the suites do receive).

async function documentAndOperations() {
  const t = await givenApp();
  const document = (await (await t.app.request("/openapi.json")).json()) as OpenApiDocument;
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
  );
  return { document, operations };
}

const statuses = (operation: Operation) => Object.keys(operation.responses);

describe("/openapi.json", () => {
  it("has a server, shared component schemas, and a JSON schema on every 2xx JSON answer and every error", async () => {
    const { document, operations } = await documentAndOperations();
    expect(document.servers?.length).toBeGreaterThan(0);
    for (const name of ["Order", "Product", "Warehouse", "WarehouseStock", "Login", "Transfer", "Error"]) {
      expect(document.components.schemas[name], name).toBeDefined();
    }
    for (const { name, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const content = response.content ?? {};
        expect(Object.keys(content).length, `${name} ${status} has no body`).toBeGreaterThan(0);
        for (const [mediaType, media] of Object.entries(content)) {
          expect(media.schema, `${name} ${status} ${mediaType}`).toBeDefined();
        }
        if (Number(status) >= 400) expect(JSON.stringify(response.content), `${name} ${status}`).toContain("Error");
      }
    }
  });

  it("lists 401, 400 and 503 on every secured operation, 403 on the admin ones, 429 on login", async () => {
    const { operations } = await documentAndOperations();
    const secured = operations.filter(({ operation }) => (operation.security?.length ?? 0) > 0);
    // Every route but /login and the ops ones: 11 today (/transfer and /transfer-product both count).
    expect(secured.length).toBeGreaterThanOrEqual(11);
    for (const { name, operation } of secured) {
      expect(statuses(operation), name).toEqual(expect.arrayContaining(["400", "401", "500", "503"]));
      if (operation.summary?.startsWith("Admin:")) expect(statuses(operation), name).toContain("403");
    }
    const login = operations.find(({ name }) => name === "POST /login")?.operation;
    expect(login && statuses(login)).toEqual(expect.arrayContaining(["400", "401", "413", "429", "503"]));
  });

  it("lists 400 and 413 with every request body, 409 and 422 with every Idempotency-Key", async () => {
    const { operations } = await documentAndOperations();
    for (const { name, operation } of operations) {
      if (operation.requestBody !== undefined) {
        expect(statuses(operation), name).toEqual(expect.arrayContaining(["400", "413"]));
      }
      if (operation.parameters?.some((p) => p.in === "header" && p.name === "Idempotency-Key")) {
        expect(statuses(operation), name).toEqual(expect.arrayContaining(["409", "422"]));
      }
    }
  });

  it("gives every request body named examples that its own schema accepts; checkout one per shape", async () => {
    const { document, operations } = await documentAndOperations();
    const validatorOf = schemaValidator(document);
    const bodies = operations.filter(({ operation }) => operation.requestBody !== undefined);
    expect(bodies.length).toBeGreaterThanOrEqual(6);
    for (const { name, operation } of bodies) {
      const media = operation.requestBody?.content["application/json"];
      const examples = Object.entries(media?.examples ?? {});
      expect(examples.length, name).toBeGreaterThan(0);
      for (const [example, { value }] of examples) {
        expect(validatorOf(media?.schema ?? {})(value), `${name} example ${example}`).toBeNull();
      }
    }
    const checkout = operations.find(({ name }) => name === "POST /checkout")?.operation.requestBody;
    const values = Object.values(checkout?.content["application/json"]?.examples ?? {}).map((e) => e.value);
    expect(values).toEqual([
      expect.objectContaining({ product_id: expect.any(Number), quantity: expect.any(Number) }),
      expect.objectContaining({ items: expect.any(Array) }),
    ]);
  });

  it("types the query and path parameters with the domain's bounds and values", async () => {
    const { document } = await documentAndOperations();
    const orders = document.paths["/orders"]?.get?.parameters ?? [];
    const schemaOf = (name: string) => orders.find((p) => p.name === name)?.schema;
    expect(schemaOf("limit")).toMatchObject({ type: "integer", minimum: 1, maximum: MAX_PAGE_LIMIT });
    expect(schemaOf("after_id")).toMatchObject({ type: "integer", minimum: 1 });
    expect(schemaOf("user_id")).toMatchObject({ type: "integer", minimum: 1 });
    expect(schemaOf("status")).toMatchObject({ enum: [...ORDER_STATUSES] });
    const id = document.paths["/orders/{id}"]?.get?.parameters?.find((p) => p.name === "id")?.schema;
    expect(id).toMatchObject({ type: "integer", minimum: 1 });
  });
});
