import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Hono } from "hono";
import type { AppEnv } from "../http/AppEnv.js";
import { HttpError } from "../http/HttpError.js";

// Swagger UI comes from the pinned swagger-ui-dist package and is served by this service, so /docs
// works with no internet and loads nothing from anywhere else.
const require = createRequire(import.meta.url);
const SWAGGER_UI_PACKAGE = require.resolve("swagger-ui-dist/package.json");
const SWAGGER_UI_DIR = dirname(SWAGGER_UI_PACKAGE);
const { version: SWAGGER_UI_VERSION } = require(SWAGGER_UI_PACKAGE) as { version: string };

/** The package's files that /docs uses; the version in their path lets browsers keep them for good. */
const VENDOR_FILES: Readonly<Record<string, string>> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

const VENDOR_PATH = `/docs/assets/swagger-ui-${SWAGGER_UI_VERSION}`;
const INIT_PATH = "/docs/assets/init.js";
const SPEC_URL = "/openapi.json";

// A file of its own rather than an inline script, so the page's CSP can say script-src 'self'.
const INIT_JS = `"use strict";
window.ui = SwaggerUIBundle({
  url: document.getElementById("swagger-ui").dataset.specUrl,
  dom_id: "#swagger-ui",
  deepLinking: true,
  // The default sends the spec to validator.swagger.io for a badge.
  validatorUrl: null,
});
`;

const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Order service API</title>
<link rel="icon" type="image/png" href="${VENDOR_PATH}/favicon-32x32.png">
<link rel="stylesheet" href="${VENDOR_PATH}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-spec-url="${SPEC_URL}"></div>
<script src="${VENDOR_PATH}/swagger-ui-bundle.js"></script>
<script src="${INIT_PATH}"></script>
</body>
</html>
`;

// Only this origin; Swagger UI sets inline styles and its CSS uses data: images.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join("; ");

const IMMUTABLE = "public, max-age=31536000, immutable";

const vendorFiles = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();

/** Reads a vendor file once per process; the bundle is 1.7 MB, so not before /docs is first opened. */
function vendorFile(name: string): Promise<Uint8Array<ArrayBuffer>> {
  let file = vendorFiles.get(name);
  if (file === undefined) {
    file = readFile(join(SWAGGER_UI_DIR, name)).then((buffer) => new Uint8Array(buffer));
    file.catch(() => vendorFiles.delete(name));
    vendorFiles.set(name, file);
  }
  return file;
}

/** GET /docs: Swagger UI over /openapi.json, its assets under /docs/assets. Mount at "/docs". */
export function docsRoutes() {
  return new Hono<AppEnv>()
    .get("/", (c) => c.html(HTML, 200, { "Cache-Control": "no-cache", "Content-Security-Policy": CSP }))
    .get("/assets/init.js", (c) =>
      c.body(INIT_JS, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache" }),
    )
    .get(`/assets/swagger-ui-${SWAGGER_UI_VERSION}/:file`, async (c) => {
      const name = c.req.param("file");
      const type = Object.hasOwn(VENDOR_FILES, name) ? VENDOR_FILES[name] : undefined;
      if (type === undefined) throw new HttpError("not_found", `no route for ${c.req.method} ${c.req.path}`);
      return c.body(await vendorFile(name), 200, { "Content-Type": type, "Cache-Control": IMMUTABLE });
    });
}
