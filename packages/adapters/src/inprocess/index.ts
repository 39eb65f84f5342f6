export { CATALOG_LISTING_MAX_AGE_MS, CachedCatalog, type CachedCatalogOptions } from "./CachedCatalog.js";
export { cachedCatalogPorts } from "./cachedCatalogPorts.js";
export { InProcessReservationTimer, type InProcessReservationTimerOptions } from "./InProcessReservationTimer.js";
export { SystemClock } from "./SystemClock.js";
