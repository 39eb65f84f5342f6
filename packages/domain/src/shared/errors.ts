import { RETRY_POLICY } from "./retryPolicy.js";

/**
 * Expected failures. Each has a stable `code` that clients can rely on and the facts
 * (`details`) a client needs to react. They are mapped to transport status codes once,
 * outside the domain.
 */
export class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidInputError extends DomainError<"invalid_input"> {
  constructor(field: string, message: string) {
    super("invalid_input", `${field}: ${message}`, { field });
  }
}

export class InvalidCredentialsError extends DomainError<"invalid_credentials"> {
  constructor() {
    super("invalid_credentials", "invalid email/phone or password");
  }
}

export class TooManyLoginAttemptsError extends DomainError<"too_many_login_attempts"> {
  constructor(readonly retryAfterSeconds: number) {
    super("too_many_login_attempts", `too many failed log-ins, retry in ${retryAfterSeconds} s`, {
      retry_after_seconds: retryAfterSeconds,
    });
  }
}

export class UnauthenticatedError extends DomainError<"unauthenticated"> {
  constructor(reason = "missing or invalid token") {
    super("unauthenticated", reason);
  }
}

export class ForbiddenError extends DomainError<"forbidden"> {
  constructor(action: string) {
    super("forbidden", `only an admin may ${action}`);
  }
}

export class ProductNotFoundError extends DomainError<"product_not_found"> {
  constructor(productId: number) {
    super("product_not_found", `product ${productId} not found`, { product_id: productId });
  }
}

export class SkuTakenError extends DomainError<"sku_taken"> {
  constructor(sku: string) {
    super("sku_taken", `SKU ${JSON.stringify(sku)} is taken by another product`, { sku });
  }
}

export class ProductArchivedError extends DomainError<"product_archived"> {
  constructor(productId: number) {
    super("product_archived", `product ${productId} is archived and cannot be ordered`, { product_id: productId });
  }
}

/** A conditional change (If-Match) named a version the product no longer has. */
export class VersionMismatchError extends DomainError<"version_mismatch"> {
  constructor(productId: number) {
    super("version_mismatch", `product ${productId} has changed since the version given; read it again`, {
      product_id: productId,
    });
  }
}

export class WarehouseNotFoundError extends DomainError<"warehouse_not_found"> {
  constructor(warehouseId: number) {
    super("warehouse_not_found", `warehouse ${warehouseId} not found`, {
      warehouse_id: warehouseId,
    });
  }
}

export class WarehouseInactiveError extends DomainError<"warehouse_inactive"> {
  constructor(warehouseId: number) {
    super("warehouse_inactive", `warehouse ${warehouseId} is inactive`, {
      warehouse_id: warehouseId,
    });
  }
}

export class InsufficientStockError extends DomainError<"insufficient_stock"> {
  constructor(
    readonly productId: number,
    readonly requested: number,
    readonly available: number,
    readonly warehouseId?: number,
  ) {
    const where = warehouseId === undefined ? "" : ` in warehouse ${warehouseId}`;
    super("insufficient_stock", `product ${productId}: requested ${requested}, available ${available}${where}`, {
      product_id: productId,
      requested,
      available,
      ...(warehouseId === undefined ? {} : { warehouse_id: warehouseId }),
    });
  }
}

export class OrderNotFoundError extends DomainError<"order_not_found"> {
  constructor(orderId: number) {
    super("order_not_found", `order ${orderId} not found`, { order_id: orderId });
  }
}

export class OrderNotPayableError extends DomainError<"order_not_payable"> {
  constructor(orderId: number, status: string) {
    super("order_not_payable", `order ${orderId} is ${status}, only a pending order can be paid`, {
      order_id: orderId,
      status,
    });
  }
}

export class OrderNotCancellableError extends DomainError<"order_not_cancellable"> {
  constructor(orderId: number, status: string) {
    super("order_not_cancellable", `order ${orderId} is ${status}, only a pending order can be cancelled`, {
      order_id: orderId,
      status,
    });
  }
}

export class ReservationExpiredError extends DomainError<"reservation_expired"> {
  constructor(orderId: number, expiresAt: Date) {
    super("reservation_expired", `the reservation of order ${orderId} expired`, {
      order_id: orderId,
      expires_at: expiresAt.toISOString(),
    });
  }
}

export class UserNotFoundError extends DomainError<"user_not_found"> {
  constructor(userId: number) {
    super("user_not_found", `user ${userId} not found`, { user_id: userId });
  }
}

/** The email or phone of a new user already logs someone in; `field` names which. */
export class LoginTakenError extends DomainError<"login_taken"> {
  constructor(field: "email" | "phone") {
    super("login_taken", `${field}: another user already logs in with it`, { field });
  }
}

/** Demoting or disabling the only active admin would leave nobody to run the shop. */
export class LastAdminError extends DomainError<"last_admin"> {
  constructor(userId: number) {
    super("last_admin", `user ${userId} is the last active admin: promote another admin first`, { user_id: userId });
  }
}

/** A password change whose current_password is not the user's password. */
export class WrongPasswordError extends DomainError<"wrong_password"> {
  constructor() {
    super("wrong_password", "current_password is not your password", { field: "current_password" });
  }
}

/**
 * Thrown by adapters when the store cannot be reached, or a lost race survived its retries; the
 * request may be retried after `retry_after_seconds`.
 */
export class StorageUnavailableError extends DomainError<"storage_unavailable"> {
  constructor(cause?: unknown) {
    super("storage_unavailable", "storage is unavailable, retry later", {
      retry_after_seconds: RETRY_POLICY.retryAfterSeconds,
    });
    if (cause !== undefined) this.cause = cause;
  }
}

/** Every code the domain can raise; transports map each one exactly once. */
export type DomainErrorCode =
  | InvalidInputError["code"]
  | InvalidCredentialsError["code"]
  | TooManyLoginAttemptsError["code"]
  | UnauthenticatedError["code"]
  | ForbiddenError["code"]
  | ProductNotFoundError["code"]
  | SkuTakenError["code"]
  | ProductArchivedError["code"]
  | VersionMismatchError["code"]
  | WarehouseNotFoundError["code"]
  | WarehouseInactiveError["code"]
  | InsufficientStockError["code"]
  | OrderNotFoundError["code"]
  | OrderNotPayableError["code"]
  | OrderNotCancellableError["code"]
  | ReservationExpiredError["code"]
  | UserNotFoundError["code"]
  | LoginTakenError["code"]
  | LastAdminError["code"]
  | WrongPasswordError["code"]
  | StorageUnavailableError["code"];
