import type { OrderService } from "@orders/domain";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import type { AppEnv } from "../http/AppEnv.js";
import { parseJsonBody } from "../http/parseJsonBody.js";
import { loginBody } from "../http/schemas.js";
import { validate } from "../http/validate.js";

export function authRoutes(service: Pick<OrderService, "logIn">) {
  return new Hono<AppEnv>().post(
    "/login",
    describeRoute({
      tags: ["auth"],
      summary: "Log in with email or phone; answers a Bearer token",
      responses: {
        200: { description: "{token, token_type, expires_in}" },
        401: { description: "unknown user or wrong password (one answer for both)" },
        429: { description: "5 failures for this login within 15 minutes; see Retry-After" },
      },
    }),
    parseJsonBody,
    validate("json", loginBody),
    async (c) => {
      const body = c.req.valid("json");
      const result = await service.logIn.execute({ emailOrPhone: body.email_or_phone, password: body.password });
      return c.json({ token: result.token, token_type: result.tokenType, expires_in: result.expiresIn });
    },
  );
}
