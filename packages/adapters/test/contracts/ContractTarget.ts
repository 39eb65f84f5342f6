import type { Product, User, Warehouse } from "@orders/domain";
import type { PostgresPorts } from "../../src/postgres/createPostgresPorts.js";

/** The persistence ports every target provides: the fakes, and the Postgres adapters on either engine. */
export type ContractPorts = PostgresPorts;

/** How a test builds rows no port writes (users, products, warehouses). */
export interface Given {
  /** Status "active" unless given. */
  user(user: Omit<User, "id" | "status"> & Partial<Pick<User, "status">>): Promise<User>;
  /** Active at version 1 with no low-stock threshold unless `product` says otherwise. */
  product(
    product: Omit<Product, "id" | "status" | "lowStockThreshold" | "version"> & Partial<Omit<Product, "id">>,
  ): Promise<Product>;
  warehouse(warehouse: { name: string; status?: Warehouse["status"]; priority?: number }): Promise<Warehouse>;
}

/** One implementation of the ports, empty, plus the way to put rows in it. */
export interface ContractTarget {
  readonly ports: ContractPorts;
  readonly given: Given;
}

/** Called before every test: answers a target with no rows at all. */
export type MakeTarget = () => Promise<ContractTarget>;
