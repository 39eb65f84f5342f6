import { InsufficientStockError } from "../shared/errors.js";
import { available, type StockLevel } from "./StockLevel.js";
import type { StockLine } from "./StockLine.js";

export interface Demand {
  readonly productId: number;
  readonly quantity: number;
}

/**
 * Decides which warehouses serve an order. `warehouseIds` are the candidates in priority
 * order (all active). The first warehouse that can serve every demand serves the whole order;
 * otherwise each demand comes whole from the first candidate that has enough of it, and is split
 * across the candidates in order only when no single one has enough. Throws InsufficientStockError for the first demand the candidates cannot meet.
 */
export function allocateStock(
  demands: readonly Demand[],
  levels: readonly StockLevel[],
  warehouseIds: readonly number[],
): StockLine[] {
  const availableAt = (warehouseId: number, productId: number): number => {
    const level = levels.find((l) => l.warehouseId === warehouseId && l.productId === productId);
    return level === undefined ? 0 : available(level);
  };

  const whole = warehouseIds.find((w) => demands.every((d) => availableAt(w, d.productId) >= d.quantity));
  if (whole !== undefined) {
    return demands.map((d) => ({ warehouseId: whole, productId: d.productId, quantity: d.quantity }));
  }

  const lines: StockLine[] = [];
  for (const demand of demands) {
    const single = warehouseIds.find((w) => availableAt(w, demand.productId) >= demand.quantity);
    if (single !== undefined) {
      lines.push({ warehouseId: single, productId: demand.productId, quantity: demand.quantity });
      continue;
    }
    let missing = demand.quantity;
    for (const warehouseId of warehouseIds) {
      const take = Math.min(missing, availableAt(warehouseId, demand.productId));
      if (take > 0) {
        lines.push({ warehouseId, productId: demand.productId, quantity: take });
        missing -= take;
      }
      if (missing === 0) break;
    }
    if (missing > 0) {
      const total = warehouseIds.reduce((sum, w) => sum + availableAt(w, demand.productId), 0);
      throw new InsufficientStockError(
        demand.productId,
        demand.quantity,
        total,
        warehouseIds.length === 1 ? warehouseIds[0] : undefined,
      );
    }
  }
  return lines;
}
