// The bench scenarios: dataset shape constants and the request sequences autocannon sends for each.
import type autocannon from "autocannon";

export type ScenarioName = "checkout_hot" | "checkout_spread" | "checkout_pay" | "products" | "login";

/** The bench dataset's shape, shared by the loader, pgbench and the request sequences. */
export const PRODUCTS = 1_000;
export const HOT_PRODUCT = 1;
export const HOT_WAREHOUSE = 1;

/** What the request sequences need from the dataset: customer tokens and logins. */
export interface Fixture {
  readonly tokens: readonly string[];
  readonly emails: readonly string[];
  readonly password: string;
}

/** What a sequence saw, beyond the status counts autocannon keeps. */
export interface ScenarioCounters {
  paid: number;
  checkoutFailed: number;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const json = { "content-type": "application/json" };

/** The autocannon request sequence of each scenario; `counters` collects what the sequence saw. */
export function requestsFor(scenario: ScenarioName, fx: Fixture, counters: ScenarioCounters): autocannon.Request[] {
  const auth = () => ({ ...json, authorization: `Bearer ${pick(fx.tokens)}` });
  const randomProduct = () => 1 + Math.floor(Math.random() * PRODUCTS);
  switch (scenario) {
    case "products":
      return [{ method: "GET", path: "/products", setupRequest: (req) => ({ ...req, headers: auth() }) }];
    case "checkout_hot":
      return [
        {
          method: "POST",
          path: "/checkout",
          setupRequest: (req) => ({
            ...req,
            headers: auth(),
            body: JSON.stringify({ product_id: HOT_PRODUCT, quantity: 1, warehouse_id: HOT_WAREHOUSE }),
          }),
        },
      ];
    case "checkout_spread":
      return [
        {
          method: "POST",
          path: "/checkout",
          setupRequest: (req) => ({
            ...req,
            headers: auth(),
            body: JSON.stringify({ product_id: randomProduct(), quantity: 1 }),
          }),
        },
      ];
    case "checkout_pay": {
      interface PayContext {
        token?: string;
        orderId?: number;
      }
      return [
        {
          method: "POST",
          path: "/checkout",
          setupRequest: (req, context) => {
            const ctx = context as PayContext;
            ctx.token = pick(fx.tokens);
            return {
              ...req,
              headers: { ...json, authorization: `Bearer ${ctx.token}` },
              body: JSON.stringify({ product_id: randomProduct(), quantity: 1 }),
            };
          },
          onResponse: (status, body, context) => {
            const ctx = context as PayContext;
            if (status === 201) ctx.orderId = (JSON.parse(body) as { order_id: number }).order_id;
            else counters.checkoutFailed++;
          },
        },
        {
          method: "POST",
          path: "/pay",
          setupRequest: (req, context) => {
            const ctx = context as PayContext;
            // A failed checkout leaves no order: this pay answers 404 and is counted as non-2xx.
            return {
              ...req,
              headers: { ...json, authorization: `Bearer ${ctx.token ?? pick(fx.tokens)}` },
              body: JSON.stringify({ order_id: ctx.orderId ?? 999_999_999 }),
            };
          },
          onResponse: (status) => {
            if (status === 200) counters.paid++;
          },
        },
      ];
    }
    case "login":
      return [
        {
          method: "POST",
          path: "/login",
          setupRequest: (req) => ({
            ...req,
            headers: json,
            body: JSON.stringify({ email_or_phone: pick(fx.emails), password: fx.password }),
          }),
        },
      ];
  }
}
