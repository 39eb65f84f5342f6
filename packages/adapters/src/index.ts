// Adapters of the order service's ports. Each folder is one technology.
export * from "./audit/index.js";
export * from "./cli/index.js";
export * from "./crypto/index.js";
export * from "./events/index.js";
export * from "./idempotency/index.js";
export * from "./inprocess/index.js";
export * from "./postgres/index.js";
export * from "./redis/index.js";
