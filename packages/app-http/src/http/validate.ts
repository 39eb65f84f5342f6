import { InvalidInputError } from "@orders/domain";
import type { ValidationTargets } from "hono";
import { validator } from "hono-openapi";
import type { GenericSchema } from "valibot";

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
 * hono-openapi's validator (so the same schema documents the route in /openapi.json) whose
 * failures become the 400 invalid_input the domain raises too, naming the first bad field.
 */
export function validate<Schema extends GenericSchema, Target extends keyof ValidationTargets>(
  target: Target,
  schema: Schema,
) {
  return validator(target, schema, (result) => {
    if (result.success) return;
    const [first] = result.error;
    if (first === undefined) throw new InvalidInputError("body", "is invalid");
    throw new InvalidInputError(fieldOf(first), reasonOf(first));
  });
}
