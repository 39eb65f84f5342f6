// Users: an admin creates, lists and changes them; every signed-in user reads their account and changes their password.
import type { OrderService, User } from "@orders/domain";
import { Hono, type MiddlewareHandler } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { AppEnv } from "../http/AppEnv.js";
import { adminOnly } from "../http/adminOnly.js";
import { bearerAuthDoc } from "../http/authenticate.js";
import { ADMIN_ONLY, AUTHENTICATED, errorResponses, IDEMPOTENT, JSON_BODY } from "../http/errorResponses.js";
import { idempotencyKeyParameter } from "../http/idempotencyKey.js";
import { nextPageLink, nextPageLinkHeader } from "../http/nextPageLink.js";
import { parseJsonBody } from "../http/parseJsonBody.js";
import { jsonResponse, type UserJson, UserResponse } from "../http/responses.js";
import { changePasswordBody, createUserBody, idParam, pageQuery, updateUserBody } from "../http/schemas.js";
import { validate, validateJson } from "../http/validate.js";

type UserUseCases = Pick<OrderService, "createUser" | "updateUser" | "listUsers" | "getCurrentUser" | "changePassword">;

const idempotent = { parameters: [idempotencyKeyParameter] };

export const userJson = (user: User): UserJson => ({
  id: user.id,
  email: user.email,
  phone: user.phone,
  role: user.role,
  status: user.status,
});

/** `auth` is `authenticate`; `idempotency` honours the Idempotency-Key header on every write. */
export function userRoutes(
  service: UserUseCases,
  auth: MiddlewareHandler<AppEnv>,
  idempotency: MiddlewareHandler<AppEnv>,
) {
  return new Hono<AppEnv>()
    .post(
      "/users",
      describeRoute({
        tags: ["users"],
        summary: "Admin: create a user who logs in by email, by phone, or by either",
        ...bearerAuthDoc,
        ...idempotent,
        responses: {
          201: jsonResponse("the user, active", UserResponse),
          ...errorResponses([...ADMIN_ONLY, ...JSON_BODY, ...IDEMPOTENT, "login_taken"], {
            403: "not an admin",
            409: "login_taken: another user logs in with this email or phone (`field` says which)",
          }),
        },
      }),
      auth,
      adminOnly("create users"),
      parseJsonBody,
      idempotency,
      validateJson(createUserBody, {
        email: {
          summary: "a customer who logs in by email",
          value: { email: "shopper@example.com", password: "correct horse", role: "customer" },
        },
        phone: {
          summary: "a customer who logs in by phone",
          value: { phone: "+6281234567890", password: "correct horse", role: "customer" },
        },
      }),
      async (c) => {
        const body = c.req.valid("json");
        const user = await service.createUser.execute({
          actor: c.get("actor"),
          email: body.email ?? null,
          phone: body.phone ?? null,
          password: body.password,
          role: body.role,
        });
        return c.json(userJson(user), 201);
      },
    )
    .get(
      "/users",
      describeRoute({
        tags: ["users"],
        summary: "Admin: every user by id, keyset-paged",
        ...bearerAuthDoc,
        responses: {
          200: jsonResponse("one page of users, by id", v.array(UserResponse), nextPageLinkHeader),
          ...errorResponses([...ADMIN_ONLY], { 403: "not an admin" }),
        },
      }),
      auth,
      adminOnly("list users"),
      validate("query", v.object(pageQuery)),
      async (c) => {
        const query = c.req.valid("query");
        const users = await service.listUsers.execute({
          actor: c.get("actor"),
          ...(query.limit === undefined ? {} : { limit: query.limit }),
          ...(query.after_id === undefined ? {} : { afterId: query.after_id }),
        });
        nextPageLink(c, users, query.limit);
        return c.json(users.map(userJson));
      },
    )
    .patch(
      "/users/:id",
      describeRoute({
        tags: ["users"],
        summary: "Admin: change a user's role or status; a disabled user's tokens stop working at once",
        ...bearerAuthDoc,
        ...idempotent,
        responses: {
          200: jsonResponse("the user as changed", UserResponse),
          ...errorResponses([...ADMIN_ONLY, ...JSON_BODY, ...IDEMPOTENT, "user_not_found", "last_admin"], {
            403: "not an admin",
            409: "last_admin: the change would leave no active admin",
          }),
        },
      }),
      auth,
      adminOnly("change users"),
      validate("param", idParam),
      parseJsonBody,
      idempotency,
      validateJson(updateUserBody, {
        disable: { summary: "disable a user", value: { status: "disabled" } },
        promote: { summary: "make a user an admin", value: { role: "admin" } },
      }),
      async (c) => {
        const body = c.req.valid("json");
        const user = await service.updateUser.execute({
          actor: c.get("actor"),
          userId: c.req.valid("param").id,
          ...(body.role === undefined ? {} : { role: body.role }),
          ...(body.status === undefined ? {} : { status: body.status }),
        });
        return c.json(userJson(user));
      },
    )
    .get(
      "/me",
      describeRoute({
        tags: ["users"],
        summary: "The signed-in user",
        ...bearerAuthDoc,
        responses: {
          200: jsonResponse("the user the token was issued to", UserResponse),
          ...errorResponses([...AUTHENTICATED]),
        },
      }),
      auth,
      async (c) => c.json(userJson(await service.getCurrentUser.execute({ actor: c.get("actor") }))),
    )
    .post(
      "/me/password",
      describeRoute({
        tags: ["users"],
        summary: "Change your password, giving the current one",
        ...bearerAuthDoc,
        ...idempotent,
        responses: {
          200: jsonResponse("changed: the user; tokens already issued stay valid until they expire", UserResponse),
          ...errorResponses(
            [...AUTHENTICATED, ...JSON_BODY, ...IDEMPOTENT, "wrong_password", "too_many_login_attempts"],
            {
              403: "wrong_password: current_password is not your password",
              429: "5 wrong current passwords within 15 minutes; see Retry-After",
            },
          ),
        },
      }),
      auth,
      parseJsonBody,
      idempotency,
      validateJson(changePasswordBody, {
        change: {
          summary: "change your password",
          value: { current_password: "customer123", new_password: "a longer passphrase" },
        },
      }),
      async (c) => {
        const body = c.req.valid("json");
        const user = await service.changePassword.execute({
          actor: c.get("actor"),
          currentPassword: body.current_password,
          newPassword: body.new_password,
        });
        return c.json(userJson(user));
      },
    );
}
