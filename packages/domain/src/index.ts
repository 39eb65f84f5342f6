// Public API of the domain: use cases, their inputs and results, entities, errors and ports.
// In-memory fakes of every port live in the separate "@orders/domain/testing" entry point.

export { CreateProduct, type CreateProductInput } from "./catalog/CreateProduct.js";
export { GetProduct, type ProductDetails } from "./catalog/GetProduct.js";
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
export { allocateStock, type Demand } from "./inventory/allocateStock.js";
export { CreateWarehouse, type CreateWarehouseInput } from "./inventory/CreateWarehouse.js";
export { GetWarehouseStock, type WarehouseStock } from "./inventory/GetWarehouseStock.js";
export { ListWarehouses } from "./inventory/ListWarehouses.js";
export { SetWarehouseStatus, type SetWarehouseStatusInput } from "./inventory/SetWarehouseStatus.js";
export { available, type StockLevel } from "./inventory/StockLevel.js";
export { mergeStockLines, type StockLine, stockKey } from "./inventory/StockLine.js";
export { type MovementKind, type ReplayedStock, replayLedger, type StockMovement } from "./inventory/StockMovement.js";
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
export { PlaceOrder, type PlaceOrderInput, type PlaceOrderPorts } from "./ordering/PlaceOrder.js";
export * from "./ports/index.js";
export * from "./shared/errors.js";
export { RETRY_POLICY } from "./shared/retryPolicy.js";
export * from "./shared/values.js";
