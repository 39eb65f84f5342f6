import type { Warehouses } from "../ports/Warehouses.js";
import type { Warehouse } from "./Warehouse.js";

/** Every warehouse with its status, in the order checkout prefers them. */
export class ListWarehouses {
  constructor(private readonly warehouses: Warehouses) {}

  execute(): Promise<Warehouse[]> {
    return this.warehouses.list();
  }
}
