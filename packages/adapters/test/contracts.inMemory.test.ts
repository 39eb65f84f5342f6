// The contract suites against the domain's in-memory fakes: the reference behaviour.
import { allContracts } from "./contracts/allContracts.js";
import { inMemoryTarget } from "./contracts/inMemoryTarget.js";

allContracts(inMemoryTarget);
