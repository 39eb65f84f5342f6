import { migrate } from "./migrate.js";
import type { SqlRunner } from "./SqlRunner.js";

/** Schema plus demo data: what `make migrate` and the embedded first start apply. */
export function seed(db: SqlRunner): Promise<void> {
  return migrate(db, { seed: true });
}
