import { CreateProduct } from "./catalog/CreateProduct.js";
import { GetProduct } from "./catalog/GetProduct.js";
import { ListProducts } from "./catalog/ListProducts.js";
import { UpdateProduct } from "./catalog/UpdateProduct.js";
import { ChangePassword } from "./identity/ChangePassword.js";
import { CreateUser } from "./identity/CreateUser.js";
import { GetCurrentUser } from "./identity/GetCurrentUser.js";
import { ListUsers } from "./identity/ListUsers.js";
import { LogIn } from "./identity/LogIn.js";
import { UpdateUser } from "./identity/UpdateUser.js";
import { CreateWarehouse } from "./inventory/CreateWarehouse.js";
import { GetWarehouseStock } from "./inventory/GetWarehouseStock.js";
import { ListWarehouses } from "./inventory/ListWarehouses.js";
import { SetWarehouseStatus } from "./inventory/SetWarehouseStatus.js";
import { TransferStock } from "./inventory/TransferStock.js";
import { UpdateWarehouse } from "./inventory/UpdateWarehouse.js";
import { CancelOrder } from "./ordering/CancelOrder.js";
import { ExpireOverdueReservations } from "./ordering/ExpireOverdueReservations.js";
import { ExpireReservation } from "./ordering/ExpireReservation.js";
import { GetOrder } from "./ordering/GetOrder.js";
import { ListOrders } from "./ordering/ListOrders.js";
import { PayOrder } from "./ordering/PayOrder.js";
import { PlaceOrder } from "./ordering/PlaceOrder.js";
import type { Catalog } from "./ports/Catalog.js";
import type { Clock } from "./ports/Clock.js";
import type { LoginAttempts } from "./ports/LoginAttempts.js";
import type { Orders } from "./ports/Orders.js";
import type { PasswordHasher } from "./ports/PasswordHasher.js";
import type { Products } from "./ports/Products.js";
import type { Reservations } from "./ports/Reservations.js";
import type { ReservationTimer } from "./ports/ReservationTimer.js";
import type { StockLedger } from "./ports/StockLedger.js";
import type { TokenIssuer } from "./ports/TokenIssuer.js";
import type { UnitOfWork } from "./ports/UnitOfWork.js";
import type { Users } from "./ports/Users.js";
import type { Warehouses } from "./ports/Warehouses.js";

/** Everything the use cases need from outside the domain. */
export interface OrderServicePorts {
  readonly users: Users;
  /** The read side: products with prices and stock levels. */
  readonly catalog: Catalog;
  /** The write side of the catalog: creating and changing products. */
  readonly products: Products;
  readonly warehouses: Warehouses;
  readonly reservations: Reservations;
  readonly stock: StockLedger;
  readonly orders: Orders;
  readonly unitOfWork: UnitOfWork;
  readonly timer: ReservationTimer;
  readonly clock: Clock;
  readonly hasher: PasswordHasher;
  readonly tokens: TokenIssuer;
  readonly loginAttempts: LoginAttempts;
}

export interface OrderServiceOptions {
  /** How long checkout holds stock before it is given back. */
  readonly reservationTtlSeconds: number;
}

export const DEFAULT_RESERVATION_TTL_SECONDS = 300;

/** Builds every use case over one set of ports. */
export function createOrderService(
  ports: OrderServicePorts,
  options: OrderServiceOptions = { reservationTtlSeconds: DEFAULT_RESERVATION_TTL_SECONDS },
) {
  const { unitOfWork, timer, clock } = ports;
  return {
    logIn: new LogIn(ports.users, ports.hasher, ports.tokens, ports.loginAttempts),
    listProducts: new ListProducts(ports.catalog),
    getProduct: new GetProduct(ports.catalog),
    createProduct: new CreateProduct(ports.products),
    updateProduct: new UpdateProduct(ports.products),
    placeOrder: new PlaceOrder(ports, options.reservationTtlSeconds),
    payOrder: new PayOrder(unitOfWork, timer, clock),
    cancelOrder: new CancelOrder(unitOfWork, timer, clock),
    expireReservation: new ExpireReservation(unitOfWork, timer, clock),
    expireOverdueReservations: new ExpireOverdueReservations(unitOfWork, timer, clock),
    getOrder: new GetOrder(ports.orders),
    listOrders: new ListOrders(ports.orders),
    transferStock: new TransferStock(unitOfWork),
    setWarehouseStatus: new SetWarehouseStatus(ports.warehouses),
    listWarehouses: new ListWarehouses(ports.warehouses),
    createWarehouse: new CreateWarehouse(ports.warehouses),
    updateWarehouse: new UpdateWarehouse(ports.warehouses),
    getWarehouseStock: new GetWarehouseStock(ports.warehouses, ports.catalog),
    createUser: new CreateUser(ports.users, ports.hasher),
    updateUser: new UpdateUser(ports.users),
    listUsers: new ListUsers(ports.users),
    getCurrentUser: new GetCurrentUser(ports.users),
    changePassword: new ChangePassword(ports.users, ports.hasher, ports.loginAttempts),
  };
}

export type OrderService = ReturnType<typeof createOrderService>;
