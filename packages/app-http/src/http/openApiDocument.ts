import type { GenerateSpecOptions } from "hono-openapi";

/**
 * What /openapi.json says beyond the routes' own `describeRoute`: title, servers, the bearer
 * scheme, and the answers that belong to no operation. Every operation lists its own error
 * statuses (errorResponses), so hono-openapi's generic 400 is turned off.
 */
export function openApiDocument(version: string): Partial<GenerateSpecOptions> {
  return {
    defaultValidationErrorResponse: false,
    documentation: {
      info: {
        title: "Order service",
        version,
        // Code spans, so Markdown renderers show the <placeholders> instead of taking them for HTML.
        description: [
          'Errors answer `{"error": "<readable message>", "code": "<stable_code>", ...details}` (schema `Error`);',
          "each operation lists the statuses and codes it can answer.",
          "",
          "Besides those, the transport answers any request it cannot hand to an operation, in the same shape:",
          "`400 bad_request` (malformed request line, header or URL), `408 request_timeout` (the request took",
          "too long to arrive), `413 payload_too_large` (a body over the limit, on any route),",
          "`431 request_header_fields_too_large`, and `404 not_found` for a path or method that is not here.",
          "",
          'Lists are keyset-paged with `limit` and `after_id`; a full page carries `Link: <...>; rel="next"`.',
        ].join("\n"),
      },
      // Relative: the document is served by the API it describes, so "Try it out" calls that host.
      servers: [{ url: "/", description: "this server" }],
      components: { securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
    },
  };
}
