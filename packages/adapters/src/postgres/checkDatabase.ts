import { StorageUnavailableError } from "@orders/domain";
import type { SqlRunner } from "./SqlRunner.js";

/** Readiness: resolves when the database answers, rejects with StorageUnavailableError otherwise. */
export async function checkDatabase(db: SqlRunner): Promise<void> {
  try {
    await db.query("SELECT 1", []);
  } catch (error) {
    throw error instanceof StorageUnavailableError ? error : new StorageUnavailableError(error);
  }
}
