import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MIN_SECRET_BYTES } from "@orders/adapters";

const SECRET_FILE = "jwt-secret";

/**
 * The JWT secret kept in `dataDir`: generated at the first start (32 random bytes, file mode
 * 0600), read back afterwards, so tokens outlive a restart without anyone choosing a secret.
 */
export function loadOrCreateSecret(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, SECRET_FILE);
  try {
    // "wx": only the first process to get here writes it; a second one reads what it wrote.
    writeFileSync(path, randomBytes(MIN_SECRET_BYTES).toString("hex"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
  }
  chmodSync(path, 0o600);
  const secret = readFileSync(path, "utf8").trim();
  if (Buffer.byteLength(secret, "utf8") < MIN_SECRET_BYTES) {
    throw new Error(`${path} holds a secret shorter than ${MIN_SECRET_BYTES} bytes; delete it to generate a new one`);
  }
  return secret;
}
