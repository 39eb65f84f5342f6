// The contract suites against the domain's in-memory fakes: the reference behaviour.
import { inMemoryTarget } from "./contracts/inMemoryTarget.js";
import { ordersContract } from "./contracts/ordersContract.js";
import { productsContract } from "./contracts/productsContract.js";
import { stockLedgerContract } from "./contracts/stockLedgerContract.js";
import { unitOfWorkContract } from "./contracts/unitOfWorkContract.js";
import { usersContract } from "./contracts/usersContract.js";
import { warehousesContract } from "./contracts/warehousesContract.js";

usersContract(inMemoryTarget);
productsContract(inMemoryTarget);
warehousesContract(inMemoryTarget);
stockLedgerContract(inMemoryTarget);
ordersContract(inMemoryTarget);
unitOfWorkContract(inMemoryTarget);
