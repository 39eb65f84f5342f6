// The HTTP API as a library: build the app over any use cases and token issuer.
export { type App, type AppDeps, type AppOptions, createApp, DEFAULT_BODY_LIMIT_BYTES } from "./createApp.js";
export { type ErrorCode, errorStatus } from "./http/errorStatus.js";
export { HttpError, type HttpErrorCode } from "./http/HttpError.js";
export type { ReadinessCheck } from "./routes/opsRoutes.js";
