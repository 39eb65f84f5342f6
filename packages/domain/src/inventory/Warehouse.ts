// A warehouse and its field rules: name, status and the priority checkout prefers warehouses by.
import { InvalidInputError } from "../shared/errors.js";

export const WAREHOUSE_STATUSES = ["active", "inactive"] as const;
export type WarehouseStatus = (typeof WAREHOUSE_STATUSES)[number];

export interface Warehouse {
  readonly id: number;
  readonly name: string;
  readonly status: WarehouseStatus;
  /** Lower serves first when checkout picks warehouses. */
  readonly priority: number;
}

/** What creating a warehouse stores; without a priority it serves after every existing one. */
export interface NewWarehouse {
  readonly name: string;
  readonly status: WarehouseStatus;
  readonly priority?: number;
}

export interface WarehouseChanges {
  readonly name?: string;
  readonly priority?: number;
}

export const MAX_WAREHOUSE_NAME_LENGTH = 200;
/** Priorities run from 0 (served first) to 1,000,000; ties go to the lower id. */
export const MIN_WAREHOUSE_PRIORITY = 0;
export const MAX_WAREHOUSE_PRIORITY = 1_000_000;

// biome-ignore lint/suspicious/noControlCharactersInRegex: the class names the characters refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A warehouse name: 1-200 printable characters, not blank. */
export function parseWarehouseName(value: unknown, field = "name"): string {
  if (typeof value !== "string") throw new InvalidInputError(field, "must be a string");
  if (value.trim() === "" || [...value].length > MAX_WAREHOUSE_NAME_LENGTH) {
    throw new InvalidInputError(field, `must be 1 to ${MAX_WAREHOUSE_NAME_LENGTH} characters, not blank`);
  }
  if (CONTROL.test(value)) throw new InvalidInputError(field, "must be printable characters");
  return value;
}

export function parseWarehousePriority(value: unknown, field = "priority"): number {
  if (
    typeof value !== "number" ||
    !Number.isInteger(value) ||
    value < MIN_WAREHOUSE_PRIORITY ||
    value > MAX_WAREHOUSE_PRIORITY
  ) {
    throw new InvalidInputError(
      field,
      `must be a whole number from ${MIN_WAREHOUSE_PRIORITY} to ${MAX_WAREHOUSE_PRIORITY}`,
    );
  }
  return value;
}

export function parseWarehouseStatus(value: unknown, field = "status"): WarehouseStatus {
  if (!WAREHOUSE_STATUSES.includes(value as WarehouseStatus)) {
    throw new InvalidInputError(field, `must be one of ${WAREHOUSE_STATUSES.join(", ")}`);
  }
  return value as WarehouseStatus;
}

/** A new warehouse's fields, each parsed by its rule; active when no status is given. */
export function parseNewWarehouse(input: {
  readonly name: unknown;
  readonly status?: unknown;
  readonly priority?: unknown;
}): NewWarehouse {
  return {
    name: parseWarehouseName(input.name),
    status: input.status === undefined ? "active" : parseWarehouseStatus(input.status),
    ...(input.priority === undefined ? {} : { priority: parseWarehousePriority(input.priority) }),
  };
}

/** The fields a change sets; a change that sets nothing is refused. */
export function parseWarehouseChanges(input: {
  readonly name?: unknown;
  readonly priority?: unknown;
}): WarehouseChanges {
  const changes = {
    ...(input.name === undefined ? {} : { name: parseWarehouseName(input.name) }),
    ...(input.priority === undefined ? {} : { priority: parseWarehousePriority(input.priority) }),
  };
  if (Object.keys(changes).length === 0) throw new InvalidInputError("body", "must set at least one of name, priority");
  return changes;
}
