export { AUDIT_CHECKS, type AwaitingRelease, auditDatabase, awaitingRelease, type Violation } from "./auditDatabase.js";
export { SqlSweepLog, type SweepLog } from "./SqlSweepLog.js";
