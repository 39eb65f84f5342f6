// The bench scenarios and the dataset shape the load generator (bench/lua/scenario.lua) and pgbench share.

export const SCENARIO_NAMES = ["checkout_hot", "checkout_spread", "checkout_pay", "products", "login"] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** The bench dataset's shape, shared by the loader, pgbench and the request sequences. */
export const PRODUCTS = 1_000;
export const HOT_PRODUCT = 1;
export const HOT_WAREHOUSE = 1;

/** What the load generator needs from the dataset: customer tokens and logins. */
export interface Fixture {
  readonly tokens: readonly string[];
  readonly emails: readonly string[];
  readonly password: string;
}

/** The scenarios also measured at LOW_CONNECTIONS (latency when the service is not saturated). */
export const LOW_CONNECTION_SCENARIOS: readonly ScenarioName[] = ["checkout_hot", "checkout_spread"];
