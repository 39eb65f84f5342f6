// Wraps a set of storage ports so the catalog's listings are cached and every stock write drops them.
import type { Catalog, OrderServicePorts, TransactionPorts } from "@orders/domain";
import { CachedCatalog, type CachedCatalogOptions } from "./CachedCatalog.js";

type StoragePorts = Pick<OrderServicePorts, "catalog" | "unitOfWork" | "productImport"> & TransactionPorts;

/**
 * `port` with each of `methods` calling `then` once its promise settles (fulfilled or not: a failed
 * write may still have committed); every other member is the port's own, bound to it.
 */
function after<T extends object>(port: T, methods: readonly (keyof T & string)[], then: () => void): T {
  return new Proxy(port, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== "function") return value;
      if (!(methods as readonly (string | symbol)[]).includes(name)) return value.bind(target);
      return async (...args: unknown[]) => {
        try {
          return await value.apply(target, args);
        } finally {
          then();
        }
      };
    },
  });
}

/**
 * `ports` with `catalog` behind a CachedCatalog, and the writes that change what a listing shows
 * (stock reserved, settled, released, received, counted, moved or adjusted; a product created,
 * changed or imported; a warehouse's status; anything inside a unit of work) dropping its listings
 * once they have committed. Reads pass through untouched.
 */
export function cachedCatalogPorts<P extends StoragePorts>(
  ports: P,
  options: CachedCatalogOptions,
): P & { readonly catalog: Catalog & { invalidate(): void } } {
  const catalog = new CachedCatalog(ports.catalog, options);
  const invalidate = () => catalog.invalidate();
  return {
    ...ports,
    catalog,
    reservations: after(
      ports.reservations,
      ["placePending", "placeMany", "settle", "release", "releaseMany"],
      invalidate,
    ),
    stock: after(ports.stock, ["transfer", "adjust", "receive", "count"], invalidate),
    products: after(ports.products, ["create", "update"], invalidate),
    productImport: after(ports.productImport, ["apply"], invalidate),
    warehouses: after(ports.warehouses, ["setStatus"], invalidate),
    unitOfWork: after(ports.unitOfWork, ["run"], invalidate),
  };
}
