// Warehouses on PostgreSQL: listed by priority, created after the others, changed, locked FOR SHARE.
import {
  MAX_WAREHOUSE_PRIORITY,
  type NewWarehouse,
  type Warehouse,
  type WarehouseChanges,
  type WarehouseStatus,
  type Warehouses,
} from "@orders/domain";
import type { SqlRunner } from "./SqlRunner.js";
import { toSafeInteger } from "./toSafeInteger.js";

interface WarehouseRow {
  id: unknown;
  name: string;
  status: WarehouseStatus;
  priority: unknown;
}

const COLUMNS = "id, name, status, priority";

const toWarehouse = (row: WarehouseRow): Warehouse => ({
  id: toSafeInteger(row.id),
  name: row.name,
  status: row.status,
  priority: toSafeInteger(row.priority),
});

export class PostgresWarehouses implements Warehouses {
  constructor(private readonly db: SqlRunner) {}

  async list(): Promise<Warehouse[]> {
    const rows = await this.db.query<WarehouseRow>(`SELECT ${COLUMNS} FROM warehouses ORDER BY priority, id`, []);
    return rows.map(toWarehouse);
  }

  async findById(id: number): Promise<Warehouse | null> {
    const [row] = await this.db.query<WarehouseRow>(`SELECT ${COLUMNS} FROM warehouses WHERE id = $1`, [id]);
    return row === undefined ? null : toWarehouse(row);
  }

  async create(warehouse: NewWarehouse): Promise<Warehouse> {
    // Without a priority: one more than the highest, within 0..MAX_WAREHOUSE_PRIORITY (two racing
    // creates may tie; ties go to the lower id, so both still serve after the older ones).
    const [row] = await this.db.query<WarehouseRow>(
      `INSERT INTO warehouses (name, status, priority)
       SELECT $1, $2, coalesce($3::integer,
                               (SELECT greatest(0, least(coalesce(max(priority) + 1, 0), $4::integer)) FROM warehouses))
       RETURNING ${COLUMNS}`,
      [warehouse.name, warehouse.status, warehouse.priority ?? null, MAX_WAREHOUSE_PRIORITY],
    );
    if (row === undefined) throw new Error("INSERT ... RETURNING answered no row");
    return toWarehouse(row);
  }

  async update(id: number, changes: WarehouseChanges): Promise<Warehouse | null> {
    const [row] = await this.db.query<WarehouseRow>(
      `UPDATE warehouses SET name = coalesce($2, name), priority = coalesce($3::integer, priority)
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, changes.name ?? null, changes.priority ?? null],
    );
    return row === undefined ? null : toWarehouse(row);
  }

  async setStatus(id: number, status: WarehouseStatus): Promise<Warehouse | null> {
    const [row] = await this.db.query<WarehouseRow>(
      `UPDATE warehouses SET status = $2 WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, status],
    );
    return row === undefined ? null : toWarehouse(row);
  }

  async lock(ids: readonly number[]): Promise<Warehouse[]> {
    if (ids.length === 0) return [];
    // FOR SHARE in id order: transfers may hold the same warehouses together, a status change waits.
    const rows = await this.db.query<WarehouseRow>(
      `SELECT ${COLUMNS} FROM warehouses WHERE id = ANY($1::bigint[]) ORDER BY id FOR SHARE`,
      [ids],
    );
    return rows.map(toWarehouse);
  }
}
