// Injection tokens of the composition root; only container.ts registers or resolves them.
export const Tokens = {
  Config: Symbol("Config"),
  Logger: Symbol("Logger"),
  Registry: Symbol("Registry"),
  Database: Symbol("Database"),
  Redis: Symbol("Redis"),
  Clock: Symbol("Clock"),
  StoragePorts: Symbol("StoragePorts"),
  ReservationTimer: Symbol("ReservationTimer"),
  LoginAttempts: Symbol("LoginAttempts"),
  PasswordHasher: Symbol("PasswordHasher"),
  TokenIssuer: Symbol("TokenIssuer"),
  OrderService: Symbol("OrderService"),
  Readiness: Symbol("Readiness"),
  IdempotencyStore: Symbol("IdempotencyStore"),
  ExpiryWorker: Symbol("ExpiryWorker"),
  App: Symbol("App"),
} as const;
