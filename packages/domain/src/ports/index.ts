export type { Catalog, ProductQuery, StockQuery } from "./Catalog.js";
export type { Clock } from "./Clock.js";
export type { EventFeed, FeedPage, FeedQuery } from "./EventFeed.js";
export { type EventSink, SinkError, type SinkReceipt } from "./EventSink.js";
export {
  DEFAULT_LOGIN_WINDOW_SECONDS,
  DEFAULT_MAX_LOGIN_FAILURES,
  type LoginAttemptReservation,
  type LoginAttempts,
} from "./LoginAttempts.js";
export type { OrderQuery, Orders } from "./Orders.js";
export type { PasswordHasher } from "./PasswordHasher.js";
export type { ExportCursor, ProductExport } from "./ProductExport.js";
export type { ProductImport, ProductImportOptions } from "./ProductImport.js";
export type { Products, ProductUpdate } from "./Products.js";
export type { HoldLimits, NewOrder, OrderStock, Placement, Reservations } from "./Reservations.js";
export type { ReservationTimer } from "./ReservationTimer.js";
export type {
  AdjustmentRecord,
  MovementQuery,
  NewStockReceipt,
  StockLedger,
  StockRowLevel,
  StockTransfer,
} from "./StockLedger.js";
export type { IssuedToken, TokenIssuer } from "./TokenIssuer.js";
export type { TransactionPorts, UnitOfWork } from "./UnitOfWork.js";
export type { NewUser, UserChange, UserChangeResult, Users } from "./Users.js";
export type { Warehouses } from "./Warehouses.js";
export type {
  ClaimedDelivery,
  DeliveryQuery,
  NewWebhook,
  WebhookChange,
  WebhookDeliveries,
  Webhooks,
} from "./Webhooks.js";
