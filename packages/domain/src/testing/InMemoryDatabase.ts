import type { Product } from "../catalog/Product.js";
import type { User } from "../identity/User.js";
import type { StockMovement } from "../inventory/StockMovement.js";
import type { Warehouse } from "../inventory/Warehouse.js";
import type { Order } from "../ordering/Order.js";

export interface StockRow {
  readonly warehouseId: number;
  readonly productId: number;
  readonly onHand: number;
  readonly reserved: number;
}

/** Tables of the fake. Rows are immutable values: writes replace them, never mutate them. */
export interface Tables {
  users: Map<number, User>;
  products: Map<number, Product>;
  warehouses: Map<number, Warehouse>;
  stock: Map<string, StockRow>;
  orders: Map<number, Order>;
  movements: StockMovement[];
  sequences: { user: number; product: number; warehouse: number; order: number; movement: number; transfer: number };
}

/**
 * The state behind the in-memory fakes, with one lock standing in for Postgres transactions:
 * a unit of work holds it from start to end and restores a snapshot when it fails.
 */
export class InMemoryDatabase {
  tables: Tables = {
    users: new Map(),
    products: new Map(),
    warehouses: new Map(),
    stock: new Map(),
    orders: new Map(),
    movements: [],
    sequences: { user: 0, product: 0, warehouse: 0, order: 0, movement: 0, transfer: 0 },
  };

  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` alone; concurrent callers queue, like writers of one Postgres row. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Runs `work` alone and undoes every write it made when it throws. */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      const snapshot = this.snapshot();
      try {
        return await work();
      } catch (error) {
        this.tables = snapshot;
        throw error;
      }
    });
  }

  /** Adds a user as given (active unless said otherwise), with no checks: a test's fixture. */
  addUser(user: Omit<User, "id" | "status"> & Partial<Pick<User, "status">>): User {
    const row: User = { status: "active", ...user, id: ++this.tables.sequences.user };
    this.tables.users.set(row.id, row);
    return row;
  }

  /** A product row; active at version 1 with no low-stock threshold unless `product` says otherwise. */
  addProduct(
    product: Omit<Product, "id" | "status" | "lowStockThreshold" | "version"> & Partial<Omit<Product, "id">>,
  ): Product {
    const row: Product = {
      status: "active",
      lowStockThreshold: 0,
      version: 1,
      ...product,
      id: ++this.tables.sequences.product,
    };
    this.tables.products.set(row.id, row);
    return row;
  }

  addWarehouse(warehouse: Omit<Warehouse, "id" | "status" | "priority"> & Partial<Warehouse>): Warehouse {
    const id = ++this.tables.sequences.warehouse;
    const row: Warehouse = { status: "active", priority: id, ...warehouse, id };
    this.tables.warehouses.set(row.id, row);
    return row;
  }

  private snapshot(): Tables {
    const t = this.tables;
    return {
      users: new Map(t.users),
      products: new Map(t.products),
      warehouses: new Map(t.warehouses),
      stock: new Map(t.stock),
      orders: new Map(t.orders),
      movements: [...t.movements],
      sequences: { ...t.sequences },
    };
  }
}
