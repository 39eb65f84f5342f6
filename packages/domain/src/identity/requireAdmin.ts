import { ForbiddenError } from "../shared/errors.js";
import { type Actor, isAdmin } from "./User.js";

export function requireAdmin(actor: Actor, action: string): void {
  if (!isAdmin(actor)) throw new ForbiddenError(action);
}
