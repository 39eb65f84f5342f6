import type { Warehouse, WarehouseStatus } from "../inventory/Warehouse.js";
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
