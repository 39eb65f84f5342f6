import type { OrderService } from "@orders/domain";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import type { AppEnv } from "../http/AppEnv.js";
import { errorResponses, JSON_BODY } from "../http/errorResponses.js";
import { parseJsonBody } from "../http/parseJsonBody.js";
import { jsonResponse, type LoginJson, LoginResponse } from "../http/responses.js";
import { loginBody } from "../http/schemas.js";
import { validateJson } from "../http/validate.js";

export function authRoutes(service: Pick<OrderService, "logIn">) {
  return new Hono<AppEnv>().post(
    "/login",
    describeRoute({
      tags: ["auth"],
      summary: "Log in with email or phone; answers a Bearer token",
      responses: {
        200: jsonResponse("a bearer token for the user", LoginResponse),
        ...errorResponses([...JSON_BODY, "invalid_credentials", "too_many_login_attempts", "storage_unavailable"], {
          401: "unknown user or wrong password (one answer for both)",
          429: "5 failures for this login within 15 minutes; see Retry-After",
        }),
      },
    }),
    parseJsonBody,
    validateJson(loginBody, {
      email: { summary: "by email", value: { email_or_phone: "customer@example.com", password: "customer123" } },
      phone: { summary: "by phone", value: { email_or_phone: "081234567891", password: "customer123" } },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const result = await service.logIn.execute({ emailOrPhone: body.email_or_phone, password: body.password });
      const json: LoginJson = { token: result.token, token_type: result.tokenType, expires_in: result.expiresIn };
      return c.json(json);
    },
  );
}
