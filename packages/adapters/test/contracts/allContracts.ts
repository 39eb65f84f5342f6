import type { MakeTarget } from "./ContractTarget.js";
import { catalogContract } from "./catalogContract.js";
import { ordersContract } from "./ordersContract.js";
import { productImportContract } from "./productImportContract.js";
import { productsContract } from "./productsContract.js";
import { reservationsContract } from "./reservationsContract.js";
import { stockLedgerContract } from "./stockLedgerContract.js";
import { unitOfWorkContract } from "./unitOfWorkContract.js";
import { usersContract } from "./usersContract.js";
import { warehousesContract } from "./warehousesContract.js";

/** Every persistence port's contract suite, against one target (fakes, PGlite or real Postgres). */
export function allContracts(target: MakeTarget): void {
  usersContract(target);
  productsContract(target);
  catalogContract(target);
  warehousesContract(target);
  reservationsContract(target);
  stockLedgerContract(target);
  ordersContract(target);
  unitOfWorkContract(target);
  productImportContract(target);
}
