import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// The parts of /openapi.json the tests read, and JSON Schema validation against it.

// ajv-formats is CommonJS with a default export; under NodeNext its namespace is what arrives.
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Schema = { [key: string]: Json };

export interface MediaType {
  readonly schema?: Schema;
  readonly examples?: Record<string, { readonly value: Json }>;
}
export interface ResponseDoc {
  readonly content?: Record<string, MediaType>;
  readonly headers?: Record<string, unknown>;
}
export interface Operation {
  readonly security?: readonly unknown[];
  readonly tags?: readonly string[];
  readonly summary?: string;
  readonly requestBody?: { readonly content: Record<string, MediaType> };
  readonly parameters?: readonly { readonly in: string; readonly name: string; readonly schema?: Schema }[];
  readonly responses: Record<string, ResponseDoc>;
}
export interface OpenApiDocument {
  readonly info: { readonly description?: string };
  readonly servers?: readonly { readonly url: string }[];
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: { readonly schemas: Record<string, Schema> };
}

/** The schema with every `#/components/schemas/...` reference replaced by what it names. */
export function resolveRefs(node: Json, components: Record<string, Schema>, depth = 0): Json {
  if (depth > 32) throw new Error("$ref nesting deeper than 32 (a recursive schema?)");
  if (Array.isArray(node)) return node.map((item) => resolveRefs(item, components, depth));
  if (node === null || typeof node !== "object") return node;
  const ref = node.$ref;
  if (typeof ref === "string") {
    const name = ref.replace(/^#\/components\/schemas\//, "");
    const target = components[name];
    if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    return resolveRefs(target, components, depth + 1);
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, resolveRefs(value, components, depth)]));
}

/**
 * A checker per schema of `document` (compiled once each, $refs resolved): it answers null for a
 * valid value, else what is wrong ("/items/0 must NOT have additional properties {...}").
 */
export function schemaValidator(document: OpenApiDocument): (schema: Json) => (value: unknown) => string | null {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const compiled = new Map<Json, ValidateFunction>();
  return (schema) => {
    let validate = compiled.get(schema);
    if (validate === undefined) {
      validate = ajv.compile(resolveRefs(schema, document.components.schemas) as Schema);
      compiled.set(schema, validate);
    }
    const checker = validate;
    return (value) =>
      checker(value)
        ? null
        : (checker.errors ?? [])
            .map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`)
            .join("; ");
  };
}
