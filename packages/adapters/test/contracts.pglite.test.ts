// The contract suites against the Postgres adapters on PGlite: one shared instance for the file.
import { afterAll, beforeAll, describe } from "vitest";
import { migrate, openEmbeddedDatabase, type SqlRunner } from "../src/postgres/index.js";
import { ordersContract } from "./contracts/ordersContract.js";
import { productsContract } from "./contracts/productsContract.js";
import { sqlTarget } from "./contracts/sqlTarget.js";
import { stockLedgerContract } from "./contracts/stockLedgerContract.js";
import { unitOfWorkContract } from "./contracts/unitOfWorkContract.js";
import { usersContract } from "./contracts/usersContract.js";
import { warehousesContract } from "./contracts/warehousesContract.js";

describe("contracts on PGlite", () => {
  let db: SqlRunner;
  beforeAll(async () => {
    db = await openEmbeddedDatabase();
    await migrate(db);
  });
  afterAll(async () => {
    await db.close();
  });
  const target = () => sqlTarget(db);

  usersContract(target);
  productsContract(target);
  warehousesContract(target);
  stockLedgerContract(target);
  ordersContract(target);
  unitOfWorkContract(target);
});
