import { createInMemoryPorts } from "@orders/domain/testing";
import type { ContractTarget } from "./ContractTarget.js";

/** The domain's in-memory fakes: the behaviour every other target must match. */
export async function inMemoryTarget(): Promise<ContractTarget> {
  const ports = createInMemoryPorts();
  return {
    ports,
    given: {
      user: async (user) => ports.db.addUser(user),
      product: async (product) => ports.db.addProduct(product),
      warehouse: async (warehouse) => ports.db.addWarehouse(warehouse),
    },
  };
}
