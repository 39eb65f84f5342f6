// Public API of the domain: use cases, their inputs and results, entities, errors and ports.
// In-memory fakes of every port live in the separate "@orders/domain/testing" entry point.

export { CreateProduct, type CreateProductInput } from "./catalog/CreateProduct.js";
export {
  EXPORT_PAGE_SIZE,
  ExportProducts,
  type ExportProductsInput,
  type ExportRow,
} from "./catalog/ExportProducts.js";
export { GetProduct, type ProductDetails } from "./catalog/GetProduct.js";
export {
  IMPORT_COLUMNS,
  type ImportCounts,
  type ImportedProduct,
  ImportProducts,
  type ImportProductsInput,
  type ImportReport,
  type ImportRowInput,
  MAX_IMPORT_ERRORS,
  MAX_IMPORT_ROWS,
  parseOnHandCount,
  REQUIRED_IMPORT_COLUMNS,
} from "./catalog/ImportProducts.js";
export {
  ListProducts,
  type ListProductsInput,
  MAX_PRODUCT_SEARCH_LENGTH,
  PRODUCT_STATUS_FILTERS,
  type ProductStatusFilter,
} from "./catalog/ListProducts.js";
export {
  isSellable,
  MAX_LOW_STOCK_THRESHOLD,
  MAX_PRICE_CENTS,
  MAX_PRODUCT_NAME_LENGTH,
  MAX_PRODUCT_VERSION,
  MAX_SKU_LENGTH,
  type NewProduct,
  PRODUCT_STATUSES,
  type Product,
  type ProductAvailability,
  type ProductChanges,
  type ProductStatus,
  type ProductWithStock,
  parseLowStockThreshold,
  parseNewProduct,
  parsePriceCents,
  parseProductChanges,
  parseProductName,
  parseProductStatus,
  parseSku,
  withAvailability,
} from "./catalog/Product.js";
export { UpdateProduct, type UpdateProductInput } from "./catalog/UpdateProduct.js";
export {
  createOrderService,
  DEFAULT_RESERVATION_TTL_SECONDS,
  type OrderService,
  type OrderServiceOptions,
  type OrderServicePorts,
} from "./createOrderService.js";
export * from "./events/DomainEvent.js";
export * from "./events/errors.js";
export {
  type CreateWebhookInput,
  ManageWebhooks,
  type NewSecret,
  type UpdateWebhookInput,
  type WebhookUrlPolicy,
} from "./events/ManageWebhooks.js";
export * from "./events/Webhook.js";
export { ChangePassword, type ChangePasswordInput } from "./identity/ChangePassword.js";
export { CreateUser, type CreateUserInput } from "./identity/CreateUser.js";
export { GetCurrentUser } from "./identity/GetCurrentUser.js";
export { ListUsers, type ListUsersInput } from "./identity/ListUsers.js";
export {
  LogIn,
  type LogInInput,
  type LogInResult,
  MAX_LOGIN_LENGTH,
  MAX_PASSWORD_LENGTH,
  normalizeLogin,
} from "./identity/LogIn.js";
export {
  SlidingWindowLoginAttempts,
  type SlidingWindowLoginAttemptsOptions,
} from "./identity/SlidingWindowLoginAttempts.js";
export { UpdateUser, type UpdateUserInput } from "./identity/UpdateUser.js";
export {
  type Actor,
  EMAIL_MESSAGE,
  isActiveAdmin,
  isAdmin,
  isRole,
  leavesNoActiveAdmin,
  MIN_PASSWORD_LENGTH,
  PHONE_MESSAGE,
  parseEmail,
  parseNewPassword,
  parsePhone,
  parseRole,
  parseUserStatus,
  ROLES,
  type Role,
  USER_STATUSES,
  type User,
  type UserStatus,
} from "./identity/User.js";
export { AdjustStock, type AdjustStockInput, COUNTED_MESSAGE, DELTA_MESSAGE } from "./inventory/AdjustStock.js";
export { allocateStock, type Demand } from "./inventory/allocateStock.js";
export { CreateWarehouse, type CreateWarehouseInput } from "./inventory/CreateWarehouse.js";
export { GetWarehouseStock, type WarehouseStock } from "./inventory/GetWarehouseStock.js";
export { ListMovements, type ListMovementsInput } from "./inventory/ListMovements.js";
export { ListWarehouses } from "./inventory/ListWarehouses.js";
export {
  MAX_RECEIPT_LINES,
  type ReceiptLine,
  ReceiveStock,
  type ReceiveStockInput,
  type StockReceipt,
} from "./inventory/ReceiveStock.js";
export { SetWarehouseStatus, type SetWarehouseStatusInput } from "./inventory/SetWarehouseStatus.js";
export { available, MAX_ON_HAND, type StockLevel } from "./inventory/StockLevel.js";
export { mergeStockLines, type StockLine, stockKey } from "./inventory/StockLine.js";
export {
  ADJUSTMENT_REASONS,
  ADMIN_MOVEMENT_KINDS,
  type AdjustmentReason,
  MAX_NOTE_LENGTH,
  MAX_REFERENCE_LENGTH,
  MOVEMENT_KINDS,
  MOVEMENT_REASONS,
  type MovementKind,
  type MovementReason,
  type MovementRecord,
  type ReplayedStock,
  replayLedger,
  type StockMovement,
} from "./inventory/StockMovement.js";
export { type Transfer, TransferStock, type TransferStockInput } from "./inventory/TransferStock.js";
export { UpdateWarehouse, type UpdateWarehouseInput } from "./inventory/UpdateWarehouse.js";
export {
  MAX_WAREHOUSE_NAME_LENGTH,
  MAX_WAREHOUSE_PRIORITY,
  MIN_WAREHOUSE_PRIORITY,
  type NewWarehouse,
  parseNewWarehouse,
  parseWarehouseChanges,
  parseWarehouseName,
  parseWarehousePriority,
  parseWarehouseStatus,
  WAREHOUSE_STATUSES,
  type Warehouse,
  type WarehouseChanges,
  type WarehouseStatus,
} from "./inventory/Warehouse.js";
export { CancelOrder, type CancelOrderInput } from "./ordering/CancelOrder.js";
export {
  type ExpiredReservation,
  ExpireOverdueReservations,
  MAX_SWEEP_LIMIT,
} from "./ordering/ExpireOverdueReservations.js";
export {
  ExpireReservation,
  type ExpireReservationInput,
  type ExpireReservationResult,
} from "./ordering/ExpireReservation.js";
export { GetOrder } from "./ordering/GetOrder.js";
export { ListOrders, type ListOrdersInput } from "./ordering/ListOrders.js";
export {
  type ClosedOrder,
  type ClosedOrderStatus,
  cancelOrder,
  expireOrder,
  isOverdue,
  isPending,
  ORDER_STATUSES,
  type Order,
  type OrderLine,
  type OrderStatus,
  payOrder,
} from "./ordering/Order.js";
export { PayOrder, type PayOrderInput } from "./ordering/PayOrder.js";
export {
  DEFAULT_CHECKOUT_BATCH_MAX,
  DEFAULT_HOLD_LIMITS,
  PlaceOrder,
  type PlaceOrderInput,
  type PlaceOrderOptions,
  type PlaceOrderPorts,
} from "./ordering/PlaceOrder.js";
export * from "./ports/index.js";
export { Coalescer } from "./shared/Coalescer.js";
export * from "./shared/errors.js";
export { memoizeByIdentity } from "./shared/memoizeByIdentity.js";
export { RETRY_POLICY } from "./shared/retryPolicy.js";
export * from "./shared/values.js";
