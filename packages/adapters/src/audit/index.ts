export { AUDIT_CHECKS, auditDatabase, type Violation } from "./auditDatabase.js";
