// A fresh webhook signing secret: 32 random bytes, `whsec_<base64>` as Standard Webhooks writes it.
import { randomBytes } from "node:crypto";

export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString("base64")}`;
