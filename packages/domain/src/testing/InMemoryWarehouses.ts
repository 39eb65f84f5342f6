// Warehouses in memory: listed by priority, created after the others, changed, locked.
import {
  MAX_WAREHOUSE_PRIORITY,
  type NewWarehouse,
  type Warehouse,
  type WarehouseChanges,
  type WarehouseStatus,
} from "../inventory/Warehouse.js";
import type { Warehouses } from "../ports/Warehouses.js";
import type { InMemoryScope } from "./InMemoryScope.js";

export class InMemoryWarehouses implements Warehouses {
  constructor(private readonly scope: InMemoryScope) {}

  async list(): Promise<Warehouse[]> {
    return [...this.scope.tables.warehouses.values()].sort((a, b) => a.priority - b.priority || a.id - b.id);
  }

  async findById(id: number): Promise<Warehouse | null> {
    return this.scope.tables.warehouses.get(id) ?? null;
  }

  create(warehouse: NewWarehouse): Promise<Warehouse> {
    return this.scope.write(() => {
      const { warehouses, sequences } = this.scope.tables;
      const highest = Math.max(-1, ...[...warehouses.values()].map((w) => w.priority));
      const row: Warehouse = {
        id: ++sequences.warehouse,
        name: warehouse.name,
        status: warehouse.status,
        priority: warehouse.priority ?? Math.max(0, Math.min(highest + 1, MAX_WAREHOUSE_PRIORITY)),
      };
      warehouses.set(row.id, row);
      return row;
    });
  }

  update(id: number, changes: WarehouseChanges): Promise<Warehouse | null> {
    return this.scope.write(() => {
      const current = this.scope.tables.warehouses.get(id);
      if (current === undefined) return null;
      const updated = { ...current, ...changes };
      this.scope.tables.warehouses.set(id, updated);
      return updated;
    });
  }

  setStatus(id: number, status: WarehouseStatus): Promise<Warehouse | null> {
    return this.scope.write(() => {
      const current = this.scope.tables.warehouses.get(id);
      if (current === undefined) return null;
      const updated = { ...current, status };
      this.scope.tables.warehouses.set(id, updated);
      return updated;
    });
  }

  async lock(ids: readonly number[]): Promise<Warehouse[]> {
    return [...new Set(ids)].sort((a, b) => a - b).flatMap((id) => this.scope.tables.warehouses.get(id) ?? []);
  }
}
