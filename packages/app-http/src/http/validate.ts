import { InvalidInputError } from "@orders/domain";
import type { ValidationTargets } from "hono";
import { resolver, uniqueSymbol, validator } from "hono-openapi";
import type { GenericSchema, InferInput } from "valibot";

type PathSegment = PropertyKey | { readonly key?: unknown; readonly origin?: unknown };

/** The parts of a Standard Schema issue (valibot adds expected/received) that name what went wrong. */
interface Issue {
  readonly message: string;
  readonly path?: readonly PathSegment[] | undefined;
}

/** "items[0].quantity" from an issue path; "body" for the whole document. */
export function fieldOf(issue: Issue): string {
  let field = "";
  for (const segment of issue.path ?? []) {
    const key = typeof segment === "object" && segment !== null && "key" in segment ? segment.key : segment;
    field += typeof key === "number" ? `[${key}]` : field === "" ? String(key) : `.${String(key)}`;
  }
  return field === "" ? "body" : field;
}

/** A short reason for a client: "is required", "unknown field", or the schema's own message. */
export function reasonOf(issue: Issue): string {
  const last = issue.path?.at(-1);
  const isKeyIssue = typeof last === "object" && last !== null && "origin" in last && last.origin === "key";
  if (isKeyIssue && "expected" in issue && issue.expected === "never") return "unknown field";
  if (isKeyIssue && "received" in issue && issue.received === "undefined") return "is required";
  return issue.message;
}

/**
 * What no string the API reads may hold: Unicode's control characters (general category Cc), that
 * is the C0 controls U+0000-U+001F (NUL, tab, newline, escape...), DEL U+007F and the C1 controls
 * U+0080-U+009F. None belongs in an email, a phone, a password, an id, a status or a header
 * value, and PostgreSQL text cannot hold NUL at all (sending one is an encoding error).
 */
const CONTROL_CHARACTER = /\p{Cc}/u;

export const CONTROL_CHARACTER_REASON = "must not contain control characters";

export const hasControlCharacter = (text: string): boolean => CONTROL_CHARACTER.test(text);

/** A value met while walking the input, with the key it sits under and the value holding it. */
interface Visit {
  readonly value: unknown;
  readonly key?: PropertyKey;
  readonly parent?: Visit;
}

function pathTo(visit: Visit): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}

/**
 * The field ("items[0].note", "status", "id") of the first string, or object key, in `value`
 * that holds a control character; null when there is none. Walks with its own stack and builds
 * a path only for the hit, so a deeply nested body costs linear time and cannot overflow.
 */
export function fieldWithControlCharacter(value: unknown): string | null {
  const pending: Visit[] = [{ value }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    const current = visit.value;
    if (typeof current === "string") {
      if (hasControlCharacter(current)) return fieldOf({ message: "", path: pathTo(visit) });
    } else if (typeof current === "object" && current !== null) {
      const entries: [PropertyKey, unknown][] = Array.isArray(current)
        ? current.map((item, index) => [index, item])
        : Object.entries(current);
      // Reversed onto the stack, so the first bad field in document order is the one named.
      for (const [key, item] of entries.reverse()) {
        // A key that holds one is named like a value that holds one.
        const checked = typeof key === "string" && hasControlCharacter(key) ? key : item;
        pending.push({ value: checked, key, parent: visit });
      }
    }
  }
  return null;
}

/**
 * hono-openapi's validator (so the same schema documents the route in /openapi.json) whose
 * failures become the 400 invalid_input the domain raises too, naming the first bad field. A
 * control character anywhere in the input is refused first, on every route and every target, so
 * no schema has to remember it. For the path, the query and the headers: a body goes through
 * `validateJson`, which documents its examples too.
 */
export function validate<
  Schema extends GenericSchema,
  Target extends Exclude<keyof ValidationTargets, "json" | "form">,
>(target: Target, schema: Schema) {
  // Their values arrive as text and each schema's pipe ends in the type it becomes (an integer
  // id, a bounded limit): that output type is what the document says the parameter is.
  return validator(target, schema, hook, { options: { typeMode: "output" } });
}

function hook(result: { readonly success: boolean; readonly data: unknown; readonly error?: readonly Issue[] }) {
  // `data` is the raw input (the body, the path params or the query), whatever the schema said.
  const field = fieldWithControlCharacter(result.data);
  if (field !== null) throw new InvalidInputError(field, CONTROL_CHARACTER_REASON);
  if (result.success) return;
  const [first] = result.error ?? [];
  if (first === undefined) throw new InvalidInputError("body", "is invalid");
  throw new InvalidInputError(fieldOf(first), reasonOf(first));
}

/** A named example of a request body, shown (and sent by "Try it out") in /docs. */
export interface RequestExample<Schema extends GenericSchema> {
  readonly summary: string;
  readonly value: InferInput<Schema>;
}

/**
 * `validate` for the JSON body, documented with its examples: /openapi.json lists them by name,
 * so Swagger UI offers one valid body per example instead of a sample with every optional field.
 */
export function validateJson<Schema extends GenericSchema>(
  schema: Schema,
  examples: Readonly<Record<string, RequestExample<Schema>>>,
) {
  const middleware = validator("json", schema, hook);
  // hono-openapi documents a validator's body with its schema only, and would drop the examples
  // of a describeRoute before it; so this one describes its whole body itself.
  return Object.assign(middleware, {
    [uniqueSymbol]: {
      spec: {
        requestBody: { required: true, content: { "application/json": { schema: resolver(schema), examples } } },
      },
    },
  });
}
